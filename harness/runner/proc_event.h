// One fork, exec or exit in the run's namespace as an observer reports it
// (exit_observer.h). Plain data, apart from the observers, so that the
// process table can be fed with scripted events in tests.
#pragma once

#include <sys/types.h>

#include "harness/runner/monotonic_ns.h"

namespace initcheck {

struct ProcEvent {
  enum class Kind { kFork, kExec, kExit };
  Kind kind;
  MonotonicNs at;    // kernel stamp (connector) or when the tracer saw it (ptrace)
  pid_t pid;         // thread group id (the process), harness's PID namespace
  pid_t tid;         // the thread the event is about
  pid_t parent = 0;  // kFork: the parent's thread group id
  int wait_status = 0;  // kExit: as waitpid(2) would report it
};

}  // namespace initcheck
