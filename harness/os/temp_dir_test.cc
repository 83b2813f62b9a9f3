#include "harness/os/temp_dir.h"

#include <gtest/gtest.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <string>

namespace initcheck {
namespace {

bool IsWritableTmpfs(const std::string& dir) {
  struct statfs fs;
  return statfs(dir.c_str(), &fs) == 0 && fs.f_type == TMPFS_MAGIC && access(dir.c_str(), W_OK | X_OK) == 0;
}

TEST(TempDirBase, TmpdirWhenSet) { EXPECT_EQ(TempDirBase("/var/tmp/ci"), "/var/tmp/ci"); }

TEST(TempDirBase, ATmpfsWhenTheMachineHasOneAndTmpdirIsUnsetOrTooLong) {
  if (!IsWritableTmpfs("/tmp") && !IsWritableTmpfs("/dev/shm")) GTEST_SKIP() << "neither /tmp nor /dev/shm is a tmpfs here";
  for (const char* env : {static_cast<const char*>(nullptr), "", "/a/tmpdir/far/too/long/for/the/unix/socket/paths/that/go/inside/it"}) {
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
