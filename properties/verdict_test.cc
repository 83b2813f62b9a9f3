#include "properties/verdict.h"

#include <gtest/gtest.h>

namespace initcheck {
namespace {

TEST(VerdictValueIdTest, NamesEachValue) {
  EXPECT_EQ(VerdictValueId(VerdictValue::kHolds), "holds");
  EXPECT_EQ(VerdictValueId(VerdictValue::kViolated), "violated");
  EXPECT_EQ(VerdictValueId(VerdictValue::kUnknown), "unknown");
}

TEST(VerdictTest, DefaultIsUnknownAndNotAPass) {
  Verdict v;
  EXPECT_EQ(v.value, VerdictValue::kUnknown);
  EXPECT_FALSE(v.Holds());
}

}  // namespace
}  // namespace initcheck
