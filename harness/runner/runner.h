// Runs one scenario against one init in a fresh PID namespace and records
// what the kernel and the probes report into a Trace.
//
// The stop protocol, on the clock that starts (t = 0) when every probe is
// ready: extra signals and the stop signal go to PID 1 at their times; PID 1
// gets grace_ms to exit; then the harness SIGKILLs it, and the kernel kills
// whatever is left. A run ends when PID 1 is reaped, which the kernel allows
// only once every other process of the namespace is gone.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/model/trace.h"

namespace initcheck {

// An init as the harness starts it: argv_prefix followed by the workload's
// command. The same for in-tree strategies, Debian's binaries and user inits.
struct InitCommand {
  std::string name;                      // as reports show it: "tini-g"
  std::vector<std::string> argv_prefix;  // absolute path first; empty: the workload is PID 1
  InitPromises promises;                 // judged against these (init_promises.h); the trace carries them
};

// Which observer judges exits. kAuto: the proc connector when it proves
// live, ptrace otherwise (and the report says so).
enum class ObserverChoice { kAuto, kProcConnector, kPtrace };

struct RunOptions {
  std::string probe_path;  // the probe binary, absolute
  ObserverChoice observer = ObserverChoice::kAuto;
  // How long the tree may take to report ready, on top of 20 ms a process.
  int ready_timeout_ms = 5000;
  // With no stop in the scenario, how long after the last scheduled event the
  // harness waits for PID 1 to end by itself before it gives up.
  int give_up_after_ms = 5000;
  // Variables the caller passes to PID 1 on purpose (--pass-env), on top of
  // the declared defaults and the scenario's env; nothing else of the
  // caller's environment reaches the init.
  std::vector<std::pair<std::string, std::string>> pass_env;
  // Readable (a self-pipe a signal handler writes to) to abandon the run:
  // Run() then cleans up everything and throws RunError. -1: never.
  int cancel_fd = -1;
};

// The run could not produce a trustworthy trace: the init could not be
// started, or it died before the workload was ready, or the harness failed.
// what() says which and why; CLI exit code 2.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The run was abandoned through RunOptions::cancel_fd; everything it started
// is gone.
class RunInterrupted : public RunError {
 public:
  RunInterrupted() : RunError("interrupted: the run was abandoned") {}
};

Trace Run(const InitCommand& init, const Scenario& scenario, const RunOptions& options);

// The longest a run of scenario takes when nothing is late: the tree's ready
// budget, its schedule to the deadline SIGKILL (or the give-up), and a
// second for the kernel's kill and the clean-up. A caller with a time limit
// (a gate inside bazel test's timeout) starts a run only with this much left.
int64_t LongestRunMs(const Scenario& scenario, const RunOptions& options);

}  // namespace initcheck
