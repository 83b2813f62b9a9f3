#include "harness/runner/run_keeper.h"

#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "harness/os/system_error.h"
#include "harness/os/temp_dir.h"
#include "harness/runner/keeper_protocol.h"
#include "harness/runner/tool_paths.h"

namespace initcheck {
namespace {

const std::string& KeeperPath() {
  static const std::string path = FindTool("harness/runner/run_keeper", "INITCHECK_RUN_KEEPER");
  return path;
}

// One message of `size` bytes carrying a copy of fd; 0 or the errno.
int TrySendWithFd(int sock, const void* data, size_t size, int fd) {
  iovec iov{const_cast<void*>(data), size};
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
  std::memcpy(CMSG_DATA(c), &fd, sizeof(int));
  return sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 ? errno : 0;
}

// The same; throws SystemError.
void SendWithFd(int sock, const void* data, size_t size, int fd, const char* what) {
  if (const int err = TrySendWithFd(sock, data, size, fd); err != 0) throw SystemError(what, err);
}

// The process's keeper and initcheck's end of its control socket. Started
// by the first run and never stopped: it exits once the control socket
// closes, which the kernel does however initcheck ends. A keeper that died
// anyway (killed by hand, or by the OOM killer) is replaced by the next
// run, so that one lost keeper does not fail every run after it.
class KeeperProcess {
 public:
  // Hands the keeper a run: the directory template and the keeper's end of
  // the run's socket. Throws SystemError.
  void Send(const std::string& dir_template, int keepers_end) {
    std::lock_guard lock(mutex_);
    if (!control_.valid()) Spawn();
    const auto send = [&] {
      return TrySendWithFd(control_.get(), dir_template.c_str(), dir_template.size() + 1, keepers_end);
    };
    int err = send();
    if (err == EPIPE || err == ECONNREFUSED || err == ECONNRESET) {
      ReapDead();
      Spawn();
      err = send();
    }
    if (err != 0) throw SystemError("sendmsg(a run to the run keeper)", err);
  }

  pid_t pid() const { return pid_; }

 private:
  // With its end of the control socket at kKeeperSocketFd and no
  // environment. posix_spawn, not fork: see run_keeper_main.cc.
  void Spawn() {
    const std::string& path = KeeperPath();
    if (path.empty()) {
      throw SystemError("find the run keeper harness/runner/run_keeper (built beside initcheck; or set "
                        "INITCHECK_RUN_KEEPER)",
                        ENOENT);
    }
    int sv[2];
    CheckSys(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), "socketpair(run keeper)");
    UniqueFd ours(sv[0]), keepers(sv[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, keepers.get(), kKeeperSocketFd);
    const std::string owner = std::to_string(getpid());
    std::vector<char*> argv = {const_cast<char*>(path.c_str()), const_cast<char*>(owner.c_str()), nullptr};
    char* no_env[] = {nullptr};
    pid_t pid = -1;
    const int err = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), no_env);
    posix_spawn_file_actions_destroy(&actions);
    if (err != 0) throw SystemError("posix_spawn(" + path + ")", err);
    control_ = std::move(ours);
    pid_ = pid;
  }

  // The keeper's end of the control socket is closed only by its exit.
  void ReapDead() {
    control_.Reset();
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }

  std::mutex mutex_;
  UniqueFd control_;
  std::atomic<pid_t> pid_ = -1;
};

// Never destroyed: the keeper must see the control socket close only when
// initcheck's process ends, after every run.
KeeperProcess& Keeper() {
  static KeeperProcess* keeper = new KeeperProcess;
  return *keeper;
}

}  // namespace

RunKeeper::RunKeeper(const std::string& dir_prefix) {
  const std::string templ = TempDirTemplate(dir_prefix);
  int sv[2];
  CheckSys(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), "socketpair(run keeper)");
  socket_ = UniqueFd(sv[0]);
  UniqueFd keepers_end(sv[1]);
  Keeper().Send(templ, keepers_end.get());
  keepers_end.Reset();

  DirReply reply{};
  ssize_t n;
  while ((n = recv(socket_.get(), &reply, sizeof reply, 0)) < 0 && errno == EINTR) {
  }
  const int err = n < 0 ? errno : n != sizeof reply ? EPIPE : reply.err;
  if (err != 0) {
    CloseAndWait();
    throw SystemError(n == sizeof reply ? "mkdtemp(" + templ + ")" : "recv(the run keeper's reply)", err);
  }
  dir_ = reply.path;
}

RunKeeper::~RunKeeper() { CloseAndWait(); }

pid_t RunKeeper::KeeperPid() { return Keeper().pid(); }

void RunKeeper::Guard(int pid1_pidfd) {
  const char byte = 0;
  // Once sent, the pidfd is the keeper's even if initcheck dies before the
  // keeper reads it: queued messages are read before the end of file.
  SendWithFd(socket_.get(), &byte, 1, pid1_pidfd, "sendmsg(PID 1's pidfd to the run keeper)");
}

// Ends the runner's side and waits for the keeper's end of file: PID 1 gone
// and the directory removed.
void RunKeeper::CloseAndWait() {
  if (!socket_.valid()) return;
  send(socket_.get(), &kCleanEnd, 1, MSG_NOSIGNAL);
  shutdown(socket_.get(), SHUT_WR);
  for (char byte;;) {
    const ssize_t n = recv(socket_.get(), &byte, 1, 0);
    if (n == 0 || (n < 0 && errno != EINTR)) break;
  }
  socket_.Reset();
}

}  // namespace initcheck
