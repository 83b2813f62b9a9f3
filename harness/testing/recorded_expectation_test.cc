// The catalogue check cannot pass on a run that proves nothing: each test
// breaks a good run in one way a faulty runner would, and the check must
// fail even when the recorded expectation is "no violation".
#include "harness/testing/recorded_expectation.h"

#include <gtest/gtest.h>

#include "harness/testing/trace_builder.h"
#include "properties/properties.h"

namespace initcheck::testing {
namespace {

Trace JudgedByTheConnector(Trace trace) {
  trace.observer = "proc-connector";
  return trace;
}

// The properties the canned traces record enough for (they journal no
// start state, which clean-signal-state needs).
std::vector<Verdict> Judged(const Trace& trace) {
  return CheckAll(trace, {"no-sigkill-in-grace", "graceful-completion", "exit-code"});
}

TEST(ViolatesExactly, PassesWhenATrustworthyRunViolatesWhatIsRecorded) {
  Trace trace = JudgedByTheConnector(SiblingForwardGroupTrace(Detail::kFull));
  std::vector<Verdict> verdicts = Judged(trace);
  EXPECT_TRUE(ViolatesExactly(trace, verdicts, ViolatedProperties(verdicts)));
  Trace drained = JudgedByTheConnector(SiblingEveryoneExitsTrace(Detail::kFull));
  EXPECT_TRUE(ViolatesExactly(drained, Judged(drained), {}));
}

TEST(ViolatesExactly, FailsWhenTheViolationsDiffer) {
  Trace trace = JudgedByTheConnector(SiblingForwardGroupTrace(Detail::kFull));
  auto result = ViolatesExactly(trace, Judged(trace), {});
  EXPECT_FALSE(result);
  EXPECT_TRUE(Contains(result.message(), "no-sigkill-in-grace")) << result.message();
}

// The runner broken on purpose: a fault in the trace makes every verdict
// unknown, so ViolatedProperties is empty and an expectation of [] would
// match. The check must fail instead.
TEST(ViolatesExactly, FailsOnAFaultyRunEvenWhenNoViolationIsRecorded) {
  Trace trace = JudgedByTheConnector(SiblingEveryoneExitsTrace(Detail::kFull));
  trace.faults.push_back("injected: the connector lost 3 events");
  std::vector<Verdict> verdicts = Judged(trace);
  ASSERT_TRUE(ViolatedProperties(verdicts).empty());
  auto result = ViolatesExactly(trace, verdicts, {});
  EXPECT_FALSE(result);
  EXPECT_TRUE(Contains(result.message(), "injected: the connector lost 3 events")) << result.message();
}

TEST(ViolatesExactly, FailsOnAnUnknownVerdict) {
  Trace trace = JudgedByTheConnector(SiblingEveryoneExitsTrace(Detail::kFull));
  std::vector<Verdict> verdicts = Judged(trace);
  verdicts.push_back(UnknownVerdict("no-zombies", "injected: the zombie watch did not run"));
  auto result = ViolatesExactly(trace, verdicts, {});
  EXPECT_FALSE(result);
  EXPECT_TRUE(Contains(result.message(), "no-zombies is unknown")) << result.message();
}

TEST(ViolatesExactly, FailsWhenPtraceJudged) {
  Trace trace = SiblingEveryoneExitsTrace(Detail::kFull);
  trace.observer = "ptrace (fallback: proc connector not live: no events)";
  auto result = ViolatesExactly(trace, Judged(trace), {});
  EXPECT_FALSE(result);
  EXPECT_TRUE(Contains(result.message(), "not by the proc connector")) << result.message();
}

}  // namespace
}  // namespace initcheck::testing
