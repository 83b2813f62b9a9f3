// What the runner and its run keeper (run_keeper_main.cc) say to each other
// over their socket pair, the keeper's end at fd kKeeperSocketFd:
//   keeper -> runner   one DirReply: the run directory it made, or why not;
//   runner -> keeper   PID 1's pidfd (SCM_RIGHTS, one byte), once PID 1 is
//                      cloned; kCleanEnd when the run ended and gave back
//                      what it borrowed; then end of file.
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
