// The run keeper (run_keeper.h): started by each run before anything else
// of it exists, as
//   run_keeper DIR_TEMPLATE INITCHECK_PID
// with its end of the runner's socket at fd 3 (keeper_protocol.h). Makes the
// run directory, waits for the runner's end of the socket to close, then
// SIGKILLs PID 1 through its pidfd (a pidfd names one process, never a
// reused pid), waits until it is gone, removes the run directory and, if
// initcheck died rather than ended, the tracefs instances it had.
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

#include <csignal>
#include <cstring>

#include "harness/os/remove_tree.h"
#include "harness/runner/keeper_protocol.h"
#include "harness/runner/signal_tracer.h"

namespace initcheck {
namespace {

// SIGKILLed, PID 1 is gone once the kernel has killed and reaped the rest
// of its namespace, which takes milliseconds; the bound only keeps a
// keeper from waiting forever on a process stuck in the kernel.
constexpr int kPid1GoneTimeoutMs = 30'000;

// The pidfd a message carries, or -1.
int ReceivedFd(msghdr& msg) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
      return fd;
    }
  }
  return -1;
}

struct RunnerGone {
  int pid1 = -1;  // the last pidfd received, or -1
  bool clean = false;
};

// Returns at end of file on sock.
RunnerGone WaitForRunnerGone(int sock) {
  RunnerGone gone;
  for (;;) {
    char byte = 0;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return gone;
    if (byte == kCleanEnd) gone.clean = true;
    if (int fd = ReceivedFd(msg); fd >= 0) {
      if (gone.pid1 >= 0) close(fd);
      else gone.pid1 = fd;
    }
  }
}

void KillAndAwait(int pid1) {
  if (pid1 < 0) return;
  // ESRCH: the runner reaped PID 1 already, as it does on every normal end.
  if (syscall(SYS_pidfd_send_signal, pid1, SIGKILL, nullptr, 0) < 0) return;
  pollfd gone{pid1, POLLIN, 0};
  while (poll(&gone, 1, kPid1GoneTimeoutMs) < 0 && errno == EINTR) {
  }
}

[[noreturn]] void Keep(int sock, char* dir_template, pid_t initcheck) {
  // Out of initcheck's process group and session: a kill(-pgid) or a
  // terminal's hang-up meant for initcheck must not end its cleaner too.
  setsid();
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) sigaction(s, &ignore, nullptr);
  // Holding nothing of initcheck's but the socket: an inherited copy of
  // another run's socket would hide that run's end of file, inherited stdio
  // would hold a caller's pipe open.
  if (sock > 0) syscall(SYS_close_range, 0, sock - 1, 0);
  syscall(SYS_close_range, sock + 1, ~0U, 0);

  DirReply reply{};
  if (mkdtemp(dir_template)) {
    std::strncpy(reply.path, dir_template, sizeof reply.path - 1);
  } else {
    reply.err = errno;
  }
  send(sock, &reply, sizeof reply, MSG_NOSIGNAL);
  const RunnerGone gone = WaitForRunnerGone(sock);
  KillAndAwait(gone.pid1);
  if (reply.err == 0) RemoveTree(reply.path);
  // initcheck died: nothing will give back the tracefs instances it had
  // (signal_tracer.h), this run's or any other.
  if (!gone.clean) RemoveTracefsInstancesOf(initcheck);
  _exit(0);
}

}  // namespace
}  // namespace initcheck

int main(int argc, char** argv) {
  if (argc != 3) {
    static constexpr char kUsage[] =
        "usage: run_keeper DIR_TEMPLATE INITCHECK_PID\n"
        "initcheck's run keeper; initcheck starts it, not a person.\n";
    (void)!write(STDERR_FILENO, kUsage, sizeof kUsage - 1);
    return 2;
  }
  initcheck::Keep(initcheck::kKeeperSocketFd, argv[1], static_cast<pid_t>(atol(argv[2])));
}
