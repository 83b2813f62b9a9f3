// `initcheck inits`: the init catalogue, and which inits this machine has.
#pragma once

#include <functional>

namespace CLI {
class App;  // <CLI/CLI.hpp>, included where options are added
}  // namespace CLI

namespace initcheck::cli {

std::function<int()> AddInitsCommand(CLI::App& app);

}  // namespace initcheck::cli
