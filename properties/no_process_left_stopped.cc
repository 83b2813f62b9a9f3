#include "properties/no_process_left_stopped.h"

#include <fmt/core.h>

#include <algorithm>
#include <csignal>
#include <optional>
#include <string>

#include "harness/model/signal_defaults.h"
#include "harness/model/signal_names.h"
#include "harness/model/time_format.h"
#include "properties/faults.h"
#include "properties/signal_senders.h"

namespace initcheck {
namespace {

// The last stopping signal the kernel's record shows made pending for p
// before t_ns, and whether a SIGCONT came after it.
struct StopCause {
  const GeneratedSignal* stop = nullptr;
  bool continued = false;
};

StopCause CauseOf(const Trace& trace, const ProcessRecord& p, int64_t t_ns) {
  StopCause cause;
  const GeneratedSignal* best = nullptr;
  for (int signo : {SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU}) {
    const GeneratedSignal* g = LastSent(trace, p, signo, t_ns);
    if (g != nullptr && (best == nullptr || g->t_ns > best->t_ns)) best = g;
  }
  cause.stop = best;
  if (best != nullptr) {
    const GeneratedSignal* cont = LastSent(trace, p, SIGCONT, t_ns);
    cause.continued = cont != nullptr && cont->t_ns > best->t_ns;
  }
  return cause;
}

std::string ExplainStopped(const Trace& trace, const ProcessRecord& p, const StoppedSighting& seen) {
  const std::string when = FormatMs(seen.t_ns);
  if (!SendersRecorded(trace)) {
    return fmt::format("{} was stopped (state T) at {}, when the grace period ended (what stopped it is not known: "
                       "{})",
                       p.name, when, trace.signal_source);
  }
  const StopCause cause = CauseOf(trace, p, seen.t_ns);
  if (cause.stop == nullptr) {
    return fmt::format("{} was stopped (state T) at {}, when the grace period ended; the signal record shows no "
                       "stopping signal sent to it",
                       p.name, when);
  }
  return fmt::format("{} sent {} to {} at {} -> {} was stopped and {} -> still stopped at {}, when the grace period "
                     "ended: it never ran its cleanup",
                     SenderLabel(trace, cause.stop->sender_pid, cause.stop->t_ns), SignalName(cause.stop->signo),
                     p.name, FormatMs(cause.stop->t_ns), p.name,
                     cause.continued ? "a SIGCONT after it did not resume it" : "nothing sent it SIGCONT", when);
}

bool IsStopping(int signo) { return signo == SIGSTOP || DefaultActionOf(signo) == DefaultAction::kStop; }

// Whether a stopping signal reached some process, by the kernel's record;
// without one, whether the scenario sends any (nothing else in a run sends
// one unprompted).
bool AnythingCouldStop(const Trace& trace) {
  if (SendersRecorded(trace)) {
    return std::any_of(trace.generated.begin(), trace.generated.end(),
                       [](const GeneratedSignal& g) { return g.result == 0 && IsStopping(g.signo); });
  }
  if (trace.scenario.stop && IsStopping(trace.scenario.stop->signal)) return true;
  return std::any_of(trace.scenario.signals.begin(), trace.scenario.signals.end(),
                     [](const ScheduledSignal& s) { return IsStopping(s.signal); });
}

}  // namespace

Verdict CheckNoProcessLeftStopped(const Trace& trace) {
  if (auto unknown = UnknownIfFaulty(kNoProcessLeftStoppedId, trace)) return *unknown;
  if (trace.observer.starts_with("ptrace")) {
    if (!AnythingCouldStop(trace)) {
      return HoldsVerdict(kNoProcessLeftStoppedId, "no stopping signal was sent to any process");
    }
    return UnknownVerdict(kNoProcessLeftStoppedId,
                          "ptrace observed the run: a traced process's stop reads as a tracing stop in /proc");
  }
  const bool looked = trace.DeadlineKillSent() ||
                      std::any_of(trace.sent.begin(), trace.sent.end(),
                                  [](const SentSignal& s) { return s.kind == SentKind::kGiveUp; });
  if (!looked) return HoldsVerdict(kNoProcessLeftStoppedId, "PID 1 ended before the grace period did");
  Verdict verdict;
  verdict.property = std::string(kNoProcessLeftStoppedId);
  for (const StoppedSighting& seen : trace.stopped) {
    const ProcessRecord* p = seen.process && *seen.process < trace.processes.size()
                                 ? &trace.processes[*seen.process]
                                 : nullptr;
    if (p == nullptr) {
      return UnknownVerdict(kNoProcessLeftStoppedId,
                            fmt::format("{} (pid {}) was seen stopped but the trace has no record of it", seen.name,
                                        seen.pid));
    }
    verdict.violations.push_back(MakeViolation(p->name, seen.process, seen.t_ns,
                                               {{seen.t_ns, seen.process, ExplainStopped(trace, *p, seen)}}));
  }
  verdict.value = verdict.violations.empty() ? VerdictValue::kHolds : VerdictValue::kViolated;
  return verdict;
}

}  // namespace initcheck
