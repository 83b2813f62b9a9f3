#include "harness/os/journal_socket.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

#include "harness/os/system_error.h"

namespace initcheck {
namespace {
constexpr size_t kMaxDatagram = 4096;
// Probes of a wide tree report at once; a deep queue keeps them from blocking.
constexpr int kReceiveBuffer = 4 << 20;

sockaddr_un Address(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof(addr.sun_path)) {
    throw SystemError("socket path " + path, ENAMETOOLONG);
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return addr;
}
}  // namespace

JournalReceiver::JournalReceiver(const std::string& path) {
  sockaddr_un addr = Address(path);
  fd_ = UniqueFd(CheckSys(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0),
                          "socket(AF_UNIX, SOCK_DGRAM)"));
  int one = 1;
  CheckSys(setsockopt(fd_.get(), SOL_SOCKET, SO_PASSCRED, &one, sizeof one),
           "setsockopt(SO_PASSCRED)");
  int size = kReceiveBuffer;
  // SO_RCVBUFFORCE needs CAP_NET_ADMIN; the plain option is capped but enough.
  if (setsockopt(fd_.get(), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0) {
    setsockopt(fd_.get(), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }
  CheckSys(bind(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), "bind(" + path + ")");
}

std::vector<JournalReceiver::Datagram> JournalReceiver::Drain() {
  std::vector<Datagram> out;
  for (;;) {
    char data[kMaxDatagram];
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))];
    iovec iov{data, sizeof data};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = recvmsg(fd_.get(), &msg, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      throw SystemError("recvmsg(journal)", errno);
    }
    pid_t sender = 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
        ucred cred;
        std::memcpy(&cred, CMSG_DATA(c), sizeof cred);
        sender = cred.pid;
      }
    }
    out.push_back({sender, std::string(data, static_cast<size_t>(n))});
  }
  return out;
}

JournalSender::JournalSender(const std::string& path) {
  sockaddr_un addr = Address(path);
  fd_ = UniqueFd(CheckSys(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket(AF_UNIX, SOCK_DGRAM)"));
  CheckSys(connect(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr),
           "connect(" + path + ")");
}

void JournalSender::Send(const std::string& text) {
  for (;;) {
    if (send(fd_.get(), text.data(), text.size(), 0) >= 0) return;
    if (errno != EINTR) throw SystemError("send(journal)", errno);
  }
}

}  // namespace initcheck
