// What the kernel does with a signal whose disposition is SIG_DFL (signal(7)).
// The checkers need it to tell "killed by the stop signal: fine" from "the
// stop signal does nothing to this process".
#pragma once

namespace initcheck {

enum class DefaultAction {
  kTerminate,  // Term and Core: the process dies (SIGTERM, SIGINT, SIGQUIT, ...)
  kIgnore,     // Ign: SIGCHLD, SIGCONT (as a signal it only resumes), SIGURG, SIGWINCH
  kStop,       // Stop: SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU
};

DefaultAction DefaultActionOf(int signo);

// SIGKILL and SIGSTOP cannot be caught, ignored or blocked: their listed
// disposition and mask entry are meaningless.
bool IsUncatchable(int signo);

}  // namespace initcheck
