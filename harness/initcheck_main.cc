// initcheck: runs process trees against container inits in real PID
// namespaces and checks, from what the kernel reports, that every process
// gets its chance to shut down gracefully.
//
// Exit status: 0 every checked property holds; 1 a property is violated;
// 2 bad input (scenario, options, missing init) or a harness error (the run
// could not be trusted: its verdicts would be "unknown").

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "harness/init_catalogue.h"
#include "harness/run_report.h"
#include "harness/runner.h"
#include "harness/scenario_json.h"
#include "harness/tool_paths.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

constexpr int kExitHolds = 0;
constexpr int kExitViolated = 1;
constexpr int kExitBadInput = 2;

// A failure the user has to act on; the message names what and why.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// SIGINT, SIGTERM and SIGHUP write to this pipe; the runner watches its read
// end, abandons its run and cleans up, so an interrupted initcheck leaves no
// process, mount or directory behind.
int g_interrupt_pipe[2] = {-1, -1};

void OnInterrupt(int) {
  int saved = errno;
  char byte = 1;
  [[maybe_unused]] ssize_t n = write(g_interrupt_pipe[1], &byte, 1);
  errno = saved;
}

void InstallInterruptHandlers() {
  if (pipe2(g_interrupt_pipe, O_CLOEXEC | O_NONBLOCK) < 0) return;
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  for (int signo : {SIGINT, SIGTERM, SIGHUP}) sigaction(signo, &sa, nullptr);
}

struct RunFlags {
  std::string init_name;
  std::string init_cmd;
  std::string scenario_path;
  std::vector<std::string> properties;
  bool json = false;
  ObserverChoice observer = ObserverChoice::kAuto;
  int ready_timeout_ms = 5000;
  int give_up_after_ms = 5000;
};

InitSearch DefaultSearch() {
  const char* path = getenv("PATH");
  return InitSearch{path ? path : "/usr/local/bin:/usr/bin:/bin",
                    FindTool("init_impls/init", "INITCHECK_INIT")};
}

InitCommand ResolveOrThrow(const RunFlags& flags) {
  if (flags.init_name.empty() == flags.init_cmd.empty()) {
    throw UsageError("give exactly one of --init NAME or --init-cmd 'PATH ARGS...'");
  }
  ResolvedInit resolved;
  try {
    resolved = flags.init_cmd.empty() ? ResolveInit(flags.init_name, DefaultSearch())
                                      : ResolveInitCommand(flags.init_cmd, DefaultSearch());
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (!resolved.command) throw UsageError("init skipped: " + resolved.skip_reason);
  return *resolved.command;
}

RunOptions MakeRunOptions(const RunFlags& flags) {
  RunOptions options;
  options.probe_path = FindTool("harness/probe", "INITCHECK_PROBE");
  if (options.probe_path.empty()) {
    throw UsageError("the probe binary (//harness:probe) was not found beside initcheck; build it, or "
                     "set INITCHECK_PROBE");
  }
  options.observer = flags.observer;
  options.cancel_fd = g_interrupt_pipe[0];
  options.ready_timeout_ms = flags.ready_timeout_ms;
  options.give_up_after_ms = flags.give_up_after_ms;
  return options;
}

int CommandRun(const RunFlags& flags) {
  Scenario scenario;
  try {
    scenario = LoadScenarioFile(flags.scenario_path);
  } catch (const ScenarioError& e) {
    throw UsageError(fmt::format("{}: {}", flags.scenario_path, e.what()));
  }
  for (const auto& id : flags.properties) {
    if (!FindProperty(id)) throw UsageError("unknown property '" + id + "' (see initcheck run --help)");
  }
  InitCommand init = ResolveOrThrow(flags);
  Trace trace = Run(init, scenario, MakeRunOptions(flags));
  std::vector<Verdict> verdicts = flags.properties.empty() ? CheckAll(trace) : CheckAll(trace, flags.properties);

  if (flags.json) {
    std::cout << RunReportJson(trace, verdicts).dump(2) << "\n";
  } else {
    std::cout << RenderRunTable(trace, verdicts);
  }
  bool unknown = false, violated = false;
  for (const auto& v : verdicts) {
    unknown |= v.value == VerdictValue::kUnknown;
    violated |= v.value == VerdictValue::kViolated;
  }
  if (unknown) {
    std::cerr << "initcheck: the run could not be trusted (harness fault); verdicts are unknown\n";
    return kExitBadInput;
  }
  return violated ? kExitViolated : kExitHolds;
}

int CommandInits() {
  InitSearch search = DefaultSearch();
  for (const auto& entry : InitCatalogue()) {
    ResolvedInit r = ResolveInit(entry.name, search);
    std::string where = r.command ? fmt::format("{}", fmt::join(r.command->argv_prefix, " "))
                                  : "skipped: " + r.skip_reason;
    std::cout << fmt::format("{:<18} {}\n{:<18} {}\n", entry.name, entry.description, "", where);
  }
  return kExitHolds;
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

}  // namespace
}  // namespace initcheck

