// A time limit on starting runs, for a caller that must have finished by a
// given moment: a gate inside `bazel test`'s TEST_TIMEOUT, which Bazel
// enforces by killing the test, leaving no JUnit XML and no word on what
// was judged. The gate instead stops starting runs in time and says which
// it did not start: a run starts only if, at its longest (LongestRunMs),
// it ends before the limit less a reserve for writing the result.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "harness/model/scenario.h"
#include "harness/runner/runner.h"

namespace initcheck {

class RunBudget {
 public:
  using Clock = std::chrono::steady_clock;

  // The results, the JUnit XML and the counterexamples take well under a
  // second to write; the rest covers the time Bazel counted before the
  // gate started (the test's wrapper script, loading the scenarios).
  static constexpr std::chrono::seconds kReserve{5};

  RunBudget() = default;  // no limit: every run may start
  // limit_s seconds from started; what names the limit in the reasons
  // ("the test's timeout (TEST_TIMEOUT=300 s)").
  RunBudget(Clock::time_point started, int limit_s, std::string what);

  // "" when `runs` runs of scenario, one after another from now, end in
  // time; otherwise why they may not start.
  std::string Hold(const Scenario& scenario, const RunOptions& options, int runs = 1,
                   Clock::time_point now = Clock::now()) const;


 private:
  std::optional<Clock::time_point> end_;  // the limit less kReserve
  std::string what_;
};

}  // namespace initcheck
