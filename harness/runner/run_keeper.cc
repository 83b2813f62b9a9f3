#include "harness/runner/run_keeper.h"

#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <vector>

#include "harness/os/remove_tree.h"
#include "harness/os/system_error.h"
#include "harness/os/temp_dir.h"
#include "harness/runner/signal_tracer.h"

namespace initcheck {
namespace {

// SIGKILLed, PID 1 is gone once the kernel has killed and reaped the rest
// of its namespace, which takes milliseconds; the bound only keeps a
// keeper from waiting forever on a process stuck in the kernel.
constexpr int kPid1GoneTimeoutMs = 30'000;

// The keeper's one message to the runner: the directory it made, or why not.
struct DirReply {
  int err;
  char path[PATH_MAX];
};

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

// The runner's last message, sent from ~RunKeeper: it ended, and took back
// what it lent the run. Its absence at end of file means initcheck died.
constexpr char kCleanEnd = 'E';

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

// The keeper itself. Only system calls: the harness may be multithreaded,
// and a forked child of a multithreaded process must not allocate or lock.
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

RunKeeper::RunKeeper(const std::string& dir_prefix) {
  const std::string templ = TempDirTemplate(dir_prefix);
  std::vector<char> dir_template(templ.begin(), templ.end());
  dir_template.push_back('\0');
  int sv[2];
  CheckSys(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), "socketpair(run keeper)");
  socket_ = UniqueFd(sv[0]);
  UniqueFd keepers_end(sv[1]);
  const pid_t initcheck = getpid();
  pid_ = CheckSys(fork(), "fork(run keeper)");
  if (pid_ == 0) Keep(keepers_end.get(), dir_template.data(), initcheck);
  keepers_end.Reset();

  DirReply reply{};
  ssize_t n;
  while ((n = recv(socket_.get(), &reply, sizeof reply, 0)) < 0 && errno == EINTR) {
  }
  const int err = n < 0 ? errno : n != sizeof reply ? EPIPE : reply.err;
  if (err != 0) {
    CloseAndReap();
    throw SystemError(n == sizeof reply ? "mkdtemp(" + templ + ")" : "recv(the run keeper's reply)", err);
  }
  dir_ = reply.path;
}

RunKeeper::~RunKeeper() { CloseAndReap(); }

void RunKeeper::Guard(int pid1_pidfd) {
  char byte = 0;
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &pid1_pidfd, sizeof(int));
  // Once sent, the pidfd is the keeper's even if initcheck dies before the
  // keeper reads it: queued messages are read before the end of file.
  CheckSys(sendmsg(socket_.get(), &msg, MSG_NOSIGNAL), "sendmsg(PID 1's pidfd to the run keeper)");
}

void RunKeeper::CloseAndReap() {
  if (socket_.valid()) send(socket_.get(), &kCleanEnd, 1, MSG_NOSIGNAL);
  socket_.Reset();
  if (pid_ <= 0) return;  // waitpid(-1, ...) would reap whichever child ended
  while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace initcheck
