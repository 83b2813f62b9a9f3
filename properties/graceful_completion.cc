#include "properties/graceful_completion.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <vector>

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

  for (const IdealFinish& finish : ComputeIdealFinish(scenario)) {
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
