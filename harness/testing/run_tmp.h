// initcheck's TMPDIR for a test that runs the real CLI: a fresh directory,
// short enough that the runner puts its run directories there rather than
// in /tmp, so the test sees every run directory and whatever a run leaves.
#pragma once

#include <optional>
#include <string>

namespace initcheck::testing {

class RunTmp {
 public:
  RunTmp();  // /tmp/initcheck-cli-XXXXXX; throws when it cannot be made
  RunTmp(const RunTmp&) = delete;
  RunTmp& operator=(const RunTmp&) = delete;
  // SIGKILLs whatever a failed test left running in it, then removes it.
  ~RunTmp();

  const std::string& path() const { return path_; }
  // A run directory in it, once there is one.
  std::optional<std::string> RunDir() const;
  // Whether some run directory in it holds file (such as "t0").
  bool AnyRunDirHas(const std::string& file) const;

 private:
  std::string path_;
};

}  // namespace initcheck::testing
