#include "properties/clean_signal_state.h"

#include <fmt/format.h>

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
  Verdict verdict;
  verdict.property = std::string(kCleanSignalStateId);
  if (start->blocked.empty() && start->ignored.empty()) {
    verdict.value = VerdictValue::kHolds;
    return verdict;
  }
  std::vector<std::string> left;
  if (!start->blocked.empty()) left.push_back(fmt::format("{} blocked", JoinNames(start->blocked)));
  if (!start->ignored.empty()) left.push_back(fmt::format("{} ignored", JoinNames(start->ignored)));
  verdict.value = VerdictValue::kViolated;
  const ProcessRecord* main_record = trace.Find(main);
  const std::optional<size_t> record =
      main_record ? std::optional<size_t>(trace.IndexOf(*main_record)) : std::nullopt;
  verdict.violations.push_back(MakeViolation(
      main, record, start->t_ns,
      {{start->t_ns, record,
        fmt::format("{} started at {} with {}: the harness started PID 1 with an empty mask and "
                   "default dispositions, so the init left {} behind across exec",
                   main, FormatMs(start->t_ns),
                   left.size() == 1 ? left[0] : left[0] + " and " + left[1],
                   start->blocked.size() + start->ignored.size() == 1 ? "it" : "them")}}));
  return verdict;
}

}  // namespace initcheck
