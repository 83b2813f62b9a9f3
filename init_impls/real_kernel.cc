#include "init_impls/real_kernel.h"

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>

#include "init_impls/proc_tree.h"
#include "init_impls/signal_names.h"

namespace initcheck::inits {
namespace {

// A fork bomb can outrun any walk of /proc; after this many rounds that
// still found new descendants, the broadcast gives up on catching up.
constexpr int kMaxBroadcastRounds = 32;

std::string KillCall(pid_t pid, int signo) {
  return "kill(" + std::to_string(pid) + ", " + SignalName(signo) + ")";
}

ProcessStatus DecodeWaitStatus(int status) {
  if (WIFSIGNALED(status)) return ProcessStatus::KilledBy(WTERMSIG(status));
  return ProcessStatus::Exited(WEXITSTATUS(status));
}

timespec ToTimespec(Kernel::Clock::duration duration) {
  if (duration < Kernel::Clock::duration::zero()) duration = Kernel::Clock::duration::zero();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(duration);
  const auto nanoseconds =
      std::chrono::duration_cast<std::chrono::nanoseconds>(duration - seconds);
  return timespec{static_cast<time_t>(seconds.count()),
                  static_cast<long>(nanoseconds.count())};
}

}  // namespace

std::variant<std::unique_ptr<RealKernel>, SyscallError> RealKernel::Start() {
  sigset_t all;
  sigset_t original;
  sigfillset(&all);
  if (sigprocmask(SIG_BLOCK, &all, &original) != 0) {
    return SyscallError{"sigprocmask(SIG_BLOCK, all)", errno};
  }
  const pid_t self = getpid();
  if (self != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    return SyscallError{"prctl(PR_SET_CHILD_SUBREAPER, 1)", errno};
  }
  return std::unique_ptr<RealKernel>(new RealKernel(original, self));
}

RealKernel::RealKernel(const sigset_t& original_mask, pid_t self)
    : original_mask_(original_mask), self_(self) {}

std::variant<pid_t, SyscallError> RealKernel::Spawn(const std::vector<std::string>& argv,
                                                    const SpawnOptions& options) {
  // Built before fork so the child only execs or reports.
  std::vector<char*> c_argv;
  for (const std::string& arg : argv) c_argv.push_back(const_cast<char*>(arg.c_str()));
  c_argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid < 0) return SyscallError{"fork()", errno};
  if (pid == 0) ExecChild(c_argv.data(), options);

  if (options.new_process_group) {
    // Also from the parent, so that a signal forwarded to the group right
    // after Spawn returns finds it even if the child has not run yet. Once the
    // child has exec'd this fails with EACCES, and that is fine: it did it.
    setpgid(pid, pid);
  }
  return pid;
}

void RealKernel::ExecChild(char* const argv[], const SpawnOptions& options) {
  if (options.new_process_group) {
    if (setpgid(0, 0) != 0) {
      Log(SyscallError{"setpgid(0, 0)", errno}.ToString());
      _exit(126);
    }
    // A group that is not the terminal's foreground group is stopped by
    // SIGTTIN when it reads the terminal, so give it the terminal, as tini -g
    // does. SIGTTOU, which tcsetpgrp raises in a background group, is still
    // blocked here. Without a controlling terminal there is nothing to do.
    if (isatty(STDIN_FILENO) && tcsetpgrp(STDIN_FILENO, getpgrp()) != 0 &&
        errno != ENOTTY) {
      Log(SyscallError{"tcsetpgrp(0, " + std::to_string(getpgrp()) + ")", errno}.ToString());
    }
  }

  // The blocked mask survives exec: give the command the mask the init was
  // started with, as if no init stood between it and the runtime. The init
  // sets no disposition of its own, so what it was handed ignored (nohup)
  // passes on as it came.
  if (sigprocmask(SIG_SETMASK, &original_mask_, nullptr) != 0) {
    Log(SyscallError{"sigprocmask(SIG_SETMASK, original)", errno}.ToString());
    _exit(126);
  }

  execvp(argv[0], argv);
  // Shell convention, as tini: 127 command not found, 126 found but not run.
  const int error = errno;
  Log(SyscallError{std::string("exec ") + argv[0], error}.ToString());
  _exit(error == ENOENT ? 127 : 126);
}

Event RealKernel::WaitForEvent(std::optional<Clock::time_point> deadline) {
  sigset_t all;
  sigfillset(&all);
  for (;;) {
    siginfo_t info;
    int signo;
    if (deadline) {
      const timespec timeout = ToTimespec(*deadline - Now());
      signo = sigtimedwait(&all, &info, &timeout);
    } else {
      signo = sigwaitinfo(&all, &info);
    }
    if (signo > 0) return Event::Signal(signo);
    if (errno == EINTR) continue;  // stopped and continued by a debugger, say
    if (errno == EAGAIN) {
      if (Now() >= *deadline) return Event::Timeout();
      continue;
    }
    // Only a malformed timeout can get here: nothing sensible is left to do.
    Log(SyscallError{deadline ? "sigtimedwait(all)" : "sigwaitinfo(all)", errno}.ToString());
    std::abort();
  }
}

ReapResult RealKernel::Reap() {
  for (;;) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) return Reaped{pid, DecodeWaitStatus(status)};
    if (pid == 0) return NoneReady{};
    if (errno == EINTR) continue;
    if (errno != ECHILD) Log(SyscallError{"waitpid(-1, WNOHANG)", errno}.ToString());
    return NoChildren{};
  }
}

MaybeError RealKernel::Kill(pid_t pid, int signo) {
  if (kill(pid, signo) != 0) return SyscallError{KillCall(pid, signo), errno};
  return std::nullopt;
}

MaybeError RealKernel::Broadcast(int signo) {
  return self_ == 1 ? BroadcastAsPid1(signo) : BroadcastToDescendants(signo);
}

MaybeError RealKernel::BroadcastAsPid1(int signo) {
  // ESRCH: no process but the init itself is left.
  if (kill(-1, signo) != 0 && errno != ESRCH) return SyscallError{KillCall(-1, signo), errno};
  return std::nullopt;
}

MaybeError RealKernel::BroadcastToDescendants(int signo) {
  // A descendant may fork while /proc is being read, so walk again until a
  // walk finds no one new; each process is signalled once per broadcast.
  // Window left open: a pid that exits and is reused by an unrelated process
  // between the walk and kill(); pids are not reused that fast in practice.
  std::set<pid_t> signalled;
  MaybeError first_error;
  for (int round = 0; round < kMaxBroadcastRounds; ++round) {
    auto table = ReadProcessTable();
    if (auto* error = std::get_if<SyscallError>(&table)) return *error;
    bool found_new = false;
    for (pid_t pid : DescendantsOf(self_, std::get<std::vector<ProcessParent>>(table))) {
      if (!signalled.insert(pid).second) continue;
      found_new = true;
      if (kill(pid, signo) != 0 && errno != ESRCH && !first_error) {
        first_error = SyscallError{KillCall(pid, signo), errno};
      }
    }
    if (!found_new) return first_error;
  }
  Log("descendants kept appearing while broadcasting " + SignalName(signo) +
      "; some may have missed it");
  return first_error;
}

Kernel::Clock::time_point RealKernel::Now() { return Clock::now(); }

void RealKernel::Log(std::string_view message) {
  // One write, so lines from the init and its children do not interleave.
  std::string line = "init: ";
  line.append(message);
  line.push_back('\n');
  const char* data = line.data();
  size_t left = line.size();
  while (left > 0) {
    const ssize_t n = write(STDERR_FILENO, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr is gone: there is no one left to tell
    data += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace initcheck::inits
