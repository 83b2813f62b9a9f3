// Who tells the runner about forks and exits in the run's namespace, with
// the exit status as the kernel reports it. Two implementations: the proc
// connector (preferred: the kernel stamps every event, nothing is perturbed)
// and ptrace (the fallback where the connector is not live: inside another
// PID namespace such as Bazel's sandbox, or without CAP_NET_ADMIN).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/runner/proc_event.h"

namespace initcheck {

class ExitObserver {
 public:
  virtual ~ExitObserver() = default;

  // Named in every report: which observer judged the run.
  virtual std::string Name() const = 0;
  // A descriptor that turns readable when events are waiting, or -1.
  virtual int PollFd() const = 0;
  // How long the runner may sleep between Collect() calls; nullopt: only
  // until PollFd() turns readable.
  virtual std::optional<int64_t> PollIntervalNs() const = 0;
  // Everything observed since the last call; never blocks.
  virtual std::vector<ProcEvent> Collect() = 0;
  // Why events may have been lost, if they were: nothing observed can then
  // be trusted.
  virtual std::optional<std::string> Lost() const = 0;
};

}  // namespace initcheck
