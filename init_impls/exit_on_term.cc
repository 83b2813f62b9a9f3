// exit-on-term: the naive init, kept to reproduce the problem initcheck is
// about. A shell script or an application running as PID 1 typically catches
// SIGTERM and exits; as PID 1 its exit makes the kernel SIGKILL every other
// process in the namespace, inside the runtime's grace period.
//
// Signals:
//   SIGTERM, SIGINT   exit at once with 128+signal (143, 130): the status a
//                     process killed by that signal would have, which is what
//                     `docker stop` users expect to see
//   SIGCHLD           reap; exit with the main process's status if it is gone
//   anything else     dropped: the naive init forwards nothing
#include <csignal>
#include <optional>

#include "init_impls/strategies.h"
#include "init_impls/strategy_steps.h"

namespace initcheck::inits {
namespace {

class ExitOnTerm final : public InitStrategy {
 public:
  int Run(Kernel& kernel, const std::vector<std::string>& command) override {
    std::optional<pid_t> main_pid = SpawnMain(kernel, command, SpawnOptions{});
    if (!main_pid) return kInitFailureExitCode;

    std::optional<ProcessStatus> main_status;
    for (;;) {
      const Event event = kernel.WaitForEvent(std::nullopt);
      if (event.kind != Event::Kind::kSignal) continue;
      switch (event.signo) {
        case SIGTERM:
        case SIGINT:
          return 128 + event.signo;
        case SIGCHLD:
          ReapZombies(kernel, *main_pid, main_status);
          if (main_status) return main_status->ToExitCode();
          break;
        default:
          break;
      }
    }
  }
};

}  // namespace

std::unique_ptr<InitStrategy> MakeExitOnTerm(const StrategyOptions&) {
  return std::make_unique<ExitOnTerm>();
}

}  // namespace initcheck::inits
