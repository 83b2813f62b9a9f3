// `initcheck check`: random search for a scenario that makes the init
// violate a property, shrunk to a minimal one, confirmed by rerunning it,
// and written as a scenario file that `initcheck run` replays.
#pragma once

#include <functional>

namespace CLI {
class App;  // <CLI/CLI.hpp>, included where options are added
}  // namespace CLI

namespace initcheck::cli {

std::function<int()> AddCheckCommand(CLI::App& app);

}  // namespace initcheck::cli
