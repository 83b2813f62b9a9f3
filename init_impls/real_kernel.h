// Kernel as the real operating system provides it: the only file of the init
// that makes system calls on the strategies' behalf.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <memory>
#include <variant>

#include "init_impls/kernel.h"

namespace initcheck::inits {

class RealKernel final : public Kernel {
 public:
  // Prepares this process to be an init, before any child exists:
  //   - blocks every catchable signal, so each one waits, pending, until
  //     WaitForEvent takes it: none is lost and no handler races the loop
  //     (SIGKILL and SIGSTOP cannot be blocked; a PID 1 never gets them from
  //     inside its namespace);
  //   - when not PID 1, becomes a child subreaper (PR_SET_CHILD_SUBREAPER),
  //     so orphaned descendants are reparented to it, as they would be to a
  //     PID 1, and stay reachable by Broadcast and Reap.
  // Returns what failed if either step did.
  static std::variant<std::unique_ptr<RealKernel>, SyscallError> Start();

  std::variant<pid_t, SyscallError> Spawn(const std::vector<std::string>& argv,
                                          const SpawnOptions& options) override;
  Event WaitForEvent(std::optional<Clock::time_point> deadline) override;
  ReapResult Reap() override;
  MaybeError Kill(pid_t pid, int signo) override;
  MaybeError Broadcast(int signo) override;
  Clock::time_point Now() override;
  void Log(std::string_view message) override;

 private:
  RealKernel(const sigset_t& original_mask, pid_t self);

  // kill(-1) from PID 1 reaches every other process of its namespace.
  MaybeError BroadcastAsPid1(int signo);
  // Anywhere else kill(-1) would reach every process the user may signal on
  // the host, so only the descendants found in /proc are signalled.
  MaybeError BroadcastToDescendants(int signo);

  // Runs in the forked child: execs, or reports why not and exits 126/127.
  [[noreturn]] void ExecChild(char* const argv[], const SpawnOptions& options);

  const sigset_t original_mask_;  // given back to children before exec
  const pid_t self_;
};

}  // namespace initcheck::inits
