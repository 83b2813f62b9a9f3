// Runs a command to completion and captures what it printed, for tests
// that check the CLI's messages and exit status.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace initcheck::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// argv[0] is a path. env entries are added to (or replace) the environment.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env = {});

}  // namespace initcheck::testing
