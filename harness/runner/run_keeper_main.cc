// The run keeper (run_keeper.h): started by initcheck's first run, before
// anything else of it exists, as
//   run_keeper INITCHECK_PID
// with its end of the control socket at fd 3 (keeper_protocol.h), and
// keeping every run of that initcheck. For each run it makes the run
// directory, waits for the runner's end of the run's socket to close, then
// SIGKILLs PID 1 through its pidfd (a pidfd names one process, never a
// reused pid), waits until it is gone, removes the run directory and, if
// initcheck died rather than ended, the tracefs instances it had. One
// keeper for all runs, not one each: each one started was a posix_spawn and
// a static program's start-up, a tenth of a run's CPU.
//
// A program of its own rather than a fork of initcheck: a forked copy of the
// many-threaded harness shares its pages copy-on-write for the whole run,
// and every page a harness thread then wrote cost a fault and a TLB
// shoot-down on every CPU (check_bench: a third of the harness's CPU).
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <ctime>
#include <cstring>
#include <vector>

#include "harness/os/remove_tree.h"
#include "harness/runner/keeper_protocol.h"
#include "harness/runner/signal_tracer.h"

namespace initcheck {
namespace {

// SIGKILLed, PID 1 is gone once the kernel has killed and reaped the rest
// of its namespace, which takes milliseconds; the bound only keeps a
// keeper from waiting forever on a process stuck in the kernel.
constexpr int kPid1GoneTimeoutMs = 30'000;

// One message and the descriptor it carries (-1 if none); the length read,
// 0 at end of file.
ssize_t ReceiveWithFd(int sock, char* buf, size_t size, int& fd) {
  fd = -1;
  iovec iov{buf, size};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
  }
  if (n < 0) return 0;  // the socket is unusable: as good as closed
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
  }
  return n;
}

struct Run {
  int sock = -1;
  DirReply dir{};
  int pid1 = -1;             // PID 1's pidfd, once the runner sent it
  bool clean = false;        // the runner said kCleanEnd
  int64_t kill_deadline = -1;  // set once PID 1 is SIGKILLed: waiting for it to go
};

int64_t NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1'000'000;
}

class Keeper {
 public:
  explicit Keeper(pid_t initcheck) : initcheck_(initcheck) {}

  [[noreturn]] void Serve(int control) {
    bool control_open = true;
    while (control_open || !runs_.empty()) {
      std::vector<pollfd> fds;
      if (control_open) fds.push_back({control, POLLIN, 0});
      const size_t first_run = fds.size();
      int timeout = -1;
      for (const Run& run : runs_) {
        if (run.kill_deadline >= 0) {
          fds.push_back({run.pid1, POLLIN, 0});
          const int left = static_cast<int>(std::max<int64_t>(0, run.kill_deadline - NowMs()));
          timeout = timeout < 0 ? left : std::min(timeout, left);
        } else {
          fds.push_back({run.sock, POLLIN, 0});
        }
      }
      if (poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) _exit(1);
      // Runs first, by index from the end, so that erasing keeps the rest's.
      for (size_t i = runs_.size(); i-- > 0;) {
        const short revents = fds[first_run + i].revents;
        Run& run = runs_[i];
        if (run.kill_deadline >= 0) {
          if (revents || NowMs() >= run.kill_deadline) Finish(i);
        } else if (revents) {
          OnRunMessage(i);
        }
      }
      if (control_open && fds[0].revents) control_open = OnControlMessage(control);
    }
    _exit(0);
  }

 private:
  // False at end of file: initcheck is gone.
  bool OnControlMessage(int control) {
    char templ[PATH_MAX + 1] = {};
    int sock;
    if (ReceiveWithFd(control, templ, PATH_MAX, sock) <= 0) return false;
    if (sock < 0) return true;
    Run run;
    run.sock = sock;
    if (mkdtemp(templ)) {
      std::strncpy(run.dir.path, templ, sizeof run.dir.path - 1);
    } else {
      run.dir.err = errno;
    }
    send(sock, &run.dir, sizeof run.dir, MSG_NOSIGNAL);
    runs_.push_back(run);
    return true;
  }

  void OnRunMessage(size_t i) {
    Run& run = runs_[i];
    char byte = 0;
    int fd;
    if (ReceiveWithFd(run.sock, &byte, 1, fd) > 0) {
      if (byte == kCleanEnd) run.clean = true;
      if (fd >= 0) {
        if (run.pid1 >= 0) close(fd);
        else run.pid1 = fd;
      }
      return;
    }
    // The runner's end is closed. ESRCH: the runner reaped PID 1 already,
    // as it does on every normal end.
    if (run.pid1 >= 0 && syscall(SYS_pidfd_send_signal, run.pid1, SIGKILL, nullptr, 0) == 0) {
      run.kill_deadline = NowMs() + kPid1GoneTimeoutMs;
      return;
    }
    Finish(i);
  }

  void Finish(size_t i) {
    Run& run = runs_[i];
    if (run.dir.err == 0) RemoveTree(run.dir.path);
    // initcheck died: nothing will give back the tracefs instance it had
    // (signal_tracer.h).
    if (!run.clean) RemoveTracefsInstancesOf(initcheck_);
    if (run.pid1 >= 0) close(run.pid1);
    close(run.sock);  // the runner, waiting for this, may go on
    runs_.erase(runs_.begin() + static_cast<std::ptrdiff_t>(i));
  }

  const pid_t initcheck_;
  std::vector<Run> runs_;
};

[[noreturn]] void Keep(int control, pid_t initcheck) {
  // Out of initcheck's process group and session: a kill(-pgid) or a
  // terminal's hang-up meant for initcheck must not end its cleaner too.
  setsid();
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) sigaction(s, &ignore, nullptr);
  // Holding nothing of initcheck's but the socket: inherited stdio would
  // hold a caller's pipe open.
  if (control > 0) syscall(SYS_close_range, 0, control - 1, 0);
  syscall(SYS_close_range, control + 1, ~0U, 0);
  Keeper(initcheck).Serve(control);
}

}  // namespace
}  // namespace initcheck

int main(int argc, char** argv) {
  if (argc != 2) {
    static constexpr char kUsage[] =
        "usage: run_keeper INITCHECK_PID\n"
        "initcheck's run keeper; initcheck starts it, not a person.\n";
    (void)!write(STDERR_FILENO, kUsage, sizeof kUsage - 1);
    return 2;
  }
  initcheck::Keep(initcheck::kKeeperSocketFd, static_cast<pid_t>(atol(argv[1])));
}
