// One process events connector (proc_connector.h) for every run of the
// initcheck process, and each run's view of it: the events of its own tasks.
//
// A connector socket is sent every fork, exec and exit of the machine. With
// a socket a run, each event of one run woke every other run's thread (at 32
// runs at once, a run's thread woke some 400 times a second for others'
// events, against 100 for its own clock) and was copied once per socket by
// the forking process's kernel path. So the process has one socket, proven
// live once, and a thread of its own reads it and hands each event to the
// run it belongs to, waking that run alone.
//
// An event belongs to a run as RunTasks (run_tasks.h) says a task does: PID
// 1 from when the run follows it, what a process of the run forks, the
// threads of a process of the run, until their exits. The kernel queues
// events in the order they happen, so a fork is routed before anything its
// child does, and a pid's exit before its reuse.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "harness/runner/exit_observer.h"

namespace initcheck {

class RunConnector final : public ExitObserver {
 public:
  // The process's connector, opened and proven live (within timeout) by the
  // first run that asks; why not, when it cannot be (a later run asks again).
  static std::variant<std::unique_ptr<RunConnector>, std::string> Open(std::chrono::milliseconds timeout);
  RunConnector(const RunConnector&) = delete;
  RunConnector& operator=(const RunConnector&) = delete;
  ~RunConnector() override;

  // The run's PID 1: its events, and its descendants', are this run's from
  // now on. Before it can fork.
  void Follow(pid_t pid1);

  std::string Name() const override { return "proc-connector"; }
  int PollFd() const override;
  std::optional<int64_t> PollIntervalNs() const override { return std::nullopt; }
  std::vector<ProcEvent> Collect() override;
  std::optional<std::string> Lost() const override;

  struct Inbox;

 private:
  explicit RunConnector(Inbox* inbox) : inbox_(inbox) {}
  Inbox* inbox_;  // the shared connector's, until this view is destroyed
  bool lost_ = false;
};

}  // namespace initcheck
