// The kernel's process events connector (netlink NETLINK_CONNECTOR,
// CN_IDX_PROC): every fork, exec and exit on the machine, each exit with its
// wait status, stamped by the kernel on CLOCK_MONOTONIC. This is the judge of
// how a process died: a SIGKILLed process cannot report itself.
//
// Subscribing needs CAP_NET_ADMIN, and inside a non-initial PID namespace the
// subscription succeeds and then delivers nothing. So a connector is trusted
// only after ProveLive() has seen an exit it caused.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/unique_fd.h"

namespace initcheck {

struct ProcEvent {
  enum class Kind { kFork, kExec, kExit };
  Kind kind;
  int64_t t_ns;      // CLOCK_MONOTONIC, as the kernel stamped it
  pid_t pid;         // thread group id (the process), initial PID namespace
  pid_t tid;         // the thread the event is about
  pid_t parent = 0;  // kFork: the parent's thread group id
  int wait_status = 0;  // kExit: as waitpid(2) would report it
};

class ProcConnector {
 public:
  // Opens and subscribes; throws SystemError naming the failed call.
  ProcConnector();
  ProcConnector(const ProcConnector&) = delete;
  ProcConnector& operator=(const ProcConnector&) = delete;
  ~ProcConnector();

  int fd() const { return fd_.get(); }

  // Everything queued now; never blocks.
  std::vector<ProcEvent> Drain();

  // True once the kernel reported that its socket buffer overflowed: events
  // were lost and nothing read from this connector can be trusted.
  bool overflowed() const { return overflowed_; }

  // Forks a child that exits with a known code and waits for the kernel to
  // report it. Returns the reason when no such event arrives in time.
  std::optional<std::string> ProveLive(std::chrono::milliseconds timeout);

 private:
  void Subscribe(bool on);

  UniqueFd fd_;
  bool overflowed_ = false;
};

}  // namespace initcheck
