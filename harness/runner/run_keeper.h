// The run's watchdog: the one part of a run that outlives a SIGKILLed
// initcheck, for exactly as long as cleaning up after it takes.
//
// Nothing a process does survives its SIGKILL, and PID 1's parent-death
// signal is undone by any init that clears it (prctl(PR_SET_PDEATHSIG, 0)).
// So every run has a keeper: a process of its own (run_keeper_main.cc),
// started by initcheck's first run and keeping every run after it, which
// makes each run directory before anything else of the run exists and,
// once PID 1 is cloned, holds a pidfd of it. For each run the keeper waits
// for the runner's end of the run's socket to close; the kernel closes it
// however initcheck ends. Then the keeper SIGKILLs PID 1 through the pidfd
// (a pidfd names one process, never a reused pid), which takes the whole
// PID namespace with it and, with its last process, the mount namespace;
// waits until PID 1 is gone; removes the run directory; if initcheck died
// rather than ended, removes the tracefs instance it had (signal_tracer.h),
// which nothing else would; and closes its end, which the runner waits for.
//
// After a normal run PID 1 is already reaped when the runner closes its
// end, so the kill finds nothing and the keeper only removes the directory.
// The keeper exits once initcheck is gone (its control socket closed) and
// every run is cleaned up. It runs in a session of its own, so a signal for
// initcheck's process group does not reach it, and in the harness's
// namespaces, so it keeps none of the run's alive.
#pragma once

#include <sys/types.h>

#include <string>

#include "harness/os/unique_fd.h"

namespace initcheck {

class RunKeeper {
 public:
  // Hands the run to the keeper (starting it, for the process's first run),
  // which creates the run directory from TempDirTemplate(dir_prefix) (mode
  // 0700). Throws SystemError.
  explicit RunKeeper(const std::string& dir_prefix);
  RunKeeper(const RunKeeper&) = delete;
  RunKeeper& operator=(const RunKeeper&) = delete;
  // Lets the keeper clean up and waits until it has: PID 1 killed (if it was
  // not reaped already) and the run directory removed.
  ~RunKeeper();

  const std::string& dir() const { return dir_; }

  // The process's keeper, once a run started it; -1 before. It is never
  // initcheck's to reap, so its CPU is not in getrusage(RUSAGE_CHILDREN):
  // check_bench reads it from /proc.
  static pid_t KeeperPid();

  // Hands the keeper PID 1's pidfd. Call before PID 1 runs anything of the
  // init (NamespacePid1 holds it until released): from then on no init can
  // outlive initcheck. Throws SystemError.
  void Guard(int pid1_pidfd);

 private:
  void CloseAndWait();

  UniqueFd socket_;
  std::string dir_;
};

}  // namespace initcheck
