#include "properties/signal_senders.h"

#include <fmt/core.h>

namespace initcheck {

bool SendersRecorded(const Trace& trace) {
  return trace.signal_source == "tracefs" || trace.signal_source == "simulated";
}

const GeneratedSignal* LastSent(const Trace& trace, const ProcessRecord& target, int signo, int64_t t_ns) {
  const GeneratedSignal* last = nullptr;
  for (const auto& g : trace.generated) {
    if (g.t_ns > t_ns || g.target_pid != target.pid || g.signo != signo || g.result != 0) continue;
    if (last == nullptr || g.t_ns >= last->t_ns) last = &g;
  }
  return last;
}

const ProcessRecord* ProcessAt(const Trace& trace, int pid, int64_t t_ns) {
  for (const auto& p : trace.processes) {
    if (p.pid == pid && !(p.fork_ns && *p.fork_ns > t_ns) && !(p.exit_ns && *p.exit_ns < t_ns)) return &p;
  }
  return nullptr;
}

std::string SenderLabel(const Trace& trace, int pid, int64_t t_ns) {
  const ProcessRecord* p = ProcessAt(trace, pid, t_ns);
  if (p != nullptr && trace.IsInit(*p)) return "PID 1";
  return p != nullptr && !p->name.empty() ? p->name : fmt::format("pid {}", pid);
}

namespace {
bool FromPid1(const Trace& trace, const GeneratedSignal& g) {
  const ProcessRecord* init = trace.Init();
  return init != nullptr && g.sender_pid == init->pid;
}
}  // namespace

bool IsTeardownKill(const Trace& trace, const GeneratedSignal& g) {
  return g.signo == 9 && g.code == kSiKernel && FromPid1(trace, g);
}

bool SentByPid1(const Trace& trace, const GeneratedSignal& g) { return g.code == kSiUser && FromPid1(trace, g); }

}  // namespace initcheck
