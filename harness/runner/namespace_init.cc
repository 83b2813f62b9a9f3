#include "harness/runner/namespace_init.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

#include "harness/os/system_error.h"
#include "harness/runner/pid1_start_protocol.h"
#include "harness/runner/tool_paths.h"

namespace initcheck {
namespace {

const std::string& Pid1StartPath() {
  static const std::string path = FindTool("harness/runner/pid1_start", "INITCHECK_PID1_START");
  return path;
}

// What the clone child needs, all made before the clone.
struct CloneChild {
  const char* path;
  char* const* argv;
  char* const* envp;
  int report_fd;
  int hold_fd;
};

// The clone child: shares the harness's memory while the harness waits for
// it (CLONE_VM | CLONE_VFORK), so only async-signal-safe calls, and its
// errno is the waiting thread's. Puts the pipes where pid1_start expects
// them and execs it.
int ExecPid1Start(void* arg) {
  const auto* c = static_cast<const CloneChild*>(arg);
  // Both ends moved above the numbers they go to first, so that one dup2
  // cannot close the other's source.
  int report = fcntl(c->report_fd, F_DUPFD_CLOEXEC, 10);
  int hold = fcntl(c->hold_fd, F_DUPFD_CLOEXEC, 10);
  if (report >= 0 && hold >= 0 && dup2(report, pid1_start::kReportFd) >= 0 &&
      dup2(hold, pid1_start::kHoldFd) >= 0) {
    execve(c->path, c->argv, c->envp);
  }
  int msg[2] = {pid1_start::kExecSelf, errno};
  [[maybe_unused]] ssize_t n = write(c->report_fd, msg, sizeof msg);
  _exit(127);
}

// "2,15": pid1_start's form of a signal list.
std::string SignalList(const std::vector<int>& signals) {
  std::string out;
  for (int s : signals) out += (out.empty() ? "" : ",") + std::to_string(s);
  return out;
}

// Makes the caller's uid and gid 0 inside pid's new user namespace: the only
// mapping an unprivileged process may write, and enough for PID 1 to mount
// its /proc and for every process of the run to own the files it creates
// as the caller. setgroups must be denied before an unprivileged gid_map.
void WriteIdMaps(pid_t pid) {
  const std::string proc = "/proc/" + std::to_string(pid) + "/";
  auto write_file = [&proc](const char* name, const std::string& text) {
    const std::string path = proc + name;
    UniqueFd fd(CheckSys(open(path.c_str(), O_WRONLY | O_CLOEXEC), "open(" + path + ")"));
    if (write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
      throw SystemError("write(" + path + ", \"" + text + "\")", errno);
    }
  };
  write_file("uid_map", "0 " + std::to_string(geteuid()) + " 1");
  write_file("setgroups", "deny");
  write_file("gid_map", "0 " + std::to_string(getegid()) + " 1");
}

}  // namespace

NamespacePid1::NamespacePid1(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                             const std::string& log_path, const InheritedSignalState& signals)
    : binary_(argv.at(0)) {
  auto c_strings = [](const std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
  };
  const std::string& start = Pid1StartPath();
  if (start.empty()) {
    throw SystemError("find harness/runner/pid1_start (built beside initcheck; or set INITCHECK_PID1_START)", ENOENT);
  }
  // Root has the capabilities these namespaces need; anyone else gets them
  // inside a user namespace of their own.
  const bool as_user = geteuid() != 0;
  std::vector<std::string> start_argv = {start, as_user ? pid1_start::kHoldThenReexec : pid1_start::kHold, log_path,
                                         SignalList(signals.blocked), SignalList(signals.ignored)};
  start_argv.insert(start_argv.end(), argv.begin(), argv.end());
  std::vector<char*> cargv = c_strings(start_argv);
  std::vector<char*> cenv = c_strings(env);

  int report[2], hold[2];
  CheckSys(pipe2(report, O_CLOEXEC), "pipe2");
  report_ = UniqueFd(report[0]);
  UniqueFd report_write(report[1]);
  CheckSys(pipe2(hold, O_CLOEXEC), "pipe2");
  UniqueFd hold_read(hold[0]);
  release_ = UniqueFd(hold[1]);

  CloneChild child{start.c_str(), cargv.data(), cenv.data(), report_write.get(), hold_read.get()};
  std::vector<char> stack(64 * 1024);
  int pidfd = -1;
  const int flags = CLONE_VM | CLONE_VFORK | CLONE_NEWPID | CLONE_NEWNS | CLONE_PIDFD |
                    (as_user ? CLONE_NEWUSER : 0) | SIGCHLD;
  const int pid = clone(ExecPid1Start, stack.data() + stack.size(), flags, &child, &pidfd);
  if (pid < 0) {
    throw SystemError(as_user ? "clone(CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNS)" : "clone(CLONE_NEWPID|CLONE_NEWNS)",
                      errno);
  }
  pid_ = static_cast<pid_t>(pid);
  pidfd_ = UniqueFd(pidfd);
  report_write.Reset();  // so that the report pipe reads EOF once PID 1 has exec'd
  hold_read.Reset();
  try {
    AwaitHeld();
    if (as_user) WriteIdMaps(pid_);
  } catch (...) {
    KillAndReap();  // no destructor runs for a constructor that throws
    throw;
  }
}

void NamespacePid1::AwaitHeld() {
  int msg[2];
  ssize_t n;
  while ((n = read(report_.get(), msg, sizeof msg)) < 0 && errno == EINTR) {
  }
  if (n == sizeof msg && msg[0] == pid1_start::kHeld) return;
  if (n == sizeof msg) {
    throw SystemError(std::string("starting PID 1 of the namespace: ") + pid1_start::StepName(msg[0]), msg[1]);
  }
  throw SystemError("starting PID 1 of the namespace: pid1_start ended before it was held", n < 0 ? errno : EPIPE);
}

void NamespacePid1::ReleaseToExec() {
  char go = 1;
  CheckSys(write(release_.get(), &go, 1), "write(release PID 1)");
  release_.Reset();
  int msg[2];
  ssize_t n;
  while ((n = read(report_.get(), msg, sizeof msg)) < 0 && errno == EINTR) {
  }
  report_.Reset();
  // A failed PID 1 is reaped by the destructor (or by its tracer).
  if (n == sizeof msg) {
    if (msg[0] == pid1_start::kExecInit) throw InitExecError("exec " + binary_ + ": " + std::strerror(msg[1]));
    throw SystemError(std::string("starting PID 1 of the namespace: ") + pid1_start::StepName(msg[0]), msg[1]);
  }
}

NamespacePid1::~NamespacePid1() { KillAndReap(); }

void NamespacePid1::KillAndReap() {
  if (status_ || pid_ < 0) return;
  syscall(SYS_pidfd_send_signal, pidfd_.get(), SIGKILL, nullptr, 0);
  // ECHILD: a tracer reaped it already.
  siginfo_t info;
  while (waitid(static_cast<idtype_t>(P_PIDFD), pidfd_.get(), &info, WEXITED) < 0 && errno == EINTR) {
  }
}

bool NamespacePid1::Signal(int signo) {
  if (status_) return false;
  return syscall(SYS_pidfd_send_signal, pidfd_.get(), signo, nullptr, 0) == 0;
}

std::optional<int> NamespacePid1::TryReap() {
  if (status_) return status_;
  siginfo_t info{};
  if (waitid(static_cast<idtype_t>(P_PIDFD), pidfd_.get(), &info, WEXITED | WNOHANG) < 0) {
    throw SystemError("waitid(PID 1)", errno);
  }
  if (info.si_pid == 0) return std::nullopt;
  switch (info.si_code) {
    case CLD_EXITED: status_ = (info.si_status & 0xff) << 8; break;
    case CLD_DUMPED: status_ = info.si_status | 0x80; break;
    default: status_ = info.si_status; break;
  }
  return status_;
}

}  // namespace initcheck
