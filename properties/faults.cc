#include "properties/faults.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "properties/schedule_slip.h"

namespace initcheck {

std::vector<std::string> TraceDoubts(const Trace& trace) {
  std::vector<std::string> doubts = trace.faults;
  if (std::optional<std::string> slip = ScheduleSlip(trace)) doubts.push_back(std::move(*slip));
  return doubts;
}

std::optional<Verdict> UnknownIfFaulty(std::string_view property, const Trace& trace) {
  std::vector<std::string> notes;
  if (!trace.faults.empty()) {
    std::string faults = fmt::format("the run had {} harness fault{}, so the trace cannot be trusted:",
                                     trace.faults.size(), trace.faults.size() == 1 ? "" : "s");
    for (const auto& fault : trace.faults) faults += fmt::format(" [{}]", fault);
    notes.push_back(std::move(faults));
  }
  if (std::optional<std::string> slip = ScheduleSlip(trace)) notes.push_back(std::move(*slip));
  if (notes.empty()) return std::nullopt;
  return UnknownVerdict(property, fmt::format("{}", fmt::join(notes, "; ")));
}

}  // namespace initcheck
