// ClassifyExit at its boundaries: the outcome of a SIGKILL is decided by the
// kernel's exit time against the stop and the deadline, to the nanosecond.
#include "harness/model/process_outcome.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>

namespace initcheck {
namespace {

constexpr int64_t kStopNs = 100'000'000;
constexpr int64_t kDeadlineNs = 1'100'000'000;
const StopTimes kStop{kStopNs, kDeadlineNs};

// Raw wait statuses as waitpid(2) builds them (the macros only read them).
constexpr int ExitedWith(int code) { return code << 8; }
constexpr int KilledBy(int signo) { return signo; }

TEST(ClassifyExit, SigkillJustBeforeTheStopIsBeforeStop) {
  EXPECT_EQ(ClassifyExit(KilledBy(SIGKILL), kStopNs - 1, kStop), Outcome::kSigkillBeforeStop);
}

TEST(ClassifyExit, SigkillExactlyAtTheStopIsInGrace) {
  EXPECT_EQ(ClassifyExit(KilledBy(SIGKILL), kStopNs, kStop), Outcome::kSigkillInGrace);
  EXPECT_EQ(ClassifyExit(KilledBy(SIGKILL), kStopNs + 1, kStop), Outcome::kSigkillInGrace);
}

TEST(ClassifyExit, SigkillJustBeforeTheDeadlineIsInGrace) {
  EXPECT_EQ(ClassifyExit(KilledBy(SIGKILL), kDeadlineNs - 1, kStop), Outcome::kSigkillInGrace);
}

TEST(ClassifyExit, SigkillExactlyAtTheDeadlineIsTheRuntimesRight) {
  EXPECT_EQ(ClassifyExit(KilledBy(SIGKILL), kDeadlineNs, kStop), Outcome::kSigkillAtDeadline);
  EXPECT_EQ(ClassifyExit(KilledBy(SIGKILL), kDeadlineNs + 1, kStop), Outcome::kSigkillAtDeadline);
}

TEST(ClassifyExit, WithNoStopEverySigkillIsBeforeStop) {
  EXPECT_EQ(ClassifyExit(KilledBy(SIGKILL), kDeadlineNs + 1, StopTimes{}), Outcome::kSigkillBeforeStop);
}

TEST(ClassifyExit, StopSentButNoDeadlineYetIsInGrace) {
  EXPECT_EQ(ClassifyExit(KilledBy(SIGKILL), kDeadlineNs * 10, StopTimes{kStopNs, std::nullopt}),
            Outcome::kSigkillInGrace);
}

TEST(ClassifyExit, ExitsAndOtherSignalsIgnoreTheClock) {
  for (int64_t t : {kStopNs - 1, kStopNs, kDeadlineNs}) {
    EXPECT_EQ(ClassifyExit(ExitedWith(0), t, kStop), Outcome::kGraceful);
    EXPECT_EQ(ClassifyExit(ExitedWith(137), t, kStop), Outcome::kGraceful);
    EXPECT_EQ(ClassifyExit(KilledBy(SIGTERM), t, kStop), Outcome::kSignaled);
  }
}

TEST(OutcomeId, EveryOutcomeRoundTrips) {
  for (Outcome o : {Outcome::kGraceful, Outcome::kSignaled, Outcome::kSigkillBeforeStop,
                    Outcome::kSigkillInGrace, Outcome::kSigkillAtDeadline, Outcome::kStillRunning}) {
    EXPECT_EQ(OutcomeFromId(OutcomeId(o)), o) << OutcomeId(o);
  }
  EXPECT_EQ(OutcomeFromId("sigkill"), std::nullopt);
}

}  // namespace
}  // namespace initcheck
