// `initcheck compare`: every init against every scenario; a Markdown matrix
// on stdout and report.json, report.md and report.html in a folder.
#pragma once

#include <functional>

namespace CLI {
class App;  // <CLI/CLI.hpp>, included where options are added
}  // namespace CLI

namespace initcheck::cli {

std::function<int()> AddCompareCommand(CLI::App& app);

}  // namespace initcheck::cli
