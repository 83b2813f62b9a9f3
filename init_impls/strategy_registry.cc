// The table of strategies. Help texts live here, next to the names, so that
// --help and the registry cannot disagree.
#include <array>

#include "init_impls/init_strategy.h"
#include "init_impls/strategies.h"

namespace initcheck::inits {
namespace {

constexpr std::array kStrategies = {
    StrategyInfo{
        "exit-on-term",
        "The naive init: catches SIGTERM and SIGINT and exits at once with "
        "128+signal (143, 130), sending nothing to anyone; every other signal "
        "is dropped. Reaps zombies and exits with the main process's status if "
        "it exits first. As PID 1 this makes the kernel SIGKILL the whole "
        "namespace as soon as the stop signal arrives.",
        false, &MakeExitOnTerm},
    StrategyInfo{
        "forward-child",
        "tini-like: forwards every signal it receives (except SIGCHLD) to the "
        "main process only, reaps every zombie, and exits with the main "
        "process's status (code, or 128+signal) as soon as the main process "
        "exits, even if other processes remain.",
        false, &MakeForwardChild},
    StrategyInfo{
        "forward-group",
        "tini -g / dumb-init-like: starts the main process in a process group "
        "of its own and forwards every signal (except SIGCHLD) to that group; "
        "reaps every zombie and exits as soon as the main process exits. "
        "Processes in other groups or sessions get nothing.",
        false, &MakeForwardGroup},
    StrategyInfo{
        "drain",
        "Broadcasts SIGTERM, SIGINT, SIGQUIT and every --broadcast signal to "
        "every process it is responsible for (kill(-1) as PID 1; its own "
        "descendants otherwise), then SIGCONT so stopped processes can act; "
        "sends other signals to the main process only. Reaps everything and "
        "exits with the main process's status only when no process is left. "
        "If the main process exits by itself while others remain, broadcasts "
        "SIGTERM to them and waits (--grace-ms bounds the wait). Never sends "
        "SIGKILL.",
        true, &MakeDrain},
};

}  // namespace

std::span<const StrategyInfo> Strategies() { return kStrategies; }

const StrategyInfo* FindStrategy(std::string_view name) {
  for (const StrategyInfo& info : kStrategies) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace initcheck::inits
