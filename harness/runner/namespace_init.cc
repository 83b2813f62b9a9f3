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

namespace initcheck {
namespace {

// Runs in the clone child, PID 1 of the new namespace. Only async-signal-safe
// calls: the harness may be multithreaded. Reports failure as
// {step, errno} through the close-on-exec pipe.
[[noreturn]] void BecomeInit(char* const* argv, char* const* envp, const char* log_path, int report_fd,
                             int hold_fd, int release_fd, const sigset_t* blocked, const int* ignored) {
  auto fail = [report_fd](int step) {
    int msg[2] = {step, errno};
    [[maybe_unused]] ssize_t n = write(report_fd, msg, sizeof msg);
    _exit(127);
  };
  // If the harness dies, so does the namespace (unless the init clears
  // this: then the run keeper kills it).
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) fail(1);
  // Nothing happens in the namespace before the harness says so: in a user
  // namespace, no file can be created and no mount made before the uid and
  // gid maps are written. End of file: the harness gave up on this run (or
  // died before the parent-death signal was set), hence its end is closed.
  close(release_fd);
  char go;
  if (read(hold_fd, &go, 1) != 1) _exit(127);
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) fail(2);
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0) fail(3);
  if (setsid() < 0) fail(4);
  // Deaths by SIGQUIT, SIGABRT or SIGSEGV must not write core files where
  // the user runs initcheck, nor wait on a core handler: that would move
  // them by an unbounded time.
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  int null = open("/dev/null", O_RDONLY);
  int log = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (null < 0 || log < 0) fail(5);
  if (dup2(null, 0) < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0) fail(6);
  // Nothing of the harness leaks into the init but stdio.
  if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0) fail(7);
  // The state the scenario says the runtime hands PID 1, nothing of the
  // harness's own.
  for (int s = 1; s < NSIG; ++s) signal(s, SIG_DFL);
  for (const int* s = ignored; *s != 0; ++s) signal(*s, SIG_IGN);
  sigprocmask(SIG_SETMASK, blocked, nullptr);
  execve(argv[0], argv, envp);
  fail(8);
  _exit(127);  // fail() does not return; this tells the compiler so
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

const char* StepName(int step) {
  switch (step) {
    case 1: return "prctl(PR_SET_PDEATHSIG)";
    case 2: return "mount(/, MS_REC|MS_PRIVATE)";
    case 3: return "mount(proc, /proc)";
    case 4: return "setsid()";
    case 5: return "open(/dev/null or the init log)";
    case 6: return "dup2(stdio)";
    case 7: return "close_range()";
    default: return "execve";
  }
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
  std::vector<char*> cargv = c_strings(argv);
  std::vector<char*> cenv = c_strings(env);
  // Built before the clone: the child only makes async-signal-safe calls.
  sigset_t blocked;
  sigemptyset(&blocked);
  for (int s : signals.blocked) sigaddset(&blocked, s);
  std::vector<int> ignored = signals.ignored;
  ignored.push_back(0);

  int report[2], hold[2];
  CheckSys(pipe2(report, O_CLOEXEC), "pipe2");
  report_ = UniqueFd(report[0]);
  UniqueFd report_write(report[1]);
  CheckSys(pipe2(hold, O_CLOEXEC), "pipe2");
  UniqueFd hold_read(hold[0]);
  release_ = UniqueFd(hold[1]);

  // Root has the capabilities these namespaces need; anyone else gets them
  // inside a user namespace of their own.
  const bool as_user = geteuid() != 0;
  int pidfd = -1;
  clone_args args{};
  args.flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_PIDFD | (as_user ? CLONE_NEWUSER : 0);
  args.pidfd = reinterpret_cast<uint64_t>(&pidfd);
  args.exit_signal = SIGCHLD;
  long pid = syscall(SYS_clone3, &args, sizeof args);
  if (pid < 0) {
    throw SystemError(as_user ? "clone3(CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNS)" : "clone3(CLONE_NEWPID|CLONE_NEWNS)",
                      errno);
  }
  if (pid == 0) {
    BecomeInit(cargv.data(), cenv.data(), log_path.c_str(), report_write.get(), hold_read.get(), release_.get(),
               &blocked, ignored.data());
  }
  pid_ = static_cast<pid_t>(pid);
  pidfd_ = UniqueFd(pidfd);
  report_write.Reset();  // so that the report pipe reads EOF once PID 1 has exec'd
  hold_read.Reset();
  if (as_user) {
    try {
      WriteIdMaps(pid_);
    } catch (...) {
      KillAndReap();  // no destructor runs for a constructor that throws
      throw;
    }
  }
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
    if (msg[0] == 8) throw InitExecError("exec " + binary_ + ": " + std::strerror(msg[1]));
    throw SystemError(std::string("starting PID 1 of the namespace: ") + StepName(msg[0]), msg[1]);
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
