#include "properties/main_never_ran.h"

#include <algorithm>

#include <fmt/core.h>

namespace initcheck {

std::optional<Verdict> NotApplicableWithoutMain(std::string_view property, const Trace& trace) {
  if (!trace.scenario.early_exit) return std::nullopt;
  const std::string& main = trace.scenario.main.name;
  const bool started = std::any_of(trace.journal.begin(), trace.journal.end(), [&](const JournalEntry& e) {
    return e.node == main && e.kind == JournalKind::kStart;
  });
  if (started) return std::nullopt;
  return HoldsVerdict(property, fmt::format("not applicable: PID 1 was to end before {} ran (early_exit), and {} "
                                            "never ran",
                                            main, main));
}

}  // namespace initcheck
