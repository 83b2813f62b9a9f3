#include "properties/search/run_budget.h"

#include <algorithm>

#include <fmt/core.h>

namespace initcheck {

RunBudget::RunBudget(Clock::time_point started, int limit_s, std::string what)
    : end_(started + std::chrono::seconds(limit_s) - kReserve), what_(std::move(what)) {}

std::string RunBudget::Hold(const Scenario& scenario, const RunOptions& options, int runs,
                            Clock::time_point now) const {
  if (!end_) return "";
  const auto needed = std::chrono::milliseconds(LongestRunMs(scenario, options) * runs);
  if (now + needed <= *end_) return "";
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*end_ - now);
  const std::string runs_take = runs == 1 ? "a run takes" : fmt::format("{} runs take", runs);
  return fmt::format("not started: {} at most {:.1f} s, and {:.1f} s are left before {}, less {} s to report",
                     runs_take, needed.count() / 1000.0,
                     std::max<int64_t>(0, left.count()) / 1000.0, what_, kReserve.count());
}

}  // namespace initcheck
