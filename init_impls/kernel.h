// Everything an init strategy asks of the operating system, as one small
// interface. Strategies make every decision against it and never call the
// kernel themselves, so the same strategy code runs:
//   - for real, on RealKernel (real_kernel.h), as the `init` binary;
//   - under a mock (mock_kernel.h) in unit tests, one scripted event at a time;
//   - under a simulated kernel, for coverage-guided fuzzing of the decisions.
//
// The interface is deliberately synchronous and single-threaded: the init
// blocks every catchable signal and waits for the next one (sigtimedwait in
// RealKernel), so a simulation can deliver events in any order it chooses and
// replay them exactly.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "init_impls/process_status.h"
#include "init_impls/syscall_error.h"

namespace initcheck::inits {

// What woke the init up. A child's exit arrives as the signal SIGCHLD: the
// strategy then reaps with Kernel::Reap until nothing is left to reap, because
// several exits may have been coalesced into one pending SIGCHLD.
struct Event {
  enum class Kind {
    kSignal,   // `signo` was pending and has now been consumed
    kTimeout,  // the deadline given to WaitForEvent passed first
  };

  static Event Signal(int signo) { return {Kind::kSignal, signo}; }
  static Event Timeout() { return {Kind::kTimeout, 0}; }

  Kind kind = Kind::kTimeout;
  int signo = 0;

  bool operator==(const Event&) const = default;
};

// One step of reaping, as waitpid(-1, &status, WNOHANG) answers it.
struct Reaped {  // a child exited and is gone now
  pid_t pid;
  ProcessStatus status;
  bool operator==(const Reaped&) const = default;
};
struct NoneReady {  // children exist, none has exited yet (waitpid returned 0)
  bool operator==(const NoneReady&) const = default;
};
struct NoChildren {  // no child is left at all (ECHILD)
  bool operator==(const NoChildren&) const = default;
};
using ReapResult = std::variant<Reaped, NoneReady, NoChildren>;

struct SpawnOptions {
  // Put the child in a process group of its own (pgid = its pid), so that the
  // init can signal the whole group with kill(-pid, sig).
  bool new_process_group = false;

  bool operator==(const SpawnOptions&) const = default;
};

class Kernel {
 public:
  using Clock = std::chrono::steady_clock;

  virtual ~Kernel() = default;

  // Starts argv[0] (searched in PATH) with argv, in a child that inherits the
  // init's stdio and environment but not its blocked mask or dispositions.
  // If exec fails the child reports it on stderr and exits 127 (ENOENT) or
  // 126 (any other error), so the failure reaches the strategy as that child's
  // exit status. Returns the child's pid, or what failed (fork).
  virtual std::variant<pid_t, SyscallError> Spawn(
      const std::vector<std::string>& argv, const SpawnOptions& options) = 0;

  // Blocks until a signal is pending for the init, or until `deadline` (no
  // deadline: wait forever), and returns which came first.
  virtual Event WaitForEvent(std::optional<Clock::time_point> deadline) = 0;

  // Collects one exited child, if any, without blocking.
  virtual ReapResult Reap() = 0;

  // kill(pid, signo): pid > 0 is one process, pid < -1 the process group -pid.
  virtual MaybeError Kill(pid_t pid, int signo) = 0;

  // Sends `signo` to every process the init is responsible for, except itself:
  // the whole PID namespace when the init is PID 1, its own descendants when
  // it is not. Processes that exit meanwhile (ESRCH) are not failures.
  virtual MaybeError Broadcast(int signo) = 0;

  // The monotonic clock WaitForEvent's deadline is measured on.
  virtual Clock::time_point Now() = 0;

  // Tells the operator something went wrong, on the init's stderr. `message`
  // has no prefix and no trailing newline.
  virtual void Log(std::string_view message) = 0;
};

}  // namespace initcheck::inits
