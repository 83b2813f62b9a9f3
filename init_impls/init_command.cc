#include "init_impls/init_command.h"

#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "init_impls/real_kernel.h"
#include "init_impls/signal_names.h"

// Built with AddressSanitizer (bazel --config=fuzz), an init that returns
// from main would run LeakSanitizer, which clones a tracer process: inside
// the namespace under test, a child of PID 1 that the scenario never asked
// for (the differential fuzzer found it). An init's leaks at its own exit
// are no finding; the tracer is a wrong trace.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }
#endif
#endif

namespace initcheck::inits {
namespace {

constexpr int kUsageExitCode = 2;

// CLI11 would print "Usage: init [OPTIONS]", hiding the command that every
// invocation ends with.
class UsageFormatter : public CLI::Formatter {
 public:
  explicit UsageFormatter(std::string program) : program_(std::move(program)) {}
  std::string make_usage(const CLI::App*, std::string) const override {
    return "\nUsage: " + program_ + " --strategy=NAME [--grace-ms N] [--broadcast SIG]... [--] CMD [ARGS...]\n";
  }

 private:
  std::string program_;
};

std::string StrategiesHelp(std::span<const StrategyInfo> strategies) {
  std::string text = "Strategies:\n";
  for (const StrategyInfo& info : strategies) {
    text += "  " + std::string(info.name) + "\n";
    // Wrap the paragraph at ~76 columns, indented under its name.
    std::string line = "     ";
    size_t start = 0;
    const std::string_view help = info.help;
    while (start < help.size()) {
      size_t end = help.find(' ', start);
      if (end == std::string_view::npos) end = help.size();
      const std::string_view word = help.substr(start, end - start);
      if (line.size() + 1 + word.size() > 78 && line.size() > 5) {
        text += line + "\n";
        line = "     ";
      }
      line += " ";
      line += word;
      start = end + 1;
    }
    text += line + "\n";
  }
  text +=
      "\nEvery strategy blocks all catchable signals and takes them one at a time,\n"
      "reaps every child it inherits, and starts CMD with default dispositions and\n"
      "the signal mask it was itself started with. If CMD cannot be executed the\n"
      "init exits 127 (not found) or 126 (not executable), like a shell.";
  return text;
}

}  // namespace

int InitMain(int argc, char** argv, const std::string& program, std::span<const StrategyInfo> strategies) {
  CLI::App app{
      "A container init (PID 1): starts CMD and acts as its init with the chosen\n"
      "strategy. Outside a PID namespace it becomes a child subreaper and only ever\n"
      "signals its own descendants.",
      program};
  app.formatter(std::make_shared<UsageFormatter>(program));
  app.footer(StrategiesHelp(strategies));

  std::string strategy_name;
  std::vector<std::string> strategy_names;
  for (const StrategyInfo& info : strategies) strategy_names.emplace_back(info.name);
  app.add_option("--strategy", strategy_name, "how the init behaves; see Strategies below")
      ->required()
      ->check(CLI::IsMember(strategy_names));

  long grace_ms = -1;
  CLI::Option* grace_option =
      app.add_option("--grace-ms", grace_ms,
                     "drain only: once the main process has exited by itself,\n"
                     "wait at most N ms for the others, then exit (default: no\n"
                     "bound; the runtime's SIGKILL ends the wait)")
          ->check(CLI::NonNegativeNumber);

  std::vector<std::string> broadcast_names;
  CLI::Option* broadcast_option =
      app.add_option("--broadcast", broadcast_names,
                     "drain only, repeatable: also broadcast this signal to every\n"
                     "process (SIGWINCH, WINCH or 28); SIGTERM, SIGINT and\n"
                     "SIGQUIT always are")
          ->take_all()
          ->allow_extra_args(false);

  // Everything from the first positional argument (or after "--") is CMD and
  // its arguments, untouched: `init --strategy=drain sh -c 'exit 1'` works.
  app.prefix_command();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : kUsageExitCode;
  }

  std::vector<std::string> command = app.remaining();
  if (!command.empty() && command.front() == "--") command.erase(command.begin());
  if (command.empty()) {
    std::fprintf(stderr, "%s: no command given\nRun with --help for more information.\n", program.c_str());
    return kUsageExitCode;
  }

  const StrategyInfo* strategy = nullptr;
  for (const StrategyInfo& info : strategies) {
    if (info.name == strategy_name) strategy = &info;
  }
  if (!strategy->takes_drain_options && (grace_option->count() > 0 || broadcast_option->count() > 0)) {
    std::fprintf(stderr, "%s: --grace-ms and --broadcast mean nothing to strategy %s\n", program.c_str(),
                 strategy_name.c_str());
    return kUsageExitCode;
  }

  StrategyOptions options;
  if (grace_option->count() > 0) options.grace = std::chrono::milliseconds(grace_ms);
  for (const std::string& name : broadcast_names) {
    std::optional<int> signo = ParseSignal(name);
    if (!signo) {
      std::fprintf(stderr, "%s: --broadcast %s: not a signal name or number\n", program.c_str(), name.c_str());
      return kUsageExitCode;
    }
    // SIGKILL and SIGSTOP cannot be received, so never broadcast; SIGCHLD is
    // how the init learns of exits and means nothing to anyone else.
    if (*signo == SIGKILL || *signo == SIGSTOP || *signo == SIGCHLD) {
      std::fprintf(stderr, "%s: --broadcast %s: the init cannot receive or pass on %s\n", program.c_str(),
                   name.c_str(), SignalName(*signo).c_str());
      return kUsageExitCode;
    }
    options.extra_broadcast_signals.push_back(*signo);
  }

  auto started = RealKernel::Start();
  if (auto* error = std::get_if<SyscallError>(&started)) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), error->ToString().c_str());
    return kInitFailureExitCode;
  }
  RealKernel& kernel = *std::get<std::unique_ptr<RealKernel>>(started);
  return strategy->make(options)->Run(kernel, command);
}

}  // namespace initcheck::inits
