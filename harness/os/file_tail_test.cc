#include "harness/os/file_tail.h"

#include "harness/os/unique_fd.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace initcheck {
namespace {

std::string Write(const std::string& name, const std::string& text) {
  std::string path = std::string(getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(ReadFileTail, AShortFileWholeWithoutTrailingNewlines) {
  EXPECT_EQ(ReadFileTail(Write("short", "init: exec x: No such file\n\n"), 100), "init: exec x: No such file");
}

TEST(ReadFileTail, ALongFileOnlyItsLastBytes) {
  std::string text(100000, 'a');
  text += "the end\n";
  EXPECT_EQ(ReadFileTail(Write("long", text), 10), "...aa" "the end");
}

TEST(ReadFileTail, AMissingFileIsEmpty) { EXPECT_EQ(ReadFileTail("/nonexistent/init.log", 10), ""); }

TEST(CapFileToTail, ARunawayLogKeepsItsTailAndItsWriterAppendsOn) {
  const std::string path = Write("runaway", std::string(3 << 20, 'a') + "the end\n");
  UniqueFd log(open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
  ASSERT_TRUE(log.valid());

  ASSERT_TRUE(CapFileToTail(log.get(), 1 << 20, 64 << 10));

  struct stat st;
  ASSERT_EQ(fstat(log.get(), &st), 0);
  EXPECT_EQ(st.st_size, (3 << 20) + 8);
  EXPECT_LE(st.st_blocks * 512, (64 << 10) + 8192);
  EXPECT_EQ(ReadFileTail(path, 10), "...aathe end");
  const std::string more = "and on\n";
  ASSERT_EQ(write(log.get(), more.data(), more.size()), static_cast<ssize_t>(more.size()));
  EXPECT_EQ(ReadFileTail(path, 15), "...the end\nand on");
}

TEST(CapFileToTail, ALogUnderTheCapIsLeftWhole) {
  const std::string path = Write("small", std::string(100 << 10, 'a'));
  UniqueFd log(open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
  EXPECT_FALSE(CapFileToTail(log.get(), 1 << 20, 64 << 10));
  struct stat st;
  ASSERT_EQ(fstat(log.get(), &st), 0);
  EXPECT_GE(st.st_blocks * 512, 100 << 10);
}

}  // namespace
}  // namespace initcheck
