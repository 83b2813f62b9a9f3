#include "harness/model/signal_defaults.h"

#include <csignal>

namespace initcheck {

DefaultAction DefaultActionOf(int signo) {
  switch (signo) {
    case SIGCHLD:
    case SIGCONT:
    case SIGURG:
    case SIGWINCH:
      return DefaultAction::kIgnore;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return DefaultAction::kStop;
    default:
      // Every other standard signal, and the real-time signals, terminate.
      return DefaultAction::kTerminate;
  }
}

bool IsUncatchable(int signo) { return signo == SIGKILL || signo == SIGSTOP; }

}  // namespace initcheck
