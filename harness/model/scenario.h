// The scenario model: a process tree, its signal dispositions, and the stop
// protocol the container runtime applies. Plain data, no OS calls: the JSON
// codec, the RapidCheck generators and the fuzz decoder all produce it, and
// the runner consumes it. The user-facing format is in DESIGN.md.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/enum_ids.h"

namespace initcheck {

// How a probe places itself before it reports ready.
enum class SessionMode {
  kInherit,     // stays in its parent's process group and session
  kNewGroup,    // setpgid(0, 0)
  kNewSession,  // setsid()
};

// What a probe does when a signal arrives.
enum class SignalAction {
  kDefault,  // SIG_DFL: the kernel's default action
  kIgnore,   // SIG_IGN
  kExit,     // catch, clean up for after_ms, exit with code
  kRecord,   // catch, journal it, keep running
  kForward,  // catch, send the same signal to own children, wait for them,
             // then clean up for after_ms and exit with code
};

// The ids of the scenario format: "new-session", "forward", "racy".
std::span<const EnumId<SessionMode>> SessionModeIds();
std::span<const EnumId<SignalAction>> SignalActionIds();
std::string_view SessionModeId(SessionMode mode);
std::string_view SignalActionId(SignalAction action);

// How the exec of main fails, for a scenario about what an init does when
// its command cannot run (docker's 127 and 126 follow the shell's).
enum class ExecError {
  kNone,
  kNotFound,       // ENOENT: no such file
  kNotExecutable,  // EACCES: a file without execute permission
  kNoCommand,      // PID 1 is given no command at all (an ENTRYPOINT with no CMD)
};

std::span<const EnumId<ExecError>> ExecErrorIds();  // "ENOENT", "EACCES", "no-command"
std::string_view ExecErrorId(ExecError error);

struct Disposition {
  SignalAction action = SignalAction::kDefault;
  int after_ms = 0;
  int code = 0;
  // exit only: the handler runs once every child the process waits for has
  // exited, as a shell's trap waits for its foreground job.
  bool deferred = false;
  // exit and forward: the same signal arriving again before the process is
  // done ends it at once with 128 + the signal (a force quit: many servers
  // and tools treat a second Ctrl-C or SIGTERM so).
  bool force_quit = false;

  bool operator==(const Disposition&) const = default;
};

struct ProcessSpec {
  std::string name;
  SessionMode session = SessionMode::kInherit;
  bool daemonize = false;
  std::map<int, Disposition> on_signal;  // signal number -> disposition
  std::vector<int> block;                // signals blocked for life
  std::optional<int> exit_after_ms;      // spontaneous exit, after t = 0
  int exit_code = 0;
  // Set: the spontaneous exit is a death by this signal, which the process
  // deals itself (raise, SIGKILL included), instead of exit_code.
  std::optional<int> exit_signal;
  bool reap = true;
  // Exits with exit_code once every child it waits for (not daemonized) has
  // exited, as a script whose last line is `wait`.
  bool exit_with_children = false;
  std::vector<ProcessSpec> children;
  // main only: PID 1 is given a command that cannot be exec'd, so no probe
  // plays main and the node has nothing else.
  ExecError exec_error = ExecError::kNone;

  bool operator==(const ProcessSpec&) const = default;

  // The disposition for signo: the listed one, or kDefault.
  Disposition DispositionFor(int signo) const;
  bool Blocks(int signo) const;
};

// The runtime's stop: signal PID 1 at at_ms, wait grace_ms for it to exit,
// then SIGKILL PID 1.
struct StopProtocol {
  int signal = 15;  // SIGTERM
  int at_ms = 0;
  int grace_ms = 10000;

  bool operator==(const StopProtocol&) const = default;

  int DeadlineMs() const { return at_ms + grace_ms; }
};

// An extra signal the runtime sends to PID 1 (docker kill -s, a TTY resize...),
// or, with `to`, to one process of the tree from outside the namespace (the
// OOM killer's SIGKILL, an operator's kill).
struct ScheduledSignal {
  int at_ms = 0;
  int signal = 1;
  std::string to;  // a node's name; empty: PID 1

  bool operator==(const ScheduledSignal&) const = default;
};

enum class StartMode {
  kReady,  // t = 0 once every probe reported ready
  kRacy,   // t = 0 as soon as PID 1 runs: signals may hit a half-built tree
};

std::span<const EnumId<StartMode>> StartModeIds();
std::string_view StartModeId(StartMode mode);

// PID 1 is expected to end before any workload is ready: a usage error,
// --help, main's exec failing. The run then starts at once, waits for
// nothing, and exit-code holds PID 1's status to this.
struct EarlyExit {
  std::optional<int> code;  // nullopt: any nonzero code (a failure that must not look like success)

  bool operator==(const EarlyExit&) const = default;
};

// The signal state the runtime starts PID 1 with: a parent that ran with
// signals blocked or ignored (nohup, a shell's trap '' HUP, a runtime's
// own mask). An init is expected to hand main the same, no more, no less
// (clean-signal-state).
struct InheritedSignalState {
  std::vector<int> blocked;
  std::vector<int> ignored;

  bool operator==(const InheritedSignalState&) const = default;
  bool empty() const { return blocked.empty() && ignored.empty(); }
};

struct Scenario {
  std::string name;
  std::string description;
  // Absent when the scenario has no stop: PID 1 is expected to end by itself
  // (the main process exits on its own).
  std::optional<StopProtocol> stop;
  std::vector<ScheduledSignal> signals;
  StartMode start = StartMode::kReady;
  std::optional<EarlyExit> early_exit;
  InheritedSignalState pid1_inherits;  // empty: PID 1 starts clean, every signal unblocked and default
  // Variables PID 1 gets on top of the declared defaults (init_environment.h):
  // an init's behaviour may depend on them (TINI_KILL_PROCESS_GROUP,
  // DUMB_INIT_SETSID), so a scenario states them.
  std::map<std::string, std::string> env;
  ProcessSpec main;

  bool operator==(const Scenario&) const = default;
};

// Limits ValidateScenario (scenario_validation.h) enforces, so that no input
// can ask for an absurd run.
inline constexpr int kMaxProcesses = 128;
inline constexpr int kMaxDepth = 16;
inline constexpr int kMaxDurationMs = 600000;  // 10 minutes
inline constexpr int kMaxSignals = 256;
// Process names are labels in tables, journal datagrams and the probes' argv.
inline constexpr size_t kMaxNameChars = 64;
// A scenario's name also names the counterexample files of `initcheck check`.
inline constexpr size_t kMaxScenarioNameChars = 128;
// A scenario's env: enough for any init's knobs, small enough to print.
inline constexpr size_t kMaxEnvVariables = 64;
inline constexpr size_t kMaxEnvValueBytes = 4096;

// A node of the tree with its position: depth-first, parents before children.
struct NodeRef {
  const ProcessSpec* spec;
  const ProcessSpec* parent;  // nullptr for main
  int depth;
};

// Every node, depth-first pre-order (main first).
std::vector<NodeRef> Flatten(const Scenario& scenario);

// The node called name, or nullptr.
const ProcessSpec* FindNode(const Scenario& scenario, const std::string& name);

}  // namespace initcheck
