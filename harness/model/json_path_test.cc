// Paths name values unambiguously whatever their keys hold.
#include "harness/model/json_path.h"

#include <gtest/gtest.h>

namespace initcheck {
namespace {

TEST(JsonPathTest, OddKeysAreBracketedAndQuoted) {
  EXPECT_EQ(KeyPath("$", "main"), "$.main");
  EXPECT_EQ(KeyPath("$", "exit_after_ms"), "$.exit_after_ms");
  EXPECT_EQ(KeyPath("$.main", "my key"), "$.main[\"my key\"]");
  EXPECT_EQ(KeyPath("$", "0abc"), "$[\"0abc\"]");
  EXPECT_EQ(KeyPath("$", ""), "$[\"\"]");
  EXPECT_EQ(KeyPath("$", "a.b"), "$[\"a.b\"]");
  EXPECT_EQ(KeyPath("$", "q\"]"), "$[\"q\\\"]\"]");
  EXPECT_EQ(IndexPath("$.main.block", 2), "$.main.block[2]");
  EXPECT_EQ(RebasePath("$.cells[3].trace", "$.main.name"), "$.cells[3].trace.main.name");
  EXPECT_EQ(RebasePath("$.cells[3].trace", "$"), "$.cells[3].trace");
  EXPECT_EQ(RebasePath("$.x", ""), "");
}

}  // namespace
}  // namespace initcheck
