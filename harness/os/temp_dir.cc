#include "harness/os/temp_dir.h"

#include <stdlib.h>

namespace initcheck {
namespace {
// Room left for "/journal.sock" and the like under the directory.
constexpr size_t kMaxBaseLength = 64;
}  // namespace

std::string TempDirTemplate(const std::string& prefix) {
  const char* env = getenv("TMPDIR");
  std::string base = (env && *env && std::string(env).size() <= kMaxBaseLength) ? env : "/tmp";
  return base + "/" + prefix + "XXXXXX";
}

}  // namespace initcheck
