// What initcheck and its run keeper (run_keeper_main.cc) say to each other.
//
// Over the control socket, the keeper's end at fd kKeeperSocketFd, one
// message a run: the run directory's mkdtemp template (NUL-terminated),
// with the keeper's end of that run's own socket pair (SCM_RIGHTS). Its end
// of file means initcheck is gone: the keeper exits once every run it holds
// is cleaned up.
//
// Over a run's socket pair (SOCK_SEQPACKET):
//   keeper -> runner   one DirReply: the run directory it made, or why not;
//   runner -> keeper   PID 1's pidfd (SCM_RIGHTS, one byte), once PID 1 is
//                      cloned; kCleanEnd when the run ended and gave back
//                      what it borrowed; then end of file (shutdown);
//   keeper -> runner   end of file once PID 1 is gone and the directory
//                      removed.
// End of file without kCleanEnd means initcheck died.
#pragma once

#include <limits.h>

namespace initcheck {

inline constexpr int kKeeperSocketFd = 3;

struct DirReply {
  int err;
  char path[PATH_MAX];
};

inline constexpr char kCleanEnd = 'E';

}  // namespace initcheck
