// `initcheck decode`: the scenario a fuzzer input stands for, as a scenario
// file, so that `initcheck run` replays a fuzzer's finding on the real
// kernel and `initcheck check`'s shrinking can start from it.
#pragma once

#include <functional>

namespace CLI {
class App;  // <CLI/CLI.hpp>, included where options are added
}  // namespace CLI

namespace initcheck::cli {

// Adds the subcommand; the returned function runs it once parsed and
// returns the exit status.
std::function<int()> AddDecodeCommand(CLI::App& app);

}  // namespace initcheck::cli
