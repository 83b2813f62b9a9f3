// Where a simulated run disagrees with the real run of the same scenario
// under the same strategy: the differential test's and the differential
// fuzzer's one comparison. They agree when every process the scenario names
// (and PID 1) ends with the same outcome and every property gets the same
// verdict.
//
// One stated exception: with start: racy a real stop may hit a process
// before its handler is in place (the signal's default action kills it:
// "signaled"), which the simulated clock, building the tree in no time,
// never does. Such a scenario accepts both ends, so there signaled and
// graceful are one outcome, processes that died before their probe could
// name them are not compared, and the real run may have fewer processes:
// on a loaded machine the stop can end the tree before all of it forked
// (measured: exit-on-term on racy-start-prefork, 39 real of 44).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck::sim {

// nullopt when they agree; otherwise what differs, for a failure message.
std::optional<std::string> Disagreement(const Trace& real, const std::vector<Verdict>& real_verdicts,
                                        const Trace& simulated, const std::vector<Verdict>& simulated_verdicts);

}  // namespace initcheck::sim
