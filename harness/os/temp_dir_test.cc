#include "harness/os/temp_dir.h"

#include <gtest/gtest.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <string>

namespace initcheck {
namespace {

bool IsWritableTmpfs(const std::string& dir, unsigned long long min_free = 0) {
  struct statfs fs;
  return statfs(dir.c_str(), &fs) == 0 && fs.f_type == TMPFS_MAGIC && access(dir.c_str(), W_OK | X_OK) == 0 &&
         static_cast<unsigned long long>(fs.f_bavail) * fs.f_bsize >= min_free;
}

TEST(TempDirBase, TmpdirWhenSet) { EXPECT_EQ(TempDirBase("/var/tmp/ci"), "/var/tmp/ci"); }

TEST(TempDirBase, ATmpfsWhenTheMachineHasOneAndTmpdirIsUnsetOrTooLong) {
  if (!IsWritableTmpfs("/tmp") && !IsWritableTmpfs("/dev/shm", 32ull << 20)) {
    GTEST_SKIP() << "neither /tmp nor /dev/shm (with 32 MB free) is a tmpfs here";
  }
  const char* too_long = "/a/tmpdir/far/too/long/for/the/unix/socket/paths/that/go/inside/it";
  for (const char* env : {static_cast<const char*>(nullptr), "", too_long}) {
    const std::string base = TempDirBase(env);
    EXPECT_TRUE(base == "/tmp" || base == "/dev/shm") << base;
    EXPECT_TRUE(IsWritableTmpfs(base)) << base;
  }
}

TEST(TempDirTemplate, IsAMkdtempTemplateUnderTheBase) {
  EXPECT_EQ(TempDirTemplate("initcheck-"), TempDirBase(getenv("TMPDIR")) + "/initcheck-XXXXXX");
}

}  // namespace
}  // namespace initcheck
