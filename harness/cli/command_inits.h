// `initcheck inits`: the init catalogue, and which inits this machine has.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace initcheck::cli {

std::function<int()> AddInitsCommand(CLI::App& app);

}  // namespace initcheck::cli
