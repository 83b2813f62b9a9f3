// The fallback observer: the harness traces PID 1 and, through ptrace's
// auto-attach, every process it and its descendants start. A tracer is told
// of every tracee's death with the kernel's wait status, SIGKILL included,
// so verdicts still come from the kernel.
//
// Used where the proc connector is not live (inside another PID namespace
// such as Bazel's sandbox, without CAP_NET_ADMIN). The price: every signal
// delivered in the tree stops its receiver until the tracer passes it on,
// and exits are stamped when the tracer sees them, so times carry up to one
// polling interval (1 ms) of extra latency. Signals are passed on unchanged
// and stops are kept stopped (PTRACE_LISTEN), so behaviour is the same.
#pragma once

#include <sys/types.h>

#include <optional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "harness/model/time_format.h"
#include "harness/runner/exit_observer.h"

namespace initcheck {

class PtraceObserver : public ExitObserver {
 public:
  // pid1 must be the harness's child, held before its exec (NamespacePid1
  // holds it until ReleaseToExec). Throws SystemError.
  explicit PtraceObserver(pid_t pid1);
  PtraceObserver(const PtraceObserver&) = delete;
  PtraceObserver& operator=(const PtraceObserver&) = delete;
  // Kills PID 1 if it still runs and waits for every tracee: until the
  // tracer has seen them die, the kernel cannot finish tearing the
  // namespace down.
  ~PtraceObserver() override;

  std::string Name() const override { return "ptrace"; }
  int PollFd() const override { return -1; }
  std::optional<int64_t> PollIntervalNs() const override { return kNsPerMs; }
  std::vector<ProcEvent> Collect() override;
  std::optional<std::string> Lost() const override { return lost_; }

  // PID 1 is the harness's child: the tracer's wait reaps it, but only once
  // told it may (its pidfd said it exited and the runner has read its final
  // schedstat, harness/runner/pid1_sampler.h); until then Collect() takes
  // PID 1's stops and leaves its zombie. Its status, once reaped.
  void MayReapPid1() { pid1_reapable_ = true; }
  std::optional<int> Pid1Status() const { return pid1_status_; }

 private:
  void Poll(pid_t pid, std::vector<ProcEvent>& out);
  pid_t ThreadGroupOr(pid_t tid) const;

  pid_t pid1_;
  std::set<pid_t> tracees_;  // threads too: each is waited for by its tid
  std::map<pid_t, pid_t> groups_;  // tid -> thread group id, for clones
  bool pid1_reapable_ = false;
  std::optional<int> pid1_status_;
  std::optional<std::string> lost_;
};

}  // namespace initcheck
