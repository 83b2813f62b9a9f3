#include "harness/testing/run_tmp.h"

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

#include "harness/testing/namespace_run.h"

namespace initcheck::testing {

namespace fs = std::filesystem;

RunTmp::RunTmp() {
  char templ[] = "/tmp/initcheck-cli-XXXXXX";
  if (!mkdtemp(templ)) throw std::runtime_error("mkdtemp(/tmp/initcheck-cli-XXXXXX) failed");
  path_ = templ;
}

RunTmp::~RunTmp() {
  // Only a leak the test has already reported: killing it keeps one failed
  // test from leaving the machine busier for the next.
  for (pid_t pid : PidsMentioning(path_)) kill(pid, SIGKILL);
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::optional<std::string> RunTmp::RunDir() const {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path_, ec)) return entry.path().string();
  return std::nullopt;
}

bool RunTmp::AnyRunDirHas(const std::string& file) const {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path_, ec)) {
    if (fs::exists(entry.path() / file, ec)) return true;
  }
  return false;
}

}  // namespace initcheck::testing
