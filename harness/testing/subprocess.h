// Runs a command and captures what it printed, for tests that check the
// CLI's messages and exit status.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace initcheck::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Who a command runs as when not as the test: supplementary groups dropped,
// then gid and uid set (real, effective and saved), working directory "/"
// (the test's own may be closed to that user).
struct RunAs {
  uid_t uid;
  gid_t gid;
};

// A started command. Its output is collected by Finish(), so it must stay
// under a pipe's capacity (64 KiB) until then: enough for initcheck's.
class Subprocess {
 public:
  // argv[0] is a path. env entries are added to (or replace) the environment.
  Subprocess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
             std::optional<RunAs> run_as = std::nullopt);
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess();  // kills and reaps the command if Finish() was not called

  pid_t pid() const { return pid_; }
  // Waits for the command to exit and returns what it printed.
  CommandResult Finish();

 private:
  pid_t pid_ = -1;
  int out_ = -1, err_ = -1;
};

inline CommandResult RunCommand(const std::vector<std::string>& argv,
                                const std::map<std::string, std::string>& env = {},
                                std::optional<RunAs> run_as = std::nullopt) {
  return Subprocess(argv, env, run_as).Finish();
}

}  // namespace initcheck::testing
