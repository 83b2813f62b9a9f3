#include "harness/runner/proc_stat.h"

#include <gtest/gtest.h>

namespace initcheck {
namespace {

TEST(ParseProcStatTest, ReadsStateParentAndFlags) {
  auto stat = ParseProcStat("42 (tini) S 0 42 42 0 -1 4194560 108 0 0 0\n");
  ASSERT_TRUE(stat.has_value());
  EXPECT_EQ(stat->state, 'S');
  EXPECT_EQ(stat->parent, 0);
  EXPECT_EQ(stat->flags, 4194560u);
  EXPECT_EQ(stat->flags & kPfExiting, 0u);
}

TEST(ParseProcStatTest, AZombieWithAHostileCommAndPfExiting) {
  auto stat = ParseProcStat("7 (a) Z 1 (b) R 1 7 7 0 -1 4227340 0 0\n");
  ASSERT_TRUE(stat.has_value());
  EXPECT_EQ(stat->state, 'R');  // the last ')' ends comm: this comm is "a) Z 1 (b"
  EXPECT_EQ(stat->parent, 1);
  EXPECT_NE(stat->flags & kPfExiting, 0u);
}

TEST(ParseProcStatTest, RejectsTruncatedText) {
  EXPECT_FALSE(ParseProcStat("").has_value());
  EXPECT_FALSE(ParseProcStat("7 (a)").has_value());
  EXPECT_FALSE(ParseProcStat("7 (a) S 1 7 7 0").has_value());
  EXPECT_FALSE(ParseProcStat("7 (a) S x 7 7 0 -1 4").has_value());
}

}  // namespace
}  // namespace initcheck
