// The first program of a run's PID 1 (pid1_start_protocol.h): held until
// the harness has set up what must be in place before the init runs, then
// it sets PID 1 up the way runc does and execs the init.
//
// A program of its own rather than the clone child's code: the child is
// cloned sharing the harness's memory and the harness waits until it has
// exec'd this (CLONE_VM | CLONE_VFORK), so no page of the many-threaded
// harness is ever shared copy-on-write with a held PID 1. With a plain
// clone, every page a harness thread wrote while any of the runs in flight
// held its PID 1 cost a fault and a TLB shoot-down on every CPU.
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "harness/runner/pid1_start_protocol.h"

namespace initcheck::pid1_start {
namespace {

// After the re-exec (kGo) the report pipe is closed, and the harness,
// which saw its end of file, learns of a failure from PID 1's exit status
// 127; the step and its reason go to stderr, which is still initcheck's.
[[noreturn]] void Fail(int step) {
  const int err = errno;
  int msg[2] = {step, err};
  if (write(kReportFd, msg, sizeof msg) < 0) {
    const char* what[] = {"initcheck's pid1_start: ", StepName(step), ": ", std::strerror(err), "\n"};
    for (const char* w : what) [[maybe_unused]] ssize_t n = write(STDERR_FILENO, w, std::strlen(w));
  }
  _exit(127);
}

// "2,15" -> calls f(2), f(15); false on anything but numbers and commas.
template <typename F>
bool ForEachSignal(const char* list, F f) {
  for (const char* p = list; *p != '\0';) {
    char* end;
    long s = std::strtol(p, &end, 10);
    if (end == p || s <= 0 || s >= NSIG) return false;
    f(static_cast<int>(s));
    p = *end == ',' ? end + 1 : end;
    if (*end != ',' && *end != '\0') return false;
  }
  return true;
}

}  // namespace
}  // namespace initcheck::pid1_start

int main(int argc, char** argv) {
  using namespace initcheck::pid1_start;
  if (argc < 6) Fail(kBadArguments);
  const char* mode = argv[1];
  const char* log_path = argv[2];
  const char* ignored = argv[4];
  sigset_t blocked;
  sigemptyset(&blocked);
  if (!ForEachSignal(argv[3], [&blocked](int s) { sigaddset(&blocked, s); })) Fail(kBadArguments);
  if (!ForEachSignal(ignored, [](int) {})) Fail(kBadArguments);
  // If the harness dies, so does the namespace (unless the init clears
  // this: then the run keeper kills it).
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) Fail(kPdeathSig);
  if (std::strcmp(mode, kGo) != 0) {
    const int held[2] = {kHeld, 0};
    if (write(kReportFd, held, sizeof held) != sizeof held) _exit(127);
    // Nothing happens in the namespace before the harness says so: in a
    // user namespace, no file can be created and no mount made before the
    // uid and gid maps are written. End of file: the harness gave up on
    // this run (or died before the parent-death signal was set).
    char go;
    if (read(kHoldFd, &go, 1) != 1) _exit(127);
    close(kHoldFd);
    if (std::strcmp(mode, kHoldThenReexec) == 0) {
      // Closed by the exec, so that the harness goes on at once: with the
      // pipe open, a tracer's exec stop would wait for a harness waiting
      // for the pipe.
      fcntl(kReportFd, F_SETFD, FD_CLOEXEC);
      char go_mode[sizeof kGo];
      std::memcpy(go_mode, kGo, sizeof kGo);
      argv[1] = go_mode;
      execve("/proc/self/exe", argv, environ);
      Fail(kExecSelf);
    }
  }
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) Fail(kMountPrivate);
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0) Fail(kMountProc);
  if (setsid() < 0) Fail(kSetsid);
  // Deaths by SIGQUIT, SIGABRT or SIGSEGV must not write core files where
  // the user runs initcheck, nor wait on a core handler: that would move
  // them by an unbounded time.
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  int null = open("/dev/null", O_RDONLY);
  int log = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (null < 0 || log < 0) Fail(kOpenStdio);
  if (dup2(null, 0) < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0) Fail(kDupStdio);
  // Nothing of the harness leaks into the init but stdio; the report pipe
  // closes at the exec.
  if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0) Fail(kCloseRange);
  // The state the scenario says the runtime hands PID 1, nothing of the
  // harness's own.
  for (int s = 1; s < NSIG; ++s) signal(s, SIG_DFL);
  ForEachSignal(ignored, [](int s) { signal(s, SIG_IGN); });
  sigprocmask(SIG_SETMASK, &blocked, nullptr);
  execve(argv[5], argv + 5, environ);
  Fail(kExecInit);
}
