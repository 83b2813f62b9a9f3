#include "properties/no_sigkill_in_grace.h"

#include <fmt/core.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <optional>
#include <string>

#include "harness/model/signal_names.h"
#include "properties/death_context.h"
#include "properties/faults.h"
#include "properties/pid1_exit_start.h"
#include "properties/signal_senders.h"
#include "harness/model/time_format.h"

namespace initcheck {
namespace {

bool IsSigkillOutcome(Outcome o) {
  return o == Outcome::kSigkillBeforeStop || o == Outcome::kSigkillInGrace ||
         o == Outcome::kSigkillAtDeadline;
}

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
std::optional<ChainLink> Trigger(const Trace& trace, int64_t victim_died_ns) {
  std::optional<ChainLink> latest;
  auto consider = [&](int64_t t, std::optional<size_t> process, std::string text) {
    if (t > victim_died_ns) return;
    if (!latest || t >= latest->t_ns) latest = ChainLink{t, process, std::move(text)};
  };
  for (const auto& s : trace.sent) {
    std::string what = s.kind == SentKind::kStop ? fmt::format("{} (the stop)", SignalName(s.signo))
                                 : SignalName(s.signo);
    consider(s.t_ns, std::nullopt,
             fmt::format("{} sent to {} at {}", what, s.to.empty() ? "PID 1" : s.to, FormatMs(s.t_ns)));
  }
  for (const auto& p : trace.processes) {
    if (p.role != ProcessRole::kNode || !p.exit_ns || IsSigkillOutcome(p.outcome)) continue;
    if (p.outcome == Outcome::kStillRunning) continue;
    consider(*p.exit_ns, trace.IndexOf(p), DescribeNodeExit(p));
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

// Said of a SIGKILL whose sender the trace does not record: the chain is
// then read from the timing alone.
std::string Inferred(const Trace& trace) {
  if (SendersRecorded(trace)) return " (sender inferred from the timing: the kernel's record has no SIGKILL to it)";
  return fmt::format(" (sender inferred from the timing: {})",
                     trace.signal_source.empty() ? "signals not recorded" : trace.signal_source);
}

Violation Explain(const Trace& trace, const ProcessRecord& victim) {
  const ProcessRecord* init = trace.Init();
  const int64_t died = *victim.exit_ns;
  const bool before_stop = victim.outcome == Outcome::kSigkillBeforeStop;
  const std::string context = DescribeDeathContext(trace, victim);
  const std::string with_context = context.empty() ? "" : ", " + context;
  const GeneratedSignal* kill = SendersRecorded(trace) ? LastSent(trace, victim, SIGKILL, died) : nullptr;

  // Sent by a process, not by the kernel at PID 1's exit: PID 1's own
  // kill(2) (its own stop timer), or a node's.
  if (kill != nullptr && !IsTeardownKill(trace, *kill)) {
    const std::string sender = SenderLabel(trace, kill->sender_pid, kill->t_ns);
    std::vector<ChainLink> chain;
    if (auto trigger = Trigger(trace, kill->t_ns)) chain.push_back(std::move(*trigger));
    const ProcessRecord* sender_record = ProcessAt(trace, kill->sender_pid, kill->t_ns);
    chain.push_back({kill->t_ns, sender_record ? std::optional<size_t>(trace.IndexOf(*sender_record)) : std::nullopt,
                     fmt::format("{} sent SIGKILL to {} at {}{}", sender, ProcessLabel(victim), FormatMs(kill->t_ns),
                                 SentByPid1(trace, *kill) ? " (kill(2), not its exit)" : "")});
    chain.push_back({died, trace.IndexOf(victim),
                     fmt::format("{} died of it at {}{}", ProcessLabel(victim), FormatMs(died), with_context)});
    return MakeViolation(ProcessLabel(victim), trace.IndexOf(victim), died, std::move(chain),
                         GraceWindow(trace, victim));
  }

  const bool teardown = kill != nullptr || (init != nullptr && init->exit_ns &&
                                            died <= *init->exit_ns + kTeardownWindowNs &&
                                            died >= *init->exit_ns - kTeardownWindowNs);
  if (!teardown || init == nullptr || !init->exit_ns) {
    std::string pid1 = init == nullptr             ? "PID 1 is not in the trace"
                       : init->exit_ns.has_value() ? fmt::format("PID 1 exited only at {}",
                                                                 FormatMs(*init->exit_ns))
                                                   : "PID 1 did not exit";
    return MakeViolation(ProcessLabel(victim), trace.IndexOf(victim), died,
                         {{died, trace.IndexOf(victim),
                           fmt::format("{} was SIGKILLed at {} while PID 1 was still running ({}): not "
                                       "the namespace teardown, so the init or another process sent it{}{}",
                                       ProcessLabel(victim), FormatMs(died), pid1, with_context,
                                       Inferred(trace))}},
                         GraceWindow(trace, victim));
  }

  std::vector<ChainLink> chain;
  if (auto trigger = Trigger(trace, std::min(died, *init->exit_ns))) chain.push_back(std::move(*trigger));
  // The kernel reports PID 1's exit only once its teardown has killed and
  // reaped the rest, so in a wide tree the report comes after the deaths it
  // caused: the link says when PID 1 began to exit where samples tell.
  const Pid1ExitStart start = Pid1ExitStarted(trace).value_or(Pid1ExitStart{.by_ns = *init->exit_ns});
  const std::string_view when = before_stop ? " before any stop" : "";
  const std::string pid1 =
      start.sampled            ? DescribePid1ExitStart(trace, start) + std::string(when)
      : died < *init->exit_ns ? fmt::format("PID 1 exited{} (the kernel reported it at {}, once its teardown had "
                                            "killed the rest)",
                                            when, FormatMs(*init->exit_ns))
                              : fmt::format("PID 1 exited at {}{}", FormatMs(*init->exit_ns), when);
  chain.push_back({start.by_ns, trace.IndexOf(*init), pid1});
  chain.push_back({died, trace.IndexOf(victim),
                   kill != nullptr ? fmt::format("the kernel SIGKILLed {} at PID 1's exit, at {}{}", ProcessLabel(victim),
                                                 FormatMs(died), with_context)
                                   : fmt::format("kernel SIGKILLed {} at {}{}{}", ProcessLabel(victim), FormatMs(died),
                                                 with_context, Inferred(trace))});
  return MakeViolation(ProcessLabel(victim), trace.IndexOf(victim), died, std::move(chain),
                       GraceWindow(trace, victim));
}

}  // namespace

Verdict CheckNoSigkillInGrace(const Trace& trace) {
  if (auto unknown = UnknownIfFaulty(kNoSigkillInGraceId, trace)) return *unknown;
  Verdict verdict;
  verdict.property = std::string(kNoSigkillInGraceId);
  for (const auto& p : trace.processes) {
    if (trace.IsInit(p)) continue;
    if (p.outcome != Outcome::kSigkillInGrace && p.outcome != Outcome::kSigkillBeforeStop) continue;
    if (!p.exit_ns) {
      return UnknownVerdict(kNoSigkillInGraceId,
                            fmt::format("{} has outcome {} but no exit time: the trace "
                                        "contradicts itself",
                                        ProcessLabel(p), OutcomeId(p.outcome)));
    }
    verdict.violations.push_back(Explain(trace, p));
  }
  verdict.value = verdict.violations.empty() ? VerdictValue::kHolds : VerdictValue::kViolated;
  return verdict;
}

}  // namespace initcheck
