// The one interface every in-tree init implements, and the registry that maps
// a strategy's name (--strategy=NAME) to it.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "init_impls/kernel.h"

namespace initcheck::inits {

// Exit status of the init for its own failures (it could not start the main
// process), as tini uses. Statuses of the main process are passed on as
// ProcessStatus::ToExitCode() gives them.
inline constexpr int kInitFailureExitCode = 1;

struct StrategyOptions {
  // drain only: how long to wait for the remaining processes once the main
  // process has exited on its own. No value: as long as they take (the
  // runtime's own SIGKILL at the end of its grace period ends the wait).
  std::optional<std::chrono::milliseconds> grace = std::nullopt;
  // drain only: signals broadcast to every process in addition to SIGTERM,
  // SIGINT and SIGQUIT (e.g. SIGWINCH, SIGHUP).
  std::vector<int> extra_broadcast_signals = {};
};

class InitStrategy {
 public:
  virtual ~InitStrategy() = default;

  // Starts `command` as the main process and acts as its init until the
  // strategy decides to stop. Returns the init's own exit status. The caller
  // has already blocked every catchable signal (the Kernel promises it).
  virtual int Run(Kernel& kernel, const std::vector<std::string>& command) = 0;
};

struct StrategyInfo {
  std::string_view name;  // as given to --strategy
  std::string_view help;  // one paragraph for --help: what it does, why it exists
  bool takes_drain_options;  // whether --grace-ms and --broadcast mean anything
  std::unique_ptr<InitStrategy> (*make)(const StrategyOptions& options);
};

// Every strategy, in the order --help lists them.
std::span<const StrategyInfo> Strategies();

// The strategy called `name`, or nullptr.
const StrategyInfo* FindStrategy(std::string_view name);

}  // namespace initcheck::inits
