// drain: the init initcheck argues for. A container stop is a request to the
// whole tree, not to one process: every process gets the stop signal, and the
// init stays alive (so the kernel does not SIGKILL the namespace) until every
// process has exited by itself. Ending the wait is the runtime's job: its
// SIGKILL at the end of the grace period. drain never sends SIGKILL.
//
// Signals:
//   SIGTERM, SIGINT,   broadcast to every process (Kernel::Broadcast), then
//   SIGQUIT            SIGCONT to every process, so stopped ones can act on it
//   --broadcast SIGs   the same, without counting as a stop request
//   SIGCHLD            reap; exit with the main process's status once no
//                      process is left at all (ECHILD)
//   anything else      sent to the main process only; dropped once it is gone
//                      (including SIGTSTP, SIGTTIN, SIGTTOU: drain never stops)
//
// When the main process exits by itself before any stop request and others
// remain, that is the end of the workload: drain broadcasts SIGTERM (and
// SIGCONT) to the rest and waits for them; --grace-ms bounds that wait, after
// which drain exits with the main status and the kernel SIGKILLs the rest.
#include <algorithm>
#include <csignal>
#include <optional>
#include <vector>

#include "init_impls/strategies.h"
#include "init_impls/strategy_steps.h"

namespace initcheck::inits {
namespace {

bool IsStopSignal(int signo) {
  return signo == SIGTERM || signo == SIGINT || signo == SIGQUIT;
}

class Drain final : public InitStrategy {
 public:
  explicit Drain(const StrategyOptions& options)
      : grace_(options.grace), broadcast_signals_{SIGTERM, SIGINT, SIGQUIT} {
    for (int signo : options.extra_broadcast_signals) {
      if (!IsBroadcastSignal(signo)) broadcast_signals_.push_back(signo);
    }
  }

  int Run(Kernel& kernel, const std::vector<std::string>& command) override {
    std::optional<pid_t> spawned = SpawnMain(kernel, command, SpawnOptions{});
    if (!spawned) return kInitFailureExitCode;
    main_pid_ = *spawned;

    for (;;) {
      const Event event = kernel.WaitForEvent(deadline_);
      if (event.kind == Event::Kind::kTimeout) {
        kernel.Log("grace period of " + std::to_string(grace_->count()) +
                   " ms after the main process exited is over and processes "
                   "remain; exiting");
        return main_status_->ToExitCode();
      }
      if (event.signo == SIGCHLD) {
        if (std::optional<int> exit_code = OnChildExit(kernel)) return *exit_code;
      } else if (IsBroadcastSignal(event.signo)) {
        if (IsStopSignal(event.signo)) stop_requested_ = true;
        BroadcastAndContinue(kernel, event.signo);
      } else if (!main_status_) {
        SendSignal(kernel, main_pid_, event.signo);
      }
    }
  }

 private:
  bool IsBroadcastSignal(int signo) const {
    return std::find(broadcast_signals_.begin(), broadcast_signals_.end(), signo) !=
           broadcast_signals_.end();
  }

  // A stopped process cannot act on the signal just sent until it runs again;
  // SIGCONT lets it handle the signal (or die of it) now rather than never.
  void BroadcastAndContinue(Kernel& kernel, int signo) {
    BroadcastSignal(kernel, signo);
    if (signo != SIGCONT) BroadcastSignal(kernel, SIGCONT);
  }

  // Returns drain's exit status once nothing is left to wait for.
  std::optional<int> OnChildExit(Kernel& kernel) {
    const bool main_was_running = !main_status_.has_value();
    const ChildrenLeft left = ReapZombies(kernel, main_pid_, main_status_);
    if (left == ChildrenLeft::kNone) {
      if (main_status_) return main_status_->ToExitCode();
      // Only a kernel that lost the main process's exit gets here.
      kernel.Log("no process left, but the main process's exit was never reaped");
      return kInitFailureExitCode;
    }
    if (main_was_running && main_status_ && !stop_requested_) {
      // The workload ended by itself: ask the rest to finish too, and give
      // them as long as --grace-ms says (or as long as they need).
      BroadcastAndContinue(kernel, SIGTERM);
      if (grace_) deadline_ = kernel.Now() + *grace_;
    }
    return std::nullopt;
  }

  const std::optional<std::chrono::milliseconds> grace_;
  std::vector<int> broadcast_signals_;

  pid_t main_pid_ = 0;
  std::optional<ProcessStatus> main_status_;  // set once the main process is reaped
  bool stop_requested_ = false;               // SIGTERM, SIGINT or SIGQUIT received
  std::optional<Kernel::Clock::time_point> deadline_;  // end of --grace-ms
};

}  // namespace

std::unique_ptr<InitStrategy> MakeDrain(const StrategyOptions& options) {
  return std::make_unique<Drain>(options);
}

}  // namespace initcheck::inits
