// The command line of an init binary built from strategies: parses it,
// prepares the process to be an init (RealKernel::Start) and runs the chosen
// strategy. Its exit status is what the strategy returns: the main process's
// status (code, or 128+signal), 1 if the init could not start the main
// process, 2 for a bad command line. The `init` binary is this with the
// in-tree strategies; fuzz/planted's is this with drain's planted mistakes.
#pragma once

#include <span>
#include <string>

#include "init_impls/init_strategy.h"

namespace initcheck::inits {

// program names the binary in --help and in its messages.
int InitMain(int argc, char** argv, const std::string& program, std::span<const StrategyInfo> strategies);

}  // namespace initcheck::inits
