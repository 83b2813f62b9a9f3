#include "harness/os/temp_dir.h"

#include <linux/magic.h>
#include <stdlib.h>
#include <sys/statfs.h>
#include <unistd.h>

namespace initcheck {
namespace {
// Room left for "/journal.sock" and the like under the directory.
constexpr size_t kMaxBaseLength = 64;

// Enough for `check`'s widest runs (48, each well under a megabyte with its
// init's log capped) in a container's small /dev/shm (docker gives 64 MB),
// with room left for the shared memory /dev/shm is there for.
constexpr unsigned long long kMinFreeBytes = 32ull << 20;

bool IsTmpfs(const char* dir, unsigned long long min_free) {
  struct statfs fs;
  return statfs(dir, &fs) == 0 && fs.f_type == TMPFS_MAGIC &&
         static_cast<unsigned long long>(fs.f_bavail) * fs.f_bsize >= min_free;
}
}  // namespace

std::string TempDirBase(const char* tmpdir_env) {
  if (tmpdir_env && *tmpdir_env && std::string(tmpdir_env).size() <= kMaxBaseLength) return tmpdir_env;
  if (IsTmpfs("/tmp", 0)) return "/tmp";
  if (IsTmpfs("/dev/shm", kMinFreeBytes) && access("/dev/shm", W_OK | X_OK) == 0) return "/dev/shm";
  return "/tmp";
}

std::string TempDirTemplate(const std::string& prefix) {
  return TempDirBase(getenv("TMPDIR")) + "/" + prefix + "XXXXXX";
}

}  // namespace initcheck
