#include "properties/clean_signal_state.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include <string>
#include <vector>

#include "harness/model/signal_names.h"
#include "properties/faults.h"
#include "properties/main_never_ran.h"
#include "harness/model/time_format.h"

namespace initcheck {
namespace {

const JournalEntry* StartEntry(const Trace& trace, const std::string& node) {
  for (const auto& e : trace.journal) {
    if (e.node == node && e.kind == JournalKind::kStart) return &e;
  }
  return nullptr;
}

// "SIGINT", "SIGINT and SIGQUIT", "SIGHUP, SIGINT and SIGQUIT".
std::string JoinNames(const std::vector<int>& signals) {
  std::string out;
  for (size_t i = 0; i < signals.size(); ++i) {
    if (i > 0) out += i + 1 == signals.size() ? " and " : ", ";
    out += SignalName(signals[i]);
  }
  return out;
}

// What of a is not in b, in a's order.
std::vector<int> Minus(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  for (int signo : a) {
    if (std::find(b.begin(), b.end(), signo) == b.end()) out.push_back(signo);
  }
  return out;
}

// {"SIGINT blocked", "SIGHUP and SIGPIPE ignored"}, leaving out empty lists.
std::vector<std::string> Parts(const std::vector<int>& blocked, const std::vector<int>& ignored) {
  std::vector<std::string> parts;
  if (!blocked.empty()) parts.push_back(fmt::format("{} blocked", JoinNames(blocked)));
  if (!ignored.empty()) parts.push_back(fmt::format("{} ignored", JoinNames(ignored)));
  return parts;
}

// "SIGINT blocked and SIGHUP ignored", or "nothing blocked or ignored".
std::string Describe(const InheritedSignalState& state) {
  const std::vector<std::string> parts = Parts(state.blocked, state.ignored);
  return parts.empty() ? "nothing blocked or ignored" : fmt::format("{}", fmt::join(parts, " and "));
}

}  // namespace

Verdict CheckCleanSignalState(const Trace& trace) {
  if (auto unknown = UnknownIfFaulty(kCleanSignalStateId, trace)) return *unknown;
  if (auto not_applicable = NotApplicableWithoutMain(kCleanSignalStateId, trace)) return *not_applicable;
  const std::string& main = trace.scenario.main.name;
  const JournalEntry* start = StartEntry(trace, main);
  if (start == nullptr) {
    return UnknownVerdict(kCleanSignalStateId,
                          fmt::format("{} journaled no start entry, so the trace does not say "
                                      "what signal state it inherited",
                                      main));
  }
  const InheritedSignalState& given = trace.scenario.pid1_inherits;
  const std::vector<int> added_blocked = Minus(start->blocked, given.blocked);
  const std::vector<int> added_ignored = Minus(start->ignored, given.ignored);
  const std::vector<int> lost_blocked = Minus(given.blocked, start->blocked);
  const std::vector<int> lost_ignored = Minus(given.ignored, start->ignored);
  Verdict verdict;
  verdict.property = std::string(kCleanSignalStateId);
  if (added_blocked.empty() && added_ignored.empty() && lost_blocked.empty() && lost_ignored.empty()) {
    verdict.value = VerdictValue::kHolds;
    if (!given.empty()) verdict.note = fmt::format("{} started with what PID 1 was given: {}", main, Describe(given));
    return verdict;
  }
  verdict.value = VerdictValue::kViolated;
  const ProcessRecord* main_record = trace.Find(main);
  const std::optional<size_t> record =
      main_record ? std::optional<size_t>(trace.IndexOf(*main_record)) : std::nullopt;
  std::string what;
  if (given.empty()) {
    const std::vector<std::string> left = Parts(added_blocked, added_ignored);
    what = fmt::format("{} started at {} with {}: the harness started PID 1 with an empty mask and "
                       "default dispositions, so the init left {} behind across exec",
                       main, FormatMs(start->t_ns), fmt::join(left, " and "),
                       added_blocked.size() + added_ignored.size() == 1 ? "it" : "them");
  } else {
    std::vector<std::string> changes;
    if (auto added = Parts(added_blocked, added_ignored); !added.empty()) {
      changes.push_back(fmt::format("added {}", fmt::join(added, " and ")));
    }
    if (auto lost = Parts(lost_blocked, lost_ignored); !lost.empty()) {
      changes.push_back(fmt::format("took away {}", fmt::join(lost, " and ")));
    }
    what = fmt::format("{} started at {} with {}, but PID 1 was started with {}: the init {} across exec", main,
                       FormatMs(start->t_ns), Describe({start->blocked, start->ignored}), Describe(given),
                       fmt::join(changes, " and "));
  }
  verdict.violations.push_back(MakeViolation(main, record, start->t_ns, {{start->t_ns, record, what}}));
  return verdict;
}

}  // namespace initcheck