int main(int argc, char** argv) {
  using namespace initcheck;
  CLI::App app{
      "initcheck: tests container inits (PID 1) in real PID namespaces. When a container stops, "
      "the runtime sends SIGTERM to PID 1, waits a grace period, then SIGKILLs it; when PID 1 "
      "exits, the kernel SIGKILLs every other process of the namespace. initcheck checks, from "
      "the kernel's own exit records, that no process dies by SIGKILL while the grace period "
      "is still open.\n\nExit status: 0 every property holds, 1 a property is violated, 2 bad "
      "input or a harness error.",
      "initcheck"};
  app.require_subcommand(1);

  RunFlags run;
  CLI::App* run_cmd = app.add_subcommand("run", "run one scenario against one init and check it");
  run_cmd->add_option("--init", run.init_name, InitHelp());
  run_cmd->add_option("--init-cmd", run.init_cmd,
                      "any other init, as 'PATH ARGS...'; the workload command is appended");
  run_cmd->add_option("scenario", run.scenario_path, "scenario JSON file (format: DESIGN.md)")->required();
  run_cmd->add_option("--property", run.properties, PropertyHelp());
  run_cmd->add_flag("--json", run.json, "print one JSON object instead of the table");
  run_cmd
      ->add_option("--observer", run.observer,
                   "who judges exits: proc-connector (the kernel's process events; needs root in the "
                   "initial PID namespace), ptrace (traces the whole tree; works anywhere, adds up to "
                   "1 ms latency to each signal), or auto: the connector when it proves live, ptrace "
                   "otherwise")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, ObserverChoice>{{"auto", ObserverChoice::kAuto},
                                                {"proc-connector", ObserverChoice::kProcConnector},
                                                {"ptrace", ObserverChoice::kPtrace}}))
      ->capture_default_str();
  run_cmd->add_option("--ready-timeout-ms", run.ready_timeout_ms,
                      "how long the tree may take to report ready, plus 20 ms a process")
      ->capture_default_str()
      ->check(CLI::Range(1, 600000));
  run_cmd->add_option("--give-up-ms", run.give_up_after_ms,
                      "with no stop in the scenario: how long after its last event to wait for PID 1 "
                      "to end by itself before the harness gives up")
      ->capture_default_str()
      ->check(CLI::Range(1, 600000));

  CLI::App* inits_cmd = app.add_subcommand("inits", "list the init catalogue and which inits are installed");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitHolds : kExitBadInput;
  }
  InstallInterruptHandlers();
  try {
    if (*run_cmd) return CommandRun(run);
    if (*inits_cmd) return CommandInits();
  } catch (const UsageError& e) {
    std::cerr << "initcheck: " << e.what() << "\n";
  } catch (const RunError& e) {
    std::cerr << "initcheck: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "initcheck: internal error: " << e.what() << "\n";
  }
  return kExitBadInput;
}
