#include "harness/runner/run_tasks.h"

namespace initcheck {

void RunTasks::AddInit(pid_t pid, MonotonicNs at) {
  live_processes_.insert(pid);
  Begin(pid, at);
}

void RunTasks::Begin(pid_t tid, MonotonicNs at) {
  // Down to the microsecond the tracepoint would print for this instant.
  lives_[tid].push_back({.from = {at.ns - at.ns % 1000}});
}

void RunTasks::OnProcEvent(const ProcEvent& e) {
  const bool process = e.pid == e.tid;
  switch (e.kind) {
    case ProcEvent::Kind::kFork:
      // A new process's parent is the run's; a new thread's process is.
      if (process ? live_processes_.count(e.parent) : live_processes_.count(e.pid)) {
        if (process) live_processes_.insert(e.pid);
        Begin(e.tid, e.at);
      }
      break;
    case ProcEvent::Kind::kExit: {
      auto it = lives_.find(e.tid);
      if (it == lives_.end() || it->second.back().until) return;
      it->second.back().until = e.at;
      if (process) live_processes_.erase(e.pid);
      break;
    }
    case ProcEvent::Kind::kExec:
      break;
  }
}

bool RunTasks::Owned(pid_t tid, MonotonicNs at) const {
  auto it = lives_.find(tid);
  if (it == lives_.end()) return false;
  for (const Life& life : it->second) {
    if (life.from <= at && (!life.until || at <= *life.until)) return true;
  }
  return false;
}

}  // namespace initcheck
