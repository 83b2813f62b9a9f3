#include "harness/os/temp_dir.h"

#include <stdlib.h>

#include <filesystem>
#include <vector>

#include "harness/os/system_error.h"

namespace initcheck {
namespace {
// Room left for "/journal.sock" and the like under the directory.
constexpr size_t kMaxBaseLength = 64;
}  // namespace

TempDir::TempDir(const std::string& prefix) {
  const char* env = getenv("TMPDIR");
  std::string base = (env && *env && std::string(env).size() <= kMaxBaseLength) ? env : "/tmp";
  std::string templ = base + "/" + prefix + "XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw SystemError("mkdtemp(" + templ + ")", errno);
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace initcheck
