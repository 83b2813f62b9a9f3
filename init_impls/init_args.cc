#include "init_impls/init_args.h"

#include <charconv>
#include <csignal>
#include <optional>

#include "init_impls/signal_names.h"

namespace initcheck::inits {
namespace {

// A paragraph wrapped at ~78 columns, each line indented by `indent`.
std::string Wrap(std::string_view text, std::string_view indent) {
  std::string out;
  std::string line(indent);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (line.size() + 1 + word.size() > 78 && line.size() > indent.size()) {
      out += line + "\n";
      line = indent;
    }
    if (line.size() > indent.size()) line += " ";
    line += word;
    start = end + 1;
  }
  return out + line + "\n";
}

std::string Help(std::string_view program, std::span<const StrategyInfo> strategies) {
  const bool one = strategies.size() == 1;
  const std::string p(program);
  std::string text = Wrap(std::string("A container init (PID 1): starts CMD and acts as its init") +
                              (one ? "" : " with the chosen strategy") +
                              ". Outside a PID namespace it becomes a child subreaper and only ever signals its "
                              "own descendants.",
                          "");
  text += "\nUsage: " + p + (one ? "" : " --strategy=NAME") + " [--grace-ms N] [--broadcast SIG]... [--] CMD [ARGS...]\n\n"
          "Options:\n";
  if (!one) text += "  --strategy NAME    how the init behaves; see Strategies below\n";
  text += std::string("  --grace-ms N       ") + (one ? "" : "drain only: ") +
          "once the main process has exited by itself,\n"
          "                     wait at most N ms for the others, then exit (default: no\n"
          "                     bound; the runtime's SIGKILL ends the wait)\n"
          "  --broadcast SIG    " + (one ? "" : "drain only, ") +
          "repeatable: also broadcast this signal to every\n"
          "                     process (SIGWINCH, WINCH or 28); SIGTERM, SIGINT and\n"
          "                     SIGQUIT always are\n"
          "  -h, --help         print this help and exit\n"
          "  --version          print the version and exit\n\n";
  text += one ? "What it does:\n" : "Strategies:\n";
  for (const StrategyInfo& info : strategies) {
    text += "  " + std::string(info.name) + "\n" + Wrap(info.help, "     ");
  }
  return text + "\n" +
         Wrap(std::string(one ? "It" : "Every strategy") +
                  " blocks all catchable signals and takes them one at a time, reaps every child it inherits, and "
                  "starts CMD with default dispositions and the signal mask it was itself started with. If CMD "
                  "cannot be executed the init exits 127 (not found) or 126 (not executable), like a shell.",
              "");
}

InitArgsExit Mistake(std::string_view program, const std::string& what) {
  return {kUsageExitCode, "", std::string(program) + ": " + what + "\nRun with --help for more information.\n"};
}

}  // namespace

std::variant<InitArgs, InitArgsExit> ParseInitArgs(std::span<const std::string> args, std::string_view program,
                                                   std::span<const StrategyInfo> strategies) {
  InitArgs parsed;
  if (strategies.size() == 1) parsed.strategy = &strategies.front();
  bool grace_given = false;
  bool broadcast_given = false;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') break;  // CMD starts here
    if (arg == "-h" || arg == "--help") return InitArgsExit{0, Help(program, strategies), ""};
    if (arg == "--version") return InitArgsExit{0, std::string(program) + " (initcheck) " + std::string(kInitVersion) + "\n", ""};

    // --name=value or --name value.
    const size_t eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    if (name != "--strategy" && name != "--grace-ms" && name != "--broadcast") {
      return Mistake(program, "unknown option " + name);
    }
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return Mistake(program, name + " needs a value");
    }

    if (name == "--strategy") {
      parsed.strategy = nullptr;
      for (const StrategyInfo& info : strategies) {
        if (info.name == value) parsed.strategy = &info;
      }
      if (parsed.strategy == nullptr) {
        std::string names;
        for (const StrategyInfo& info : strategies) names += (names.empty() ? "" : ", ") + std::string(info.name);
        return Mistake(program, "--strategy " + value + ": no such strategy (one of: " + names + ")");
      }
    } else if (name == "--grace-ms") {
      long ms = -1;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), ms);
      if (error != std::errc{} || end != value.data() + value.size() || ms < 0) {
        return Mistake(program, "--grace-ms " + value + ": not a whole number of milliseconds, 0 or more");
      }
      parsed.options.grace = std::chrono::milliseconds(ms);
      grace_given = true;
    } else {
      const std::optional<int> signo = ParseSignal(value);
      if (!signo) return Mistake(program, "--broadcast " + value + ": not a signal name or number");
      // SIGKILL and SIGSTOP cannot be received, so never broadcast; SIGCHLD is
      // how the init learns of exits and means nothing to anyone else.
      if (*signo == SIGKILL || *signo == SIGSTOP || *signo == SIGCHLD) {
        return Mistake(program, "--broadcast " + value + ": the init cannot receive or pass on " + SignalName(*signo));
      }
      parsed.options.extra_broadcast_signals.push_back(*signo);
      broadcast_given = true;
    }
  }
  parsed.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());

  if (parsed.strategy == nullptr) return Mistake(program, "--strategy is required");
  if (parsed.command.empty()) return Mistake(program, "no command given");
  if (!parsed.strategy->takes_drain_options && (grace_given || broadcast_given)) {
    return Mistake(program, "--grace-ms and --broadcast mean nothing to strategy " + std::string(parsed.strategy->name));
  }
  return parsed;
}

}  // namespace initcheck::inits
