#include "properties/no_sigkill_in_grace.h"

#include <fmt/format.h>
#include <sys/wait.h>

#include <algorithm>
#include <optional>
#include <string>

#include "harness/model/signal_names.h"
#include "properties/death_context.h"
#include "properties/faults.h"
#include "harness/model/time_format.h"

namespace initcheck {
namespace {

bool IsSigkillOutcome(Outcome o) {
  return o == Outcome::kSigkillBeforeStop || o == Outcome::kSigkillInGrace ||
         o == Outcome::kSigkillAtDeadline;
}

// A link of the chain with its time, so the latest one can be picked.
struct Event {
  int64_t t_ns;
  std::string text;
};

std::string DescribeNodeExit(const ProcessRecord& p) {
  if (WIFEXITED(p.wait_status)) {
    return fmt::format("{} exited (code {}) at {}", ProcessLabel(p), WEXITSTATUS(p.wait_status),
                       FormatMs(*p.exit_ns));
  }
  return fmt::format("{} was killed by {} at {}", ProcessLabel(p),
                     SignalName(WTERMSIG(p.wait_status)), FormatMs(*p.exit_ns));
}

// What set PID 1's exit in motion, as far as the trace shows: the latest
// process to end by itself, or the latest signal the harness sent to PID 1,
// at or before the victim's death. SIGKILLed processes are victims, not causes.
std::optional<Event> Trigger(const Trace& trace, int64_t victim_died_ns) {
  std::optional<Event> latest;
  auto consider = [&](int64_t t, std::string text) {
    if (t > victim_died_ns) return;
    if (!latest || t >= latest->t_ns) latest = Event{t, std::move(text)};
  };
  for (const auto& s : trace.sent) {
    std::string what = s.kind == SentKind::kStop ? fmt::format("{} (the stop)", SignalName(s.signo))
                                 : SignalName(s.signo);
    consider(s.t_ns, fmt::format("{} sent to PID 1 at {}", what, FormatMs(s.t_ns)));
  }
  for (const auto& p : trace.processes) {
    if (p.role != ProcessRole::kNode || !p.exit_ns || IsSigkillOutcome(p.outcome)) continue;
    if (p.outcome == Outcome::kStillRunning) continue;
    consider(*p.exit_ns, DescribeNodeExit(p));
  }
  return latest;
}

// Where the victim stood relative to the stop protocol.
std::string GraceWindow(const Trace& trace, const ProcessRecord& victim) {
  if (victim.outcome == Outcome::kSigkillInGrace) {
    if (trace.stop.deadline_ns) {
      return fmt::format("grace period open until {}", FormatMs(*trace.stop.deadline_ns));
    }
    return "grace period still open";
  }
  if (!trace.scenario.stop) return "no stop had been sent (the scenario has no stop)";
  return fmt::format("no stop had been sent (the scenario's stop was due at {} ms)",
                     trace.scenario.stop->at_ms);
}

std::string Explain(const Trace& trace, const ProcessRecord& victim) {
  const ProcessRecord* init = trace.Init();
  const int64_t died = *victim.exit_ns;
  const bool before_stop = victim.outcome == Outcome::kSigkillBeforeStop;
  const std::string context = DescribeDeathContext(trace, victim);
  const std::string with_context = context.empty() ? "" : ", " + context;

  const bool teardown = init != nullptr && init->exit_ns &&
                        died <= *init->exit_ns + kTeardownWindowNs &&
                        died >= *init->exit_ns - kTeardownWindowNs;
  if (!teardown) {
    std::string pid1 = init == nullptr             ? "PID 1 is not in the trace"
                       : init->exit_ns.has_value() ? fmt::format("PID 1 exited only at {}",
                                                                 FormatMs(*init->exit_ns))
                                                   : "PID 1 did not exit";
    return fmt::format(
        "{} was SIGKILLed at {} while PID 1 was still running ({}): not the namespace "
        "teardown, so the init or another process sent it{}; {}",
        ProcessLabel(victim), FormatMs(died), pid1, with_context, GraceWindow(trace, victim));
  }

  std::string chain;
  if (auto trigger = Trigger(trace, std::min(died, *init->exit_ns))) chain = trigger->text + " -> ";
  chain += fmt::format("PID 1 exited at {}{} -> kernel SIGKILLed {} at {}{}; {}",
                       FormatMs(*init->exit_ns), before_stop ? " before any stop" : "",
                       ProcessLabel(victim), FormatMs(died), with_context,
                       GraceWindow(trace, victim));
  return chain;
}

}  // namespace

Verdict CheckNoSigkillInGrace(const Trace& trace) {
  if (auto unknown = UnknownIfFaulty(kNoSigkillInGraceId, trace)) return *unknown;
  Verdict verdict;
  verdict.property = std::string(kNoSigkillInGraceId);
  for (const auto& p : trace.processes) {
    if (p.role == ProcessRole::kInit) continue;
    if (p.outcome != Outcome::kSigkillInGrace && p.outcome != Outcome::kSigkillBeforeStop) continue;
    if (!p.exit_ns) {
      return UnknownVerdict(kNoSigkillInGraceId,
                            fmt::format("{} has outcome {} but no exit time: the trace "
                                        "contradicts itself",
                                        ProcessLabel(p), OutcomeId(p.outcome)));
    }
    verdict.violations.push_back({ProcessLabel(p), *p.exit_ns, Explain(trace, p)});
  }
  verdict.value = verdict.violations.empty() ? VerdictValue::kHolds : VerdictValue::kViolated;
  return verdict;
}

}  // namespace initcheck
