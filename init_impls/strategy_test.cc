// Each strategy's decisions, driven through scripted event sequences on a
// mock kernel. StrictMock + InSequence: a test lists every call the strategy
// makes, in order, so "sends nothing else" is asserted too.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

#include "init_impls/init_strategy.h"
#include "init_impls/mock_kernel.h"

namespace initcheck::inits {
namespace {

using ::testing::_;
using ::testing::AnyNumber;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::Ne;
using ::testing::Optional;
using ::testing::Return;
using ::testing::StrictMock;
using ::testing::Throw;
using ::testing::Values;
using namespace std::chrono_literals;

constexpr pid_t kMain = 100;
constexpr pid_t kWorker = 101;   // a child of main, or an orphan reparented to the init
constexpr pid_t kDaemon = 102;
const std::vector<std::string> kCommand = {"app", "--serve"};
const Kernel::Clock::time_point kT0{std::chrono::seconds(1000)};
const std::optional<Kernel::Clock::time_point> kNoDeadline;

SyscallError Eperm(std::string call) { return SyscallError{std::move(call), EPERM}; }
SyscallError Esrch(std::string call) { return SyscallError{std::move(call), ESRCH}; }

class StrategyTest : public ::testing::Test {
 protected:
  StrategyTest() {
    // The property every strategy shares: the init itself never SIGKILLs.
    EXPECT_CALL(kernel_, Kill(_, SIGKILL)).Times(0);
    EXPECT_CALL(kernel_, Broadcast(SIGKILL)).Times(0);
  }

  int Run(std::string_view name, const StrategyOptions& options = {}) {
    const StrategyInfo* info = FindStrategy(name);
    EXPECT_NE(info, nullptr) << name;
    return info->make(options)->Run(kernel_, kCommand);
  }

  // Runs a strategy that must still be waiting when the script ends.
  void RunExpectingNoExit(std::string_view name, const StrategyOptions& options = {}) {
    EXPECT_THROW(Run(name, options), StillWaiting) << name << " exited early";
  }

  // Ends the script (ExpectStillWaiting) and runs a strategy that must still
  // be waiting there.
  void RunToTheEndOfTheScript(std::string_view name, const StrategyOptions& options = {}) {
    ExpectStillWaiting();
    RunExpectingNoExit(name, options);
  }

  void ExpectSpawn(bool new_process_group = false) {
    EXPECT_CALL(kernel_, Spawn(kCommand, SpawnOptions{.new_process_group = new_process_group}))
        .WillOnce(Return(kMain));
  }

  void ExpectSignal(int signo) {
    EXPECT_CALL(kernel_, WaitForEvent(kNoDeadline)).WillOnce(Return(Event::Signal(signo)));
  }

  // The script ends here: the strategy's next wait proves it did not exit.
  void ExpectStillWaiting() {
    EXPECT_CALL(kernel_, WaitForEvent(_)).WillOnce(Throw(StillWaiting{}));
  }

  void ExpectReaps(std::vector<ReapResult> results) {
    auto& expectation = EXPECT_CALL(kernel_, Reap());
    for (const ReapResult& result : results) expectation.WillOnce(Return(result));
  }

  // A SIGCHLD arrives; the strategy reaps until Reap() has answered each result.
  void ExpectSigchld(std::vector<ReapResult> results) {
    ExpectSignal(SIGCHLD);
    ExpectReaps(std::move(results));
  }

  // signo arrives and the strategy sends it on to `to` alone: the main process,
  // or with -kMain its process group.
  void ExpectForwarded(int signo, pid_t to = kMain) {
    ExpectSignal(signo);
    EXPECT_CALL(kernel_, Kill(to, signo));
  }

  // drain sends signo to every process, then SIGCONT so stopped ones see it.
  void ExpectBroadcast(int signo) {
    EXPECT_CALL(kernel_, Broadcast(signo));
    EXPECT_CALL(kernel_, Broadcast(SIGCONT));
  }

  // signo arrives and drain broadcasts it.
  void ExpectBroadcastOn(int signo) {
    ExpectSignal(signo);
    ExpectBroadcast(signo);
  }

  // Under drain, main exits by itself with code while other processes remain:
  // drain asks them to stop.
  void ExpectMainExitsFirst(int code) {
    ExpectSigchld({Reaped{kMain, ProcessStatus::Exited(code)}, NoneReady{}});
    ExpectBroadcast(SIGTERM);
  }

