// forward-group: what `tini -g` and dumb-init (default, setsid mode) do. The
// main process leads a process group of its own and every signal goes to that
// whole group, so the main process's own children get the stop signal too.
// It still exits as soon as the main process does, and processes that left
// the group (setpgid, setsid, double-forked daemons) get nothing.
//
// Signals:
//   SIGCHLD           reap every zombie; once the main process is among them,
//                     exit with its status (code, or 128+signal)
//   anything else     forwarded with kill(-pgid) to the main process's group
//                     (including SIGTSTP, SIGTTIN, SIGTTOU)
#include <csignal>
#include <optional>

#include "init_impls/strategies.h"
#include "init_impls/strategy_steps.h"

namespace initcheck::inits {
namespace {

class ForwardGroup final : public InitStrategy {
 public:
  int Run(Kernel& kernel, const std::vector<std::string>& command) override {
    std::optional<pid_t> main_pid =
        SpawnMain(kernel, command, SpawnOptions{.new_process_group = true});
    if (!main_pid) return kInitFailureExitCode;
    // The main process leads its group, so the group id is its pid; it stays
    // valid while any member lives, even after the main process has exited.
    const pid_t group = *main_pid;
    return ForwardUntilMainExits(kernel, *main_pid, -group);
  }
};

}  // namespace

std::unique_ptr<InitStrategy> MakeForwardGroup(const StrategyOptions&) {
  return std::make_unique<ForwardGroup>();
}

}  // namespace initcheck::inits
