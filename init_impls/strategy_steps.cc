#include "init_impls/strategy_steps.h"

#include <cerrno>
#include <csignal>
#include <variant>

namespace initcheck::inits {

std::optional<pid_t> SpawnMain(Kernel& kernel, const std::vector<std::string>& command,
                               const SpawnOptions& options) {
  if (command.empty()) {
    kernel.Log("no command to run");
    return std::nullopt;
  }
  auto spawned = kernel.Spawn(command, options);
  if (const auto* error = std::get_if<SyscallError>(&spawned)) {
    kernel.Log("cannot start " + command.front() + ": " + error->ToString());
    return std::nullopt;
  }
  return std::get<pid_t>(spawned);
}

ChildrenLeft ReapZombies(Kernel& kernel, pid_t main_pid,
                         std::optional<ProcessStatus>& main_status) {
  // One SIGCHLD may stand for many exits (standard signals coalesce), so keep
  // collecting until the kernel has nothing more to give.
  for (;;) {
    ReapResult result = kernel.Reap();
    if (std::holds_alternative<NoChildren>(result)) return ChildrenLeft::kNone;
    if (std::holds_alternative<NoneReady>(result)) return ChildrenLeft::kSome;
    const Reaped& reaped = std::get<Reaped>(result);
    if (reaped.pid == main_pid) main_status = reaped.status;
  }
}

void SendSignal(Kernel& kernel, pid_t target, int signo) {
  MaybeError error = kernel.Kill(target, signo);
  if (error && error->error != ESRCH) kernel.Log(error->ToString());
}

void BroadcastSignal(Kernel& kernel, int signo) {
  if (MaybeError error = kernel.Broadcast(signo)) kernel.Log(error->ToString());
}

int ForwardUntilMainExits(Kernel& kernel, pid_t main_pid, pid_t target) {
  std::optional<ProcessStatus> main_status;
  for (;;) {
    const Event event = kernel.WaitForEvent(std::nullopt);
    if (event.kind != Event::Kind::kSignal) continue;
    if (event.signo == SIGCHLD) {
      ReapZombies(kernel, main_pid, main_status);
      if (main_status) return main_status->ToExitCode();
    } else {
      SendSignal(kernel, target, event.signo);
    }
  }
}

}  // namespace initcheck::inits
