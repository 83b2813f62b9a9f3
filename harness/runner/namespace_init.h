// PID 1 of a fresh PID and mount namespace, with its own /proc, started the
// way runc starts a container's first process: a session leader, stdin on
// /dev/null, no terminal, an empty signal mask and default dispositions.
// When the harness is not root, the namespaces are owned by a new user
// namespace too, in which the caller's uid and gid are 0 (setgroups denied):
// an unprivileged user may create PID and mount namespaces only inside one.
//
// Owning the namespace's PID 1 owns the namespace: when PID 1 dies the kernel
// SIGKILLs everything else in it, and the mount namespace goes with the last
// process. The destructor therefore SIGKILLs PID 1 and reaps it, so no run
// leaves a process or a mount behind, whatever path it leaves by.
#pragma once

#include <sys/types.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/os/unique_fd.h"

namespace initcheck {

// The init's binary could not be executed; what() names it and the reason.
class InitExecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class NamespacePid1 {
 public:
  // argv[0] must be an absolute path; env is the whole environment PID 1
  // gets ("NAME=value"; nothing of the caller's). stdout and stderr go to
  // log_path. PID 1 starts with signals' signal mask and ignored set, every
  // other signal at its default.
  // PID 1 is held, before it does anything in its namespaces, until
  // ReleaseToExec(): what must be in place before the init runs (the run
  // keeper's pidfd, a tracer) is set up meanwhile. Throws SystemError.
  NamespacePid1(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                const std::string& log_path, const InheritedSignalState& signals);
  NamespacePid1(const NamespacePid1&) = delete;
  NamespacePid1& operator=(const NamespacePid1&) = delete;
  ~NamespacePid1();

  pid_t pid() const { return pid_; }  // in the harness's PID namespace
  int pidfd() const { return pidfd_.get(); }

  // Lets PID 1 set itself up and exec, and waits until it has. Throws
  // InitExecError when execve fails, SystemError for any other failure.
  void ReleaseToExec();

  // Sends signo to PID 1 unless it has been reaped; returns whether it was sent.
  bool Signal(int signo);

  // The wait status once PID 1 has exited (and is reaped); never blocks.
  std::optional<int> TryReap();
  std::optional<int> status() const { return status_; }
  // For a tracer that reaped PID 1 itself (its wait consumes PID 1's exit).
  void AdoptStatus(int status) { status_ = status; }

 private:
  pid_t pid_ = -1;
  // Until pid1_start reports that it runs and waits (pid1_start_protocol.h).
  void AwaitHeld();
  void KillAndReap();

  std::string binary_;
  UniqueFd pidfd_;
  UniqueFd release_;  // write end: a byte lets PID 1 go on, closing it ends PID 1
  UniqueFd report_;   // read end: EOF once execve succeeded, {step, errno} if not
  std::optional<int> status_;
};

}  // namespace initcheck
