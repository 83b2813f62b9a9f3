#include "harness/runner/proc_connector.h"

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "harness/os/monotonic_clock.h"
#include "harness/os/system_error.h"

namespace initcheck {
namespace {
// System-wide events arrive at the rate the whole machine forks; a deep
// buffer keeps a busy machine from overflowing it during one run.
constexpr int kReceiveBuffer = 16 << 20;
constexpr int kProofExitCode = 77;
}  // namespace

ProcConnector::ProcConnector() {
  fd_ = UniqueFd(CheckSys(socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR),
                          "socket(AF_NETLINK, NETLINK_CONNECTOR)"));
  int size = kReceiveBuffer;
  if (setsockopt(fd_.get(), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0) {
    setsockopt(fd_.get(), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }
  sockaddr_nl addr{};
  addr.nl_family = AF_NETLINK;
  addr.nl_groups = CN_IDX_PROC;
  addr.nl_pid = 0;  // let the kernel pick: several connectors may live in one process
  CheckSys(bind(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr),
           "bind(NETLINK_CONNECTOR, CN_IDX_PROC)");
  Subscribe(true);
}

ProcConnector::~ProcConnector() {
  if (fd_.valid()) {
    try {
      Subscribe(false);
    } catch (...) {
      // The socket closes anyway; the kernel drops the listener with it.
    }
  }
}

void ProcConnector::Subscribe(bool on) {
  // nlmsghdr, then cn_msg, then the operation: laid out by hand because
  // cn_msg ends in a flexible array.
  alignas(nlmsghdr) char request[NLMSG_SPACE(sizeof(cn_msg) + sizeof(proc_cn_mcast_op))] = {};
  auto* header = reinterpret_cast<nlmsghdr*>(request);
  header->nlmsg_len = NLMSG_LENGTH(sizeof(cn_msg) + sizeof(proc_cn_mcast_op));
  header->nlmsg_type = NLMSG_DONE;
  auto* message = static_cast<cn_msg*>(NLMSG_DATA(header));
  message->id.idx = CN_IDX_PROC;
  message->id.val = CN_VAL_PROC;
  message->len = sizeof(proc_cn_mcast_op);
  proc_cn_mcast_op op = on ? PROC_CN_MCAST_LISTEN : PROC_CN_MCAST_IGNORE;
  std::memcpy(message->data, &op, sizeof op);
  CheckSys(send(fd_.get(), request, header->nlmsg_len, 0), "send(PROC_CN_MCAST_LISTEN)");
}

std::optional<std::string> ProcConnector::Lost() const {
  if (overflows_ == 0) return std::nullopt;
  return "the process events connector's socket overflowed: exit records were lost";
}

std::vector<ProcEvent> ProcConnector::Collect() {
  std::vector<ProcEvent> out;
  alignas(nlmsghdr) char buf[65536];
  for (;;) {
    ssize_t n = recv(fd_.get(), buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      if (errno == ENOBUFS) {
        ++overflows_;
        continue;
      }
      throw SystemError("recv(NETLINK_CONNECTOR)", errno);
    }
    int len = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, static_cast<unsigned>(len));
         h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type == NLMSG_ERROR || h->nlmsg_type == NLMSG_NOOP) continue;
      auto* msg = static_cast<cn_msg*>(NLMSG_DATA(h));
      if (msg->id.idx != CN_IDX_PROC || msg->id.val != CN_VAL_PROC) continue;
      // The event follows cn_msg's 20-byte header: 4-aligned, but it holds a
      // 64-bit timestamp, so it is copied out rather than read in place
      // (UBSan's misaligned access, found by namespace_fuzzer).
      proc_event event{};
      std::memcpy(&event, msg->data, std::min<size_t>(msg->len, sizeof event));
      const proc_event* ev = &event;
      ProcEvent e{};
      e.at = MonotonicNs{static_cast<int64_t>(ev->timestamp_ns)};
      switch (ev->what) {
        case proc_event::PROC_EVENT_FORK:
          e.kind = ProcEvent::Kind::kFork;
          e.pid = ev->event_data.fork.child_tgid;
          e.tid = ev->event_data.fork.child_pid;
          e.parent = ev->event_data.fork.parent_tgid;
          break;
        case proc_event::PROC_EVENT_EXEC:
          e.kind = ProcEvent::Kind::kExec;
          e.pid = ev->event_data.exec.process_tgid;
          e.tid = ev->event_data.exec.process_pid;
          break;
        case proc_event::PROC_EVENT_EXIT:
          e.kind = ProcEvent::Kind::kExit;
          e.pid = ev->event_data.exit.process_tgid;
          e.tid = ev->event_data.exit.process_pid;
          e.wait_status = static_cast<int>(ev->event_data.exit.exit_code);
          break;
        default:
          continue;
      }
      out.push_back(e);
    }
  }
  return out;
}

std::optional<std::string> ProcConnector::ProveLive(std::chrono::milliseconds timeout) {
  // vfork: a fork of the many-threaded harness would copy its page tables
  // and leave its pages copy-on-write, for a child that only exits.
  pid_t child = vfork();
  if (child < 0) return std::string("vfork: ") + std::strerror(errno);
  if (child == 0) _exit(kProofExitCode);
  int status;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  int64_t give_up = MonotonicNowNs() + std::chrono::nanoseconds(timeout).count();
  for (;;) {
    for (const auto& e : Collect()) {
      if (e.kind == ProcEvent::Kind::kExit && e.pid == child) {
        if (e.wait_status == (kProofExitCode << 8)) return std::nullopt;
        return "the connector reported the probe child's exit with status " +
               std::to_string(e.wait_status) + ", expected " + std::to_string(kProofExitCode << 8);
      }
    }
    int64_t left = give_up - MonotonicNowNs();
    if (left <= 0) {
      return "no exit event for a child the harness forked and reaped (subscribed from inside a "
             "PID namespace other than the initial one?)";
    }
    pollfd p{fd_.get(), POLLIN, 0};
    timespec ts = NsToTimespec(left);
    ppoll(&p, 1, &ts, nullptr);
  }
}

}  // namespace initcheck
