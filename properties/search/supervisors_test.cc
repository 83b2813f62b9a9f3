// The Debian supervisors of the catalogue, each in its deployment shape
// (init_impls/wrappers), on DESIGN.md's tree (mixed-tree-main-first: main
// needs 100 ms after SIGTERM, worker, session-leader and daemon 200 ms,
// grace 2000 ms), for real and judged by the proc connector. What each does
// at a stop, as README.md's matrix reports it, from the kernel's records.
#include <gtest/gtest.h>

#include <csignal>
#include <string>

#include "harness/codec/scenario_json.h"
#include "harness/model/time_format.h"
#include "harness/testing/namespace_run.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

using testing::ProcessNamed;
using testing::Summary;

// The catalogue scenario under the supervisor, replaced (at most twice) while
// a property the test asserts could not be judged (testing::RunJudging).
Trace RunJudged(const std::string& init, const std::string& scenario, const std::vector<std::string>& properties) {
  return testing::RunJudging(testing::InitForTest(init), LoadScenarioFile(testing::FindScenarioFile(scenario)),
                             properties);
}

const char* const kOthers[] = {"worker", "session-leader", "daemon"};

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// SIGTERM to every process at once: all four finish; then, 1 s on, SIGKILL
// to all (nobody is left) and reboot(2), which the 2 s grace cuts short.
// Meanwhile it reaps nothing (no-zombies), and PID 1 outlives them all.
TEST(Supervisors, BusyboxInitStopsEveryoneButReapsNobody) {
  const Trace trace = RunJudged("busybox-init", "mixed-tree-main-first", {"no-sigkill-in-grace", "no-zombies", "stop-latency"});
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "main").outcome, Outcome::kGraceful) << Summary(trace);
  for (const char* name : kOthers) EXPECT_EQ(ProcessNamed(trace, name).outcome, Outcome::kGraceful) << name;
  EXPECT_EQ(testing::Judge(trace, "no-sigkill-in-grace").value, VerdictValue::kHolds);
  EXPECT_EQ(testing::Judge(trace, "no-zombies").value, VerdictValue::kViolated);
  EXPECT_EQ(testing::Judge(trace, "stop-latency").value, VerdictValue::kViolated);
  EXPECT_TRUE(Contains(trace.init_output, "Sent SIGTERM to all processes")) << trace.init_output;
}

// runsvdir exits the moment SIGTERM arrives: the kernel kills the whole
// tree, main included, before runsv has passed the stop on.
TEST(Supervisors, RunsvdirExitsAtOnceAndTheKernelKillsTheTree) {
  const Trace trace = RunJudged("runsvdir", "mixed-tree-main-first", {"no-sigkill-in-grace"});
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  for (const char* name : {"main", "worker", "session-leader"}) {
    EXPECT_EQ(ProcessNamed(trace, name).outcome, Outcome::kSigkillInGrace) << name << ": " << Summary(trace);
  }
  const Verdict v = testing::Judge(trace, "no-sigkill-in-grace");
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(trace.signal_source, "tracefs");
  for (const Violation& violation : v.violations) {
    EXPECT_TRUE(Contains(violation.explanation, "the kernel SIGKILLed " + violation.process + " at PID 1's exit"))
        << violation.explanation;
  }
}

// s6-svscan stops its service (main gets SIGTERM and finishes), then exits:
// the kernel kills what main left, mid-cleanup.
TEST(Supervisors, S6SvscanStopsItsServiceThenTheKernelKillsTheRest) {
  const Trace trace = RunJudged("s6-svscan", "mixed-tree-main-first", {"no-sigkill-in-grace"});
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "main").outcome, Outcome::kGraceful) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "worker").outcome, Outcome::kSigkillInGrace) << Summary(trace);
  EXPECT_EQ(testing::Judge(trace, "no-sigkill-in-grace").value, VerdictValue::kViolated);
}

// supervisord acts on SIGTERM at its next loop, about 1 s on, and signals
// its program alone: main finishes; the others never get SIGTERM and are
// SIGKILLed at the deadline (graceful-completion, not no-sigkill-in-grace).
TEST(Supervisors, SupervisordSignalsItsProgramOnlyAndLate) {
  const Trace trace = RunJudged("supervisord", "mixed-tree-main-first", {"no-sigkill-in-grace", "graceful-completion"});
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "main").outcome, Outcome::kGraceful) << Summary(trace);
  EXPECT_GT(*ProcessNamed(trace, "main").exit_ns, 500 * kNsPerMs) << "it acts on the stop only at its next loop";
  for (const char* name : kOthers) EXPECT_EQ(ProcessNamed(trace, name).outcome, Outcome::kSigkillAtDeadline) << name;
  EXPECT_EQ(testing::Judge(trace, "no-sigkill-in-grace").value, VerdictValue::kHolds);
  EXPECT_EQ(testing::Judge(trace, "graceful-completion").value, VerdictValue::kViolated);
  EXPECT_TRUE(Contains(trace.init_output, "spawned: 'workload'")) << trace.init_output;
}

// With no stop, a supervisor outlives its workload until the harness gives
// up: judged (exit-code and stop-latency violated), not a harness fault.
TEST(Supervisors, OutlivingTheWorkloadIsJudgedNotAFault) {
  const Trace trace = RunJudged("s6-svscan", "main-exits-alone", {"exit-code", "stop-latency"});
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  EXPECT_EQ(trace.Init()->outcome, Outcome::kStillRunning) << Summary(trace);
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kViolated);
  EXPECT_EQ(testing::Judge(trace, "stop-latency").value, VerdictValue::kViolated);
}

}  // namespace
}  // namespace initcheck
