// forward-child: what tini does by default. It fixes the two classic PID 1
// bugs (signals ignored because PID 1 has no handler; zombies never reaped)
// but exits as soon as its direct child does, so everything else in the
// namespace is SIGKILLed by the kernel when it exits.
//
// Signals:
//   SIGCHLD           reap every zombie; once the main process is among them,
//                     exit with its status (code, or 128+signal)
//   anything else     forwarded to the main process only (including SIGTSTP,
//                     SIGTTIN, SIGTTOU: the init itself never stops)
#include <csignal>
#include <optional>

#include "init_impls/strategies.h"
#include "init_impls/strategy_steps.h"

namespace initcheck::inits {
namespace {

class ForwardChild final : public InitStrategy {
 public:
  int Run(Kernel& kernel, const std::vector<std::string>& command) override {
    std::optional<pid_t> main_pid = SpawnMain(kernel, command, SpawnOptions{});
    if (!main_pid) return kInitFailureExitCode;

    return ForwardUntilMainExits(kernel, *main_pid, *main_pid);
  }
};

}  // namespace

std::unique_ptr<InitStrategy> MakeForwardChild(const StrategyOptions&) {
  return std::make_unique<ForwardChild>();
}

}  // namespace initcheck::inits
