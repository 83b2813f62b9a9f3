#include "properties/death_context.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "harness/model/signal_names.h"
#include "harness/model/signal_defaults.h"
#include "harness/model/time_format.h"
#include "properties/signal_senders.h"

namespace initcheck {
namespace {

// The first journal entry of kind from node at or before t_ns, or nullptr
// (and, when signo != 0, for that signal).
const JournalEntry* FirstEntry(const Trace& trace, const std::string& node, JournalKind kind,
                               int64_t t_ns, int signo = 0) {
  for (const auto& e : trace.journal) {
    if (e.node != node || e.kind != kind || e.t_ns > t_ns) continue;
    if (signo != 0 && e.signo != signo) continue;
    return &e;
  }
  return nullptr;
}

// "never received SIGTERM", unless the kernel's record shows it was sent:
// then a SIGKILL overtook it (both pending, the kernel delivers the lower
// number first) or came before the handler ran, and the phrase says who
// sent it when (dumb-init's "signal the group, then exit" race).
std::string NeverReceived(const Trace& trace, const ProcessRecord& process, int sig, int64_t died_ns) {
  if (const GeneratedSignal* g = SendersRecorded(trace) ? LastSent(trace, process, sig, died_ns) : nullptr) {
    return fmt::format("was sent {} by {} at {}, but the SIGKILL overtook it", SignalName(sig),
                       SenderLabel(trace, g->sender_pid, g->t_ns), FormatMs(g->t_ns));
  }
  return fmt::format("never received {}", SignalName(sig));
}

// What the stop signal did to a process that began no cleanup: the journal
// can only show caught signals, so the scenario says what to expect.
std::string StopSignalStory(const Trace& trace, const ProcessRecord& process, const ProcessSpec& spec,
                            int64_t died_ns) {
  const int sig = trace.scenario.stop->signal;
  const std::string name = SignalName(sig);
  if (!IsUncatchable(sig) && spec.Blocks(sig)) return fmt::format("blocks {}", name);
  const Disposition d = IsUncatchable(sig) ? Disposition{} : spec.DispositionFor(sig);
  switch (d.action) {
    case SignalAction::kIgnore:
      return fmt::format("ignores {}", name);
    case SignalAction::kDefault:
      // Had a terminating default action been delivered it would have died
      // by that signal, not by SIGKILL.
      if (DefaultActionOf(sig) == DefaultAction::kTerminate) return NeverReceived(trace, process, sig, died_ns);
      return fmt::format("{}'s default action does not end it", name);
    case SignalAction::kRecord:
    case SignalAction::kExit:
    case SignalAction::kForward:
      break;
  }
  const JournalEntry* got = FirstEntry(trace, spec.name, JournalKind::kSignal, died_ns, sig);
  if (got == nullptr) return NeverReceived(trace, process, sig, died_ns);
  if (d.action == SignalAction::kRecord) {
    return fmt::format("received {} at {} (records it and keeps running)", name,
                       FormatMs(got->t_ns));
  }
  return fmt::format("received {} at {} but had not begun its cleanup", name, FormatMs(got->t_ns));
}

}  // namespace

std::string ProcessLabel(const ProcessRecord& process) {
  if (process.role == ProcessRole::kInit) return "PID 1";
  if (!process.name.empty()) return process.name;
  return fmt::format("pid {}", process.pid);
}

std::string DescribeDeathContext(const Trace& trace, const ProcessRecord& process) {
  if (process.role != ProcessRole::kNode || !process.exit_ns) return "";
  const ProcessSpec* spec = FindNode(trace.scenario, process.name);
  if (spec == nullptr) return "";
  const int64_t died = *process.exit_ns;
  std::vector<std::string> parts;

  if (const JournalEntry* exiting = FirstEntry(trace, spec->name, JournalKind::kExiting, died)) {
    parts.push_back(fmt::format("after it journaled its exit (code {}) at {}", exiting->code,
                                FormatMs(exiting->t_ns)));
  } else if (const JournalEntry* cleanup =
                 FirstEntry(trace, spec->name, JournalKind::kCleanupStart, died)) {
    const int total_ms = spec->DispositionFor(cleanup->signo).after_ms;
    std::string part =
        fmt::format("{} into its {} ms cleanup", FormatMs(died - cleanup->t_ns), total_ms);
    if (!trace.scenario.stop || cleanup->signo != trace.scenario.stop->signal) {
      part += fmt::format(" (started by {})", SignalName(cleanup->signo));
    }
    parts.push_back(std::move(part));
  } else if (const JournalEntry* fwd =
                 FirstEntry(trace, spec->name, JournalKind::kForwarded, died)) {
    parts.push_back(fmt::format("had forwarded {} to its children at {} and was waiting for them",
                                SignalName(fwd->signo), FormatMs(fwd->t_ns)));
  } else if (trace.scenario.stop && trace.stop.stop_sent_ns && died >= *trace.stop.stop_sent_ns) {
    parts.push_back(StopSignalStory(trace, process, *spec, died));
  }

  if (spec->exit_after_ms && died < *spec->exit_after_ms * kNsPerMs) {
    parts.push_back(fmt::format("{} before it was due to exit by itself at {} ms",
                                FormatMs(*spec->exit_after_ms * kNsPerMs - died),
                                *spec->exit_after_ms));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace initcheck
