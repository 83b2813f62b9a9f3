#include "properties/graceful_completion.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness/model/signal_names.h"
#include "properties/death_context.h"
#include "properties/faults.h"
#include "harness/model/time_format.h"

namespace initcheck {
namespace {

// Why a node with a finish time is not expected, for the verdict's note.
std::string WhyNotExpected(const IdealFinish& finish, const Scenario& scenario) {
  if (!finish.at_ms) return finish.how;
  if (finish.caveat) return *finish.caveat;
  return fmt::format("done by {} ms, within the {} ms margin of the {} ms deadline", *finish.at_ms,
                     kGracefulMarginMs, scenario.stop->DeadlineMs());
}

std::string Expectation(const IdealFinish& finish, const Scenario& scenario) {
  std::string grace =
      scenario.stop ? fmt::format("grace until {} ms", scenario.stop->DeadlineMs()) : "";
  if (finish.basis == FinishBasis::kExitAfter) {
    return scenario.stop ? fmt::format("{} ({})", finish.how, grace) : finish.how;
  }
  return fmt::format("{} (done by {} ms, {})", finish.how, *finish.at_ms, grace);
}

std::string Explain(const IdealFinish& finish, const Scenario& scenario, const Trace& trace,
                    const ProcessRecord& p) {
  std::string happened;
  if (p.outcome == Outcome::kSigkillAtDeadline) {
    happened = fmt::format("was still running at the deadline and was SIGKILLed at {}",
                           FormatMs(*p.exit_ns));
  } else {
    happened = fmt::format("was SIGKILLed at {}", FormatMs(*p.exit_ns));
  }
  std::string context = DescribeDeathContext(trace, p);
  return fmt::format("{} {} but {} ({}){}", finish.node, Expectation(finish, scenario), happened,
                     OutcomeId(p.outcome), context.empty() ? "" : ", " + context);
}

// node's force quit, when the init made it: the signal that forced it came
// again though the harness sent it once (a runtime that sends it twice
// asked for the force quit itself).
const JournalEntry* ForceQuitByTheInit(const Trace& trace, const std::string& node) {
  for (const auto& e : trace.journal) {
    if (e.node != node || e.kind != JournalKind::kForceQuit) continue;
    const auto sends = std::count_if(trace.sent.begin(), trace.sent.end(), [&](const SentSignal& s) {
      return s.signo == e.signo && s.kind != SentKind::kDeadline && (s.to.empty() || s.to == node);
    });
    return sends > 1 ? nullptr : &e;
  }
  return nullptr;
}

// "worker needed 200 ms of cleanup after SIGTERM at 0 ms (...) but got
// SIGTERM 2 times (at 0.4 ms, 100.6 ms) though the runtime sent it once,
// and force-quit at 100.6 ms: ...".
std::string ExplainForceQuit(const IdealFinish& finish, const Scenario& scenario, const Trace& trace,
                             const JournalEntry& quit) {
  std::vector<std::string> arrivals;
  for (const auto& e : trace.journal) {
    if (e.node == quit.node && e.kind == JournalKind::kSignal && e.signo == quit.signo && e.t_ns <= quit.t_ns) {
      arrivals.push_back(FormatMs(e.t_ns));
    }
  }
  return fmt::format("{} {} but got {} {} times (at {}) though the runtime sent it once, and force-quit at {}: "
                     "the init delivered the stop more than once",
                     finish.node, Expectation(finish, scenario), SignalName(quit.signo), arrivals.size(),
                     fmt::join(arrivals, ", "), FormatMs(quit.t_ns));
}

}  // namespace

bool ExpectedToFinish(const IdealFinish& finish, const Scenario& scenario) {
  if (!finish.at_ms || finish.caveat) return false;
  if (!scenario.stop) return finish.basis == FinishBasis::kExitAfter;
  return *finish.at_ms <= scenario.stop->DeadlineMs() - kGracefulMarginMs;
}

Verdict CheckGracefulCompletion(const Trace& trace) {
  if (auto unknown = UnknownIfFaulty(kGracefulCompletionId, trace)) return *unknown;
  const Scenario& scenario = trace.scenario;
  Verdict verdict;
  verdict.property = std::string(kGracefulCompletionId);
  std::vector<std::string> expected;
  std::vector<std::string> not_expected;

  for (const IdealFinish& finish : ComputeIdealFinish(scenario, trace.promises)) {
    if (!ExpectedToFinish(finish, scenario)) {
      not_expected.push_back(fmt::format("{} ({})", finish.node, WhyNotExpected(finish, scenario)));
      continue;
    }
    expected.push_back(finish.node);
    const ProcessRecord* p = trace.Find(finish.node);
    if (p == nullptr || p->role != ProcessRole::kNode) {
      return UnknownVerdict(kGracefulCompletionId,
                            fmt::format("{} was expected to finish but the trace has no record "
                                        "of it",
                                        finish.node));
    }
    switch (p->outcome) {
      case Outcome::kGraceful:
        if (auto quit = ForceQuitByTheInit(trace, finish.node)) {
          verdict.violations.push_back(MakeViolation(finish.node, trace.IndexOf(*p), quit->t_ns,
                                                     {{quit->t_ns, trace.IndexOf(*p),
                                                       ExplainForceQuit(finish, scenario, trace, *quit)}}));
        }
        continue;
      case Outcome::kSignaled:
        continue;
      case Outcome::kStillRunning:
        return UnknownVerdict(kGracefulCompletionId,
                              fmt::format("{} was expected to finish but the harness gave up on "
                                          "it (still-running), a harness fault",
                                          finish.node));
      case Outcome::kSigkillBeforeStop:
      case Outcome::kSigkillInGrace:
      case Outcome::kSigkillAtDeadline:
        if (!p->exit_ns) {
          return UnknownVerdict(kGracefulCompletionId,
                                fmt::format("{} has outcome {} but no exit time", finish.node,
                                            OutcomeId(p->outcome)));
        }
        verdict.violations.push_back(MakeViolation(finish.node, trace.IndexOf(*p), *p->exit_ns,
                                                   {{*p->exit_ns, trace.IndexOf(*p),
                                                     Explain(finish, scenario, trace, *p)}}));
        continue;
    }
  }
  verdict.value = verdict.violations.empty() ? VerdictValue::kHolds : VerdictValue::kViolated;
  verdict.note = expected.empty() ? "no process was expected to finish"
                                  : fmt::format("expected to finish: {}", fmt::join(expected, ", "));
  if (!not_expected.empty()) {
    verdict.note += fmt::format("; not expected: {}", fmt::join(not_expected, "; "));
  }
  return verdict;
}

}  // namespace initcheck
