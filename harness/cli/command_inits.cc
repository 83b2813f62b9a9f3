#include "harness/cli/command_inits.h"

#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "harness/cli/cli_common.h"
#include "harness/runner/init_catalogue.h"

namespace initcheck::cli {

std::function<int()> AddInitsCommand(CLI::App& app) {
  CLI::App* command = app.add_subcommand("inits", "list the init catalogue and which inits are installed");
  return [command] {
    if (!*command) return -1;
    InitSearch search = DefaultInitSearch();
    for (const auto& entry : InitCatalogue()) {
      ResolvedInit r = ResolveInit(entry.name, search);
      std::string where = !r.command                        ? "skipped: " + r.skip_reason
                          : r.command->argv_prefix.empty() ? std::string("(the workload runs as PID 1)")
                                                           : fmt::format("{}", fmt::join(r.command->argv_prefix, " "));
      std::cout << fmt::format("{:<18} {}\n{:<18} {}\n", entry.name, entry.description, "", where);
    }
    return kExitHolds;
  };
}

}  // namespace initcheck::cli
