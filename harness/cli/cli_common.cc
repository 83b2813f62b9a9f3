#include "harness/cli/cli_common.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "harness/codec/scenario_json.h"
#include "harness/model/init_environment.h"
#include "harness/model/signal_names.h"
#include "harness/report/display_text.h"
#include "harness/runner/init_catalogue.h"
#include "harness/runner/tool_paths.h"
#include "properties/properties.h"
#include "properties/search/run_width.h"

namespace initcheck::cli {
namespace {

// The handler writes to it; runs poll its read end.
int g_interrupt_pipe[2] = {-1, -1};
// Until the first run is set up nothing exists that a run must clean up, so
// an interrupt ends initcheck at once (while a large or slow input loads,
// say); from then on it abandons the run, which cleans up.
volatile sig_atomic_t g_runs_may_start = 0;

void OnInterrupt(int signo) {
  if (!g_runs_may_start) {
    signal(signo, SIG_DFL);
    raise(signo);
    return;
  }
  int saved = errno;
  char byte = 1;
  [[maybe_unused]] ssize_t n = write(g_interrupt_pipe[1], &byte, 1);
  errno = saved;
}

std::string PropertyHelp() {
  std::string out = "property to check (repeatable; default: all):";
  for (const auto& p : AllProperties()) out += fmt::format("\n  {:<22} {}", p.id, p.description);
  return out;
}

std::string InitHelp() {
  std::string out = "init from the catalogue:";
  for (const auto& e : InitCatalogue()) out += fmt::format("\n  {:<18} {}", e.name, e.description);
  return out;
}

constexpr char kInitCmdHelp[] = "any other init, as 'PATH ARGS...'; the workload command is appended";

}  // namespace

void AddInitOption(CLI::App& command, InitChoice& choice) {
  command.add_option("--init", choice.name, InitHelp());
  command.add_option("--init-cmd", choice.cmd, kInitCmdHelp);
  command.add_option("--promise-exit", choice.promise_exit,
                     "MAIN:PID1: the init promises to exit with status PID1 when main's is MAIN, and exit-code "
                     "holds it to that (e.g. 143:0 for tini -e 143; repeatable)");
  command.add_option("--promise-signal", choice.promise_signal,
                     "SENT:ARRIVES: the init promises main gets signal ARRIVES (0: none) for SENT sent to PID 1, "
                     "and signal-forwarding holds it to that (e.g. 15:3 or SIGTERM:SIGQUIT for dumb-init -r 15:3; "
                     "repeatable)");
}

void AddInitOptions(CLI::App& command, InitChoices& choices) {
  command.add_option("--init", choices.names, InitHelp() + "\n(repeatable; default: all of them)");
  command.add_option("--init-cmd", choices.cmds, std::string(kInitCmdHelp) + " (repeatable)");
}

void AddPropertyOption(CLI::App& command, std::vector<std::string>& properties) {
  command.add_option("--property", properties, PropertyHelp());
}

void AddRunOptions(CLI::App& command, RunFlags& flags) {
  command
      .add_option("--observer", flags.observer,
                  "who judges exits: proc-connector (the kernel's process events; needs the initial PID "
                  "namespace, and root on most kernels), ptrace (traces the whole tree; works anywhere, "
                  "adds up to 1 ms latency to each signal), or auto: the connector when it proves live "
                  "before the run, ptrace otherwise")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, ObserverChoice>{{"auto", ObserverChoice::kAuto},
                                                {"proc-connector", ObserverChoice::kProcConnector},
                                                {"ptrace", ObserverChoice::kPtrace}}))
      ->option_text("auto|proc-connector|ptrace (default: auto)");
  command.add_option("--pass-env", flags.pass_env,
                     "pass this variable of initcheck's environment to PID 1 (repeatable). Nothing else of "
                     "it reaches the init: PID 1 gets HOME=/root, PATH (docker's default) and the scenario's "
                     "env; every report shows what it got");
  command
      .add_option("--ready-timeout-ms", flags.ready_timeout_ms,
                  "how long the tree may take to report ready, plus 20 ms a process")
      ->capture_default_str()
      ->check(CLI::Range(1, 600000));
  command
      .add_option("--give-up-ms", flags.give_up_after_ms,
                  "with no stop in the scenario: how long after its last event to wait for PID 1 to "
                  "end by itself before the harness gives up")
      ->capture_default_str()
      ->check(CLI::Range(1, 600000));
}

void AddJobsOption(CLI::App& command, int& jobs, const std::string& what) {
  command
      .add_option_function<std::string>(
          "--jobs",
          [&jobs](const std::string& value) { jobs = value == "auto" ? kAutoJobs : std::stoi(value); },
          fmt::format("{} run at once, each in its own namespace: N, or auto (the default): from the number of "
                      "cores up to {}, growing while the machine's CPUs are less than {:.0f}% busy, backing off "
                      "when they are busier or a run comes within {} ms of slipping its schedule",
                      what, kMaxAutoWidth, kGrowBelowBusy * 100, kCloseToSlipMs))
      ->type_name("auto|N")
      ->check(CLI::IsMember({"auto"}) | CLI::Range(1, 256));
}

std::string DescribeJobs(int jobs) {
  const RunWidth width = RunWidth::ForJobs(jobs);
  return jobs == kAutoJobs ? fmt::format("auto ({} to {} at once)", width.Floor(), width.Ceiling())
                           : std::to_string(jobs);
}

