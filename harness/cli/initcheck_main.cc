// initcheck: runs process trees against container inits in real PID
// namespaces and checks, from what the kernel reports, that every process
// gets its chance to shut down gracefully.
//
// Exit statuses: cli_common.h.

#include <functional>
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

#include "harness/cli/cli_common.h"
#include "harness/cli/command_check.h"
#include "harness/cli/command_compare.h"
#include "harness/cli/command_inits.h"
#include "harness/cli/command_decode.h"
#include "harness/cli/command_gate.h"
#include "harness/cli/command_report.h"
#include "harness/cli/command_run.h"
#include "harness/runner/runner.h"

int main(int argc, char** argv) {
  using namespace initcheck;
  using namespace initcheck::cli;
  CLI::App app{
      std::string("initcheck: tests container inits (PID 1) in real PID namespaces. When a container "
                  "stops, the runtime sends SIGTERM to PID 1, waits a grace period, then SIGKILLs it; "
                  "when PID 1 exits, the kernel SIGKILLs every other process of the namespace. "
                  "initcheck checks, from the kernel's own exit records, that no process dies by "
                  "SIGKILL while the grace period is still open.\n\n") +
          kExitStatusHelp,
      "initcheck"};
  app.require_subcommand(1);
  std::vector<std::function<int()>> commands = {AddRunCommand(app), AddCheckCommand(app), AddCompareCommand(app),
                                                AddGateCommand(app), AddReportCommand(app), AddDecodeCommand(app),
                                                AddInitsCommand(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitHolds : kExitBadInput;
  }
  try {
    InstallInterruptHandlers();
    for (const auto& command : commands) {
      if (int status = command(); status >= 0) return status;
    }
  } catch (const UsageError& e) {
    std::cerr << "initcheck: " << e.what() << "\n";
  } catch (const RunError& e) {
    std::cerr << OneLine(std::string("initcheck: ") + e.what()) << "\n";
    return kExitUnjudged;
  } catch (const std::exception& e) {
    std::cerr << "initcheck: internal error: " << e.what() << "\n";
    return kExitUnjudged;
  }
  return kExitBadInput;
}
