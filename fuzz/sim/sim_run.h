// One run of a scenario under an in-tree init strategy, simulated: the real
// strategy code (init_impls) as PID 1 and the real probe core for every
// node, on the simulated namespace (sim_namespace.h) and scheduler
// (sim_scheduler.h), with the runtime's stop protocol played as the runner
// plays it, recorded by the runner's own ProcessTable. The result is a Trace
// the real checkers judge. Times are the
// scheduler's virtual clock: every action takes no time, so a schedule never
// slips; which of several processes runs first is `choose`'s.
#pragma once

#include <string>

#include "fuzz/sim/sim_scheduler.h"
#include "harness/model/scenario.h"
#include "harness/model/trace.h"
#include "init_impls/init_strategy.h"

namespace initcheck::sim {

Trace SimulateRun(const Scenario& scenario, const inits::StrategyInfo& strategy, const SimScheduler::Chooser& choose);

// strategy: an in-tree strategy's name (drain, forward-child, ...). Throws
// std::invalid_argument for an unknown one.
Trace SimulateRun(const Scenario& scenario, const std::string& strategy, const SimScheduler::Chooser& choose);

}  // namespace initcheck::sim