InitCommand ResolveInitOrThrow(const InitChoice& choice) {
  if (choice.name.empty() == choice.cmd.empty()) {
    throw UsageError("give exactly one of --init NAME or --init-cmd 'PATH ARGS...'");
  }
  ResolvedInit resolved;
  try {
    resolved = choice.cmd.empty() ? ResolveInit(choice.name, DefaultInitSearch())
                                  : ResolveInitCommand(choice.cmd, DefaultInitSearch());
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (!resolved.command) throw UsageError("init skipped: " + resolved.skip_reason);
  for (bool signals : {false, true}) {
    for (const std::string& text : signals ? choice.promise_signal : choice.promise_exit) {
      std::string why;
      auto pair = signals ? ParseSignalPromise(text, &why) : ParseExitPromise(text, &why);
      if (!pair) throw UsageError(fmt::format("{}: {}", signals ? "--promise-signal" : "--promise-exit", why));
      (signals ? resolved.command->promises.signal_rewrite : resolved.command->promises.exit_status)[pair->first] =
          pair->second;
    }
  }
  return *resolved.command;
}

RunOptions MakeRunOptions(const RunFlags& flags) {
  RunOptions options;
  options.probe_path = FindTool("harness/probe/probe", "INITCHECK_PROBE");
  if (options.probe_path.empty()) {
    throw UsageError("the probe binary (//harness/probe) was not found beside initcheck; build it, or "
                     "set INITCHECK_PROBE");
  }
  options.observer = flags.observer;
  for (const auto& name : flags.pass_env) {
    if (!IsEnvName(name)) throw UsageError("--pass-env " + name + ": not a variable name");
    const char* value = getenv(name.c_str());
    if (!value) throw UsageError("--pass-env " + name + ": " + name + " is not set in initcheck's environment");
    options.pass_env.emplace_back(name, value);
  }
  options.cancel_fd = g_interrupt_pipe[0];
  g_runs_may_start = 1;
  options.ready_timeout_ms = flags.ready_timeout_ms;
  options.give_up_after_ms = flags.give_up_after_ms;
  return options;
}

void CheckPropertyIds(const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    if (!FindProperty(id)) throw UsageError("unknown property '" + id + "' (see --help for the list)");
  }
}

std::string OneLine(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return EscapeTerminalLines(text, " | ");
}

std::string ReplayCommand(const InitChoice& choice, const std::string& scenario_path) {
  std::string init = choice.cmd.empty() ? "--init " + choice.name : "--init-cmd '" + choice.cmd + "'";
  return fmt::format("initcheck run {} {}", init, scenario_path);
}

void InstallInterruptHandlers() {
  if (pipe2(g_interrupt_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2 (the interrupt pipe)");
  }
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  for (int signo : {SIGINT, SIGTERM, SIGHUP}) {
    if (sigaction(signo, &sa, nullptr) < 0) {
      throw std::system_error(errno, std::generic_category(), "sigaction(" + SignalName(signo) + ")");
    }
  }
}

std::string SafeFileName(std::string_view text, size_t max_chars) {
  std::string out(text.substr(0, max_chars));
  for (char& c : out) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out.empty() ? "-" : out;
}

std::string ReadTextFile(const std::string& path, const std::string& hint) {
  std::ifstream in(path);
  if (!in) {
    throw UsageError(fmt::format("open({}): {}{}", path, std::strerror(errno), hint.empty() ? "" : "; " + hint));
  }
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) throw UsageError(fmt::format("read({}): {}", path, std::strerror(errno)));
  return text.str();
}

void WriteTextFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.close();
  if (!out) throw UsageError(fmt::format("write({}): {}", path, std::strerror(errno)));
}

void AddScenariosOption(CLI::App& command, std::vector<std::string>& paths) {
  command.add_option("--scenario", paths,
                     "scenario file, or directory of *.json scenarios (repeatable; default: the catalogue)");
}

std::vector<Scenario> LoadScenariosOrCatalogue(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  std::vector<std::string> given = paths;
  if (given.empty()) {
    std::string catalogue = FindTool("scenarios", "INITCHECK_SCENARIOS");
    if (catalogue.empty()) throw UsageError("no --scenario given and the scenario catalogue was not found");
    given.push_back(catalogue);
  }
  for (const auto& path : given) {
    if (std::filesystem::is_directory(path)) {
      std::vector<std::string> in_dir;
      for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.path().extension() == ".json") in_dir.push_back(entry.path().string());
      }
      std::sort(in_dir.begin(), in_dir.end());
      if (in_dir.empty()) throw UsageError(path + ": no *.json scenario in this directory");
      files.insert(files.end(), in_dir.begin(), in_dir.end());
    } else {
      files.push_back(path);
    }
  }
  std::vector<Scenario> scenarios;
  for (const auto& file : files) {
    try {
      scenarios.push_back(LoadScenarioFile(file));
    } catch (const ScenarioError& e) {
      throw UsageError(e.what());  // it names the file
    }
    for (size_t i = 0; i + 1 < scenarios.size(); ++i) {
      if (scenarios[i].name == scenarios.back().name) {
        throw UsageError(fmt::format("{}: a second scenario named '{}'", file, scenarios.back().name));
      }
    }
  }
  return scenarios;
}

}  // namespace initcheck::cli
