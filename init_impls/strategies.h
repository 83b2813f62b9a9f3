// The in-tree strategies' constructors. Each lives in its own file; the
// registry (strategy_registry.cc) is the only place that lists them all.
#pragma once

#include <memory>

#include "init_impls/init_strategy.h"

namespace initcheck::inits {

std::unique_ptr<InitStrategy> MakeExitOnTerm(const StrategyOptions& options);
std::unique_ptr<InitStrategy> MakeForwardChild(const StrategyOptions& options);
std::unique_ptr<InitStrategy> MakeForwardGroup(const StrategyOptions& options);
std::unique_ptr<InitStrategy> MakeDrain(const StrategyOptions& options);

}  // namespace initcheck::inits
