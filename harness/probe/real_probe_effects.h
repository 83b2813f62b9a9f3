// ProbeEffects on real system calls, for the `probe` binary: a self-pipe
// signal handler, a pidfd per watched child, ppoll, fork/exec of the probe
// itself, the run directory's go FIFO and t0 file, and the journal socket.
// One per process: the signal handler writes to the pipe of the one instance.
#pragma once

#include <sys/types.h>

#include <csignal>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "harness/os/journal_socket.h"
#include "harness/os/run_dir.h"
#include "harness/os/unique_fd.h"
#include "harness/probe/probe_effects.h"

namespace initcheck {

class RealProbeEffects final : public ProbeEffects {
 public:
  // Plays a child's node in a freshly forked process until it exits.
  using NodePlayer = std::function<void(const ProcessSpec& node)>;

  // node_name: which node this probe plays, for error messages and kExiting.
  // play_child: what a forked child runs, once its signal state is what this
  // probe inherited and this probe's descriptors are closed.
  RealProbeEffects(RunDirLayout run_dir, std::string node_name, NodePlayer play_child);
  RealProbeEffects(const RealProbeEffects&) = delete;
  RealProbeEffects& operator=(const RealProbeEffects&) = delete;
  ~RealProbeEffects() override;

  int64_t NowNs() override;
  InheritedSignals CaptureInheritedSignals() override;
  void EnterSession(SessionMode mode) override;
  void SetSignalHandling(int signo, SignalHandling handling) override;
  void BlockSignals(const std::vector<int>& signals) override;
  ChildId SpawnChild(const ProcessSpec& child) override;
  void SpawnDaemon(const ProcessSpec& child) override;
  std::optional<int64_t> WatchStartClock() override;
  std::vector<ProbeEvent> WaitForEvents(std::optional<int64_t> deadline_ns) override;
  void SendSignal(ChildId child, int signo) override;
  void ReapChild(ChildId child) override;
  void LeaveZombie(ChildId child) override;
  void Journal(const JournalEntry& entry) override;
  [[noreturn]] void Exit(int code) override;
  [[noreturn]] void ExitBySignal(int signo) override;

 private:
  // Blocks every signal and journals kExiting: the last thing before the end.
  void JournalExiting(int code, int signo);
  struct WatchedChild {
    pid_t pid;
    UniqueFd pidfd;  // readable once the child has exited
  };

  // fork() with every signal blocked across it; the parent's mask is back
  // when it returns, the child's stays blocked until BecomeChild.
  pid_t ForkBlocked();
  [[noreturn]] void BecomeChild(const ProcessSpec& child);
  std::optional<int64_t> ReadStartTime();
  void StopWatching(ChildId child);

  RunDirLayout run_dir_;
  std::string node_name_;
  NodePlayer play_child_;
  JournalSender journal_;
  UniqueFd signal_read_, signal_write_;
  UniqueFd go_;  // open until t = 0 is known
  sigset_t start_mask_;
  std::set<int> start_ignored_;
  std::set<int> handled_;  // signals SetSignalHandling changed
  std::vector<WatchedChild> children_;  // in spawn order
};

}  // namespace initcheck
