#include "properties/faults.h"

#include <fmt/format.h>

#include <string>

namespace initcheck {

std::optional<Verdict> UnknownIfFaulty(std::string_view property, const Trace& trace) {
  if (trace.faults.empty()) return std::nullopt;
  std::string note = fmt::format("the run had {} harness fault{}, so the trace cannot be trusted:",
                                 trace.faults.size(), trace.faults.size() == 1 ? "" : "s");
  for (const auto& fault : trace.faults) note += fmt::format(" [{}]", fault);
  return UnknownVerdict(property, std::move(note));
}

}  // namespace initcheck
