// `initcheck run`: one scenario, one init, a table (or JSON) and verdicts.
#pragma once

#include <functional>

namespace CLI {
class App;  // <CLI/CLI.hpp>, included where options are added
}  // namespace CLI

namespace initcheck::cli {

// Adds the subcommand; the returned function runs it once parsed and
// returns the exit status.
std::function<int()> AddRunCommand(CLI::App& app);

}  // namespace initcheck::cli
