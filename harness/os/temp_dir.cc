#include "harness/os/temp_dir.h"

#include <linux/magic.h>
#include <stdlib.h>
#include <sys/statfs.h>
#include <unistd.h>

namespace initcheck {
namespace {
// Room left for "/journal.sock" and the like under the directory.
constexpr size_t kMaxBaseLength = 64;

bool IsTmpfs(const char* dir) {
  struct statfs fs;
  return statfs(dir, &fs) == 0 && fs.f_type == TMPFS_MAGIC;
}
}  // namespace

std::string TempDirBase(const char* tmpdir_env) {
  if (tmpdir_env && *tmpdir_env && std::string(tmpdir_env).size() <= kMaxBaseLength) return tmpdir_env;
  if (IsTmpfs("/tmp")) return "/tmp";
  if (IsTmpfs("/dev/shm") && access("/dev/shm", W_OK | X_OK) == 0) return "/dev/shm";
  return "/tmp";
}

std::string TempDirTemplate(const std::string& prefix) {
  return TempDirBase(getenv("TMPDIR")) + "/" + prefix + "XXXXXX";
}

}  // namespace initcheck
