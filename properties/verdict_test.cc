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

// The one test of the wording every report prints; the checkers' tests
// assert the links themselves.
TEST(RenderExplanationTest, JoinsLinksWithArrowsThenTheContext) {
  std::vector<ChainLink> chain = {{101'200'000, 1, "main exited (code 0) at 101.2 ms"},
                                  {101'500'000, 0, "PID 1 exited at 101.5 ms"},
                                  {101'400'000, 2, "kernel SIGKILLed worker at 101.4 ms"}};
  EXPECT_EQ(RenderExplanation(chain, "grace period open until 1000.0 ms"),
            "main exited (code 0) at 101.2 ms -> PID 1 exited at 101.5 ms -> kernel SIGKILLed worker at "
            "101.4 ms; grace period open until 1000.0 ms");
  EXPECT_EQ(RenderExplanation({chain[0]}, ""), "main exited (code 0) at 101.2 ms");
  EXPECT_EQ(RenderExplanation({}, "only a context"), "only a context");
}

TEST(MakeViolationTest, RendersItsOwnExplanation) {
  Violation v = MakeViolation("worker", 2, 5, {{5, 2, "a"}, {6, std::nullopt, "b"}}, "c");
  EXPECT_EQ(v.explanation, "a -> b; c");
  EXPECT_EQ(v.record, 2u);
}

}  // namespace
}  // namespace initcheck
