// `initcheck report`: reads a report.json back and draws it again, judging
// every recorded run anew with this build's checkers if asked.
#pragma once

#include <functional>

namespace CLI {
class App;  // <CLI/CLI.hpp>, included where options are added
}  // namespace CLI

namespace initcheck::cli {

// Adds the subcommand; the returned function runs it once parsed and
// returns the exit status.
std::function<int()> AddReportCommand(CLI::App& app);

}  // namespace initcheck::cli
