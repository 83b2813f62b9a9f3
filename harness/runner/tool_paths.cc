#include "harness/runner/tool_paths.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

namespace initcheck {
namespace {
constexpr char kWorkspace[] = "initcheck";

std::string SelfExe() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? "" : path.string();
}
}  // namespace

std::string FindTool(const std::string& relative, const char* env_override) {
  std::vector<std::string> candidates;
  if (const char* v = getenv(env_override); v && *v) candidates.push_back(v);
  for (const char* var : {"RUNFILES_DIR", "TEST_SRCDIR"}) {
    if (const char* v = getenv(var); v && *v) {
      candidates.push_back(std::string(v) + "/" + kWorkspace + "/" + relative);
    }
  }
  std::string exe = SelfExe();
  if (!exe.empty()) {
    candidates.push_back(exe + ".runfiles/" + kWorkspace + "/" + relative);
    // bazel-bin/<package>/<binary>: the workspace root of bazel-bin is one
    // level up per path component of the package.
    std::filesystem::path dir = std::filesystem::path(exe).parent_path();
    for (int up = 0; up < 3; ++up, dir = dir.parent_path()) {
      candidates.push_back((dir / relative).string());
    }
  }
  for (const auto& c : candidates) {
    if (access(c.c_str(), X_OK) == 0) {
      std::error_code ec;
      auto abs = std::filesystem::absolute(c, ec);
      return ec ? c : abs.lexically_normal().string();
    }
  }
  return "";
}

}  // namespace initcheck