  StrictMock<MockKernel> kernel_;
};

// ---- Every strategy -------------------------------------------------------

class EveryStrategyTest : public StrategyTest,
                          public ::testing::WithParamInterface<std::string_view> {
 protected:
  bool UsesOwnGroup() const { return GetParam() == "forward-group"; }

  // main ends with status, the last process to go: every strategy exits.
  int RunUntilMainEndsLast(ProcessStatus status) {
    InSequence in_order;
    ExpectSpawn(UsesOwnGroup());
    ExpectSigchld({Reaped{kMain, status}, NoChildren{}});
    return Run(GetParam());
  }
};

INSTANTIATE_TEST_SUITE_P(Strategies, EveryStrategyTest,
                         Values("exit-on-term", "forward-child", "forward-group", "drain"),
                         [](const auto& info) {
                           std::string name(info.param);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST_P(EveryStrategyTest, PassesOnTheMainProcessExitCode) {
  EXPECT_EQ(RunUntilMainEndsLast(ProcessStatus::Exited(42)), 42);
}

TEST_P(EveryStrategyTest, PassesOnTheMainProcessSignalAs128PlusSignal) {
  EXPECT_EQ(RunUntilMainEndsLast(ProcessStatus::KilledBy(SIGTERM)), 143);
}

TEST_P(EveryStrategyTest, ExecFailureStatusOfTheChildIsPassedOn) {
  // RealKernel's child exits 127 when exec fails with ENOENT: to the strategy
  // that is an ordinary exit status.
  EXPECT_EQ(RunUntilMainEndsLast(ProcessStatus::Exited(127)), 127);
}

TEST_P(EveryStrategyTest, FailingToStartTheMainProcessIsTheInitsOwnFailure) {
  InSequence in_order;
  EXPECT_CALL(kernel_, Spawn(kCommand, _)).WillOnce(Return(SyscallError{"fork()", EAGAIN}));
  EXPECT_CALL(kernel_, Log(HasSubstr("cannot start app: fork(): Resource temporarily unavailable")));
  EXPECT_EQ(Run(GetParam()), kInitFailureExitCode);
}

TEST_P(EveryStrategyTest, ReapsEveryZombieBehindOneCoalescedSigchld) {
  InSequence in_order;
  ExpectSpawn(UsesOwnGroup());
  ExpectSigchld({Reaped{kWorker, ProcessStatus::Exited(0)},
                 Reaped{kDaemon, ProcessStatus::KilledBy(SIGSEGV)}, NoneReady{}});
  RunToTheEndOfTheScript(GetParam());
}

TEST_P(EveryStrategyTest, NeverSendsSigkillWhateverItReceives) {
  // Every catchable standard signal but the ones that end exit-on-term, then
  // the main process and everything else exits.
  EXPECT_CALL(kernel_, Spawn(kCommand, _)).WillOnce(Return(kMain));
  EXPECT_CALL(kernel_, Kill(_, Ne(SIGKILL))).Times(AnyNumber());
  EXPECT_CALL(kernel_, Broadcast(Ne(SIGKILL))).Times(AnyNumber());
  {
    InSequence in_order;
    for (int signo = 1; signo < 32; ++signo) {
      if (signo == SIGKILL || signo == SIGSTOP || signo == SIGCHLD || signo == SIGTERM ||
          signo == SIGINT) {
        continue;
      }
      ExpectSignal(signo);
    }
    ExpectSigchld({Reaped{kMain, ProcessStatus::KilledBy(SIGQUIT)}, NoChildren{}});
  }
  EXPECT_EQ(Run(GetParam()), 128 + SIGQUIT);
}

// ---- exit-on-term -----------------------------------------------------------

TEST_F(StrategyTest, ExitOnTermExitsAtOnceOnSigtermSendingNothing) {
  InSequence in_order;
  ExpectSpawn();
  ExpectSignal(SIGTERM);
  EXPECT_EQ(Run("exit-on-term"), 143);
}

TEST_F(StrategyTest, ExitOnTermExitsAtOnceOnSigint) {
  InSequence in_order;
  ExpectSpawn();
  ExpectSignal(SIGINT);
  EXPECT_EQ(Run("exit-on-term"), 130);
}

TEST_F(StrategyTest, ExitOnTermDropsOtherSignalsAndDoesNotStop) {
  InSequence in_order;
  ExpectSpawn();
  ExpectSignal(SIGHUP);
  ExpectSignal(SIGTSTP);
  ExpectSignal(SIGUSR1);
  RunToTheEndOfTheScript("exit-on-term");
}

TEST_F(StrategyTest, ExitOnTermExitsWhenTheMainProcessExitsEvenIfOthersRemain) {
  InSequence in_order;
  ExpectSpawn();
  ExpectSigchld({Reaped{kMain, ProcessStatus::Exited(3)}, NoneReady{}});
  EXPECT_EQ(Run("exit-on-term"), 3);
}

// ---- forward-child ----------------------------------------------------------

TEST_F(StrategyTest, ForwardChildForwardsEachSignalToTheMainProcessOnly) {
  InSequence in_order;
  ExpectSpawn();
  for (int signo : {SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGWINCH, SIGCONT, SIGTSTP,
                    SIGTTIN, SIGTTOU, SIGRTMIN + 1}) {
    ExpectForwarded(signo);
  }
  RunToTheEndOfTheScript("forward-child");
}

TEST_F(StrategyTest, ForwardChildExitsRightAfterTheMainProcessWhileOthersRemain) {
  InSequence in_order;
  ExpectSpawn();
  ExpectForwarded(SIGTERM);
  ExpectSigchld({Reaped{kWorker, ProcessStatus::Exited(0)},
                 Reaped{kMain, ProcessStatus::KilledBy(SIGTERM)}, NoneReady{}});
  EXPECT_EQ(Run("forward-child"), 143);
}

TEST_F(StrategyTest, ForwardChildKeepsWaitingWhenOnlyAnOrphanExits) {
  InSequence in_order;
  ExpectSpawn();
  ExpectSigchld({Reaped{kDaemon, ProcessStatus::Exited(0)}, NoneReady{}});
  RunToTheEndOfTheScript("forward-child");
}

TEST_F(StrategyTest, ForwardChildLogsAFailedForwardButNotARaceWithExit) {
  InSequence in_order;
  ExpectSpawn();
  ExpectSignal(SIGHUP);
  EXPECT_CALL(kernel_, Kill(kMain, SIGHUP)).WillOnce(Return(Esrch("kill(100, SIGHUP)")));
  ExpectSignal(SIGUSR1);
  EXPECT_CALL(kernel_, Kill(kMain, SIGUSR1)).WillOnce(Return(Eperm("kill(100, SIGUSR1)")));
  EXPECT_CALL(kernel_, Log(Eq("kill(100, SIGUSR1): Operation not permitted")));
  RunToTheEndOfTheScript("forward-child");
}

// ---- forward-group ----------------------------------------------------------

TEST_F(StrategyTest, ForwardGroupStartsTheMainProcessInItsOwnGroupAndSignalsTheGroup) {
  InSequence in_order;
  ExpectSpawn(/*new_process_group=*/true);
  for (int signo : {SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGWINCH}) {
    ExpectForwarded(signo, -kMain);
  }
  RunToTheEndOfTheScript("forward-group");
}

TEST_F(StrategyTest, ForwardGroupExitsRightAfterTheMainProcessWhileOthersRemain) {
  InSequence in_order;
  ExpectSpawn(/*new_process_group=*/true);
  ExpectForwarded(SIGTERM, -kMain);
  ExpectSigchld({Reaped{kMain, ProcessStatus::Exited(0)}, NoneReady{}});
  EXPECT_EQ(Run("forward-group"), 0);
}

// ---- drain ------------------------------------------------------------------

TEST_F(StrategyTest, DrainBroadcastsEachStopSignalThenSigcont) {
  InSequence in_order;
  ExpectSpawn();
  for (int signo : {SIGTERM, SIGINT, SIGQUIT}) {
    ExpectBroadcastOn(signo);
  }
  RunToTheEndOfTheScript("drain");
}

TEST_F(StrategyTest, DrainSendsOtherSignalsToTheMainProcessOnly) {
  InSequence in_order;
  ExpectSpawn();
  for (int signo : {SIGHUP, SIGUSR1, SIGWINCH, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU}) {
    ExpectForwarded(signo);
  }
  RunToTheEndOfTheScript("drain");
}

TEST_F(StrategyTest, DrainBroadcastsTheSignalsNamedWithBroadcastOption) {
  InSequence in_order;
  ExpectSpawn();
  ExpectBroadcastOn(SIGWINCH);
  ExpectForwarded(SIGHUP);     // not named: main only
  ExpectBroadcastOn(SIGTERM);  // named again: still broadcast once
  RunToTheEndOfTheScript("drain", {.extra_broadcast_signals = {SIGWINCH, SIGTERM}});
}

TEST_F(StrategyTest, DrainDoesNotExitWhileOtherProcessesRemain) {
  InSequence in_order;
  ExpectSpawn();
  ExpectBroadcastOn(SIGTERM);
  ExpectSigchld({Reaped{kMain, ProcessStatus::KilledBy(SIGTERM)}, NoneReady{}});
  // The stop request already reached everyone: nothing more is sent.
  RunToTheEndOfTheScript("drain");
}

TEST_F(StrategyTest, DrainExitsWithMainsSignalStatusOnceNoProcessIsLeft) {
  InSequence in_order;
  ExpectSpawn();
  ExpectBroadcastOn(SIGTERM);
  ExpectSigchld({Reaped{kMain, ProcessStatus::KilledBy(SIGTERM)}, NoneReady{}});
  ExpectSigchld({Reaped{kWorker, ProcessStatus::Exited(0)}, NoneReady{}});
  ExpectSigchld({Reaped{kDaemon, ProcessStatus::Exited(1)}, NoChildren{}});
  EXPECT_EQ(Run("drain"), 143);
}

TEST_F(StrategyTest, DrainAsksTheRestToStopWhenMainExitsByItselfAndWaitsForThem) {
  InSequence in_order;
  ExpectSpawn();
  ExpectMainExitsFirst(42);
  ExpectSignal(SIGHUP);  // main is gone: nobody to send it to
  ExpectSigchld({Reaped{kWorker, ProcessStatus::Exited(0)}, NoChildren{}});
  EXPECT_EQ(Run("drain"), 42);
}

TEST_F(StrategyTest, DrainExitsAtOnceWhenMainExitsByItselfAndNothingElseRuns) {
  InSequence in_order;
  ExpectSpawn();
  ExpectSigchld({Reaped{kMain, ProcessStatus::Exited(42)}, NoChildren{}});
  EXPECT_EQ(Run("drain"), 42);
}

TEST_F(StrategyTest, DrainStopSignalAfterMainExitedIsStillBroadcast) {
  InSequence in_order;
  ExpectSpawn();
  ExpectMainExitsFirst(0);
  ExpectBroadcastOn(SIGINT);
  RunToTheEndOfTheScript("drain");
}

TEST_F(StrategyTest, DrainGraceBoundsTheWaitAfterMainExitedByItself) {
  InSequence in_order;
  ExpectSpawn();
  ExpectMainExitsFirst(7);
  EXPECT_CALL(kernel_, Now()).WillOnce(Return(kT0));
  // Every later wait is bounded by the same deadline, not restarted.
  EXPECT_CALL(kernel_, WaitForEvent(Optional(kT0 + 250ms)))
      .WillOnce(Return(Event::Signal(SIGCHLD)));
  ExpectReaps({Reaped{kWorker, ProcessStatus::Exited(0)}, NoneReady{}});
  EXPECT_CALL(kernel_, WaitForEvent(Optional(kT0 + 250ms))).WillOnce(Return(Event::Timeout()));
  EXPECT_CALL(kernel_, Log(HasSubstr("grace period of 250 ms")));
  EXPECT_EQ(Run("drain", {.grace = 250ms}), 7);
}

TEST_F(StrategyTest, DrainGraceDoesNotApplyAfterAStopRequest) {
  // After SIGTERM the runtime's grace period rules; --grace-ms is for the
  // workload ending by itself.
  InSequence in_order;
  ExpectSpawn();
  ExpectBroadcastOn(SIGTERM);
  ExpectSigchld({Reaped{kMain, ProcessStatus::Exited(0)}, NoneReady{}});
  EXPECT_CALL(kernel_, WaitForEvent(kNoDeadline)).WillOnce(Throw(StillWaiting{}));
  RunExpectingNoExit("drain", {.grace = 250ms});
}

TEST_F(StrategyTest, DrainLogsAFailedBroadcastAndCarriesOn) {
  InSequence in_order;
  ExpectSpawn();
  ExpectSignal(SIGTERM);
  EXPECT_CALL(kernel_, Broadcast(SIGTERM)).WillOnce(Return(Eperm("kill(-1, SIGTERM)")));
  EXPECT_CALL(kernel_, Log(Eq("kill(-1, SIGTERM): Operation not permitted")));
  EXPECT_CALL(kernel_, Broadcast(SIGCONT));
  RunToTheEndOfTheScript("drain");
}

// ---- registry ---------------------------------------------------------------

TEST(StrategyRegistryTest, KnowsEveryStrategyByNameWithHelp) {
  std::vector<std::string_view> names;
  for (const StrategyInfo& info : Strategies()) {
    names.push_back(info.name);
    EXPECT_FALSE(info.help.empty()) << info.name;
    EXPECT_EQ(FindStrategy(info.name), &info);
  }
  EXPECT_THAT(names, ::testing::ElementsAre("exit-on-term", "forward-child", "forward-group",
                                            "drain"));
  EXPECT_EQ(FindStrategy("tini"), nullptr);
  EXPECT_TRUE(FindStrategy("drain")->takes_drain_options);
  EXPECT_FALSE(FindStrategy("forward-child")->takes_drain_options);
}

}  // namespace
}  // namespace initcheck::inits
