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

#include "harness/runner/exit_observer.h"
#include "harness/os/unique_fd.h"

namespace initcheck {

class ProcConnector : public ExitObserver {
 public:
  // Opens and subscribes; throws SystemError naming the failed call.
  ProcConnector();
  ProcConnector(const ProcConnector&) = delete;
  ProcConnector& operator=(const ProcConnector&) = delete;
  ~ProcConnector() override;

  std::string Name() const override { return "proc-connector"; }
  int PollFd() const override { return fd_.get(); }
  std::optional<int64_t> PollIntervalNs() const override { return std::nullopt; }
  std::vector<ProcEvent> Collect() override;
  // Set once the kernel reported that the socket buffer overflowed.
  std::optional<std::string> Lost() const override;
  // How many times it did.
  int64_t Overflows() const { return overflows_; }

  // Forks a child that exits with a known code and waits for the kernel to
  // report it. Returns the reason when no such event arrives in time.
  std::optional<std::string> ProveLive(std::chrono::milliseconds timeout);

 private:
  void Subscribe(bool on);

  UniqueFd fd_;
  int64_t overflows_ = 0;
};

}  // namespace initcheck
