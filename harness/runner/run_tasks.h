// Which kernel tasks were one run's, and when: PID 1, every process forked
// from a process of the run, and every thread of one, each from its fork
// until its exit, as the observer's events (proc_event.h) say.
//
// The signal tracer records every signal generated on the machine
// (signal_tracer.h); a signal is the run's when the task in whose context it
// was generated was one of the run's at that instant. Pids are reused, by
// later processes of the same run or by any other process of the machine
// once one of the run's is reaped, so a pid alone does not say it: the
// instant must fall inside that task's life. Threads count since a thread
// of an init (a supervisor's) sends signals in the tracepoint's record
// under its own id, not its process's.
//
// The connector stamps a fork before the child can run and an exit after
// the exiting task has generated everything it will (its SIGCHLD, and as
// PID 1 the kernel's SIGKILLs of the namespace), on CLOCK_MONOTONIC like the
// tracepoint; the tracepoint prints whole microseconds, so a task's life
// starts at its fork's microsecond. The ptrace observer stamps a fork
// before it lets the child run and an exit after it happened: no earlier
// than the truth at the start, no later at the end, which loses nothing.
//
// Plain data: fed with events, no system call.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "harness/runner/monotonic_ns.h"
#include "harness/runner/proc_event.h"

namespace initcheck {

class RunTasks {
 public:
  // PID 1, started no earlier than `at`. Call once, before any event.
  void AddInit(pid_t pid, MonotonicNs at);

  void OnProcEvent(const ProcEvent& event);

  // Whether `tid` was one of the run's tasks at `at`.
  bool Owned(pid_t tid, MonotonicNs at) const;

 private:
  struct Life {
    MonotonicNs from;
    std::optional<MonotonicNs> until;  // nullopt: no exit seen yet
  };
  void Begin(pid_t tid, MonotonicNs at);

  std::set<pid_t> live_processes_;          // thread group ids of the run's live processes
  std::map<pid_t, std::vector<Life>> lives_;  // by task id, oldest first
};

}  // namespace initcheck
