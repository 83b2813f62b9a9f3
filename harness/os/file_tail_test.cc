#include "harness/os/file_tail.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace initcheck
