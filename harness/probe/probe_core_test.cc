// ProbeCore's decisions on a virtual clock: each test scripts what the kernel
// reports and when, runs the core until it exits (or would wait forever), and
// asserts the whole journal, with times, and the exit.
#include "harness/probe/probe_core.h"

#include <gtest/gtest.h>

#include <csignal>
#include <ostream>

#include "harness/model/signal_names.h"
#include "harness/probe/scripted_probe_effects.h"

namespace initcheck {

// Readable failures: "cleanup-start SIGTERM code 0 at 50 ms (main)".
void PrintTo(const JournalEntry& e, std::ostream* os) {
  *os << JournalKindId(e.kind);
  if (e.signo) *os << " " << SignalName(e.signo);
  *os << " code " << e.code << " at " << e.t_ns / 1'000'000.0 << " ms (" << e.node << ")";
}

namespace {

constexpr int64_t Ms(int64_t ms) { return ms * 1'000'000; }

JournalEntry Entry(JournalKind kind, int64_t t_ns, int signo = 0, int code = 0,
                   std::string node = "main") {
  JournalEntry entry;
  entry.t_ns = t_ns;
  entry.node = std::move(node);
  entry.kind = kind;
  entry.signo = signo;
  entry.code = code;
  return entry;
}

JournalEntry Start() { return Entry(JournalKind::kStart, 0); }
JournalEntry Ready() { return Entry(JournalKind::kReady, 0); }
JournalEntry Caught(int signo, int64_t t) { return Entry(JournalKind::kSignal, t, signo); }
JournalEntry CleanupStart(int signo, int64_t t) {
  return Entry(JournalKind::kCleanupStart, t, signo);
}
JournalEntry Forwarded(int signo, int64_t t) { return Entry(JournalKind::kForwarded, t, signo); }
JournalEntry Exiting(int code, int64_t t) { return Entry(JournalKind::kExiting, t, 0, code); }

ProcessSpec Node(std::string name, std::map<int, Disposition> on_signal = {}) {
  ProcessSpec node;
  node.name = std::move(name);
  node.on_signal = std::move(on_signal);
  return node;
}

Disposition Exit(int after_ms, int code) { return {SignalAction::kExit, after_ms, code}; }
Disposition Forward(int after_ms, int code) { return {SignalAction::kForward, after_ms, code}; }
constexpr Disposition kRecord{SignalAction::kRecord, 0, 0};

class ProbeCoreTest : public ::testing::Test {
 protected:
  // Runs the core on main_ until it exits; fails the test if it never does.
  ProbeExited RunToExit() {
    try {
      ProbeCore(main_, effects_).Run();
    } catch (const ProbeExited& exited) {
      return exited;
    } catch (const StillWaiting& waiting) {
      ADD_FAILURE() << "still waiting at " << waiting.t_ns << " ns, never exited";
    }
    return {-1, -1};
  }

  // Runs the core on main_, which must still be waiting when the script ends.
  void RunToEndOfScript() {
    EXPECT_THROW(ProbeCore(main_, effects_).Run(), StillWaiting);
  }

  void SignalAt(int64_t t, int signo) { effects_.At(t, ProbeEvent::SignalCaught(signo, t)); }
  void ChildExitsAt(int64_t t, ChildId child) { effects_.At(t, ProbeEvent::ChildExited(child)); }
  void StartClockAt(int64_t t) { effects_.At(t, ProbeEvent::StartClockKnown(t)); }

  ProcessSpec main_ = Node("main");
  ScriptedProbeEffects effects_{"main"};
};

TEST_F(ProbeCoreTest, StartsInOrderAndLeavesDefaultAndIgnoreToTheKernel) {
  main_ = Node("main", {{SIGTERM, Exit(100, 0)},
                        {SIGINT, {SignalAction::kIgnore, 0, 0}},
                        {SIGHUP, kRecord},
                        {SIGQUIT, {SignalAction::kDefault, 0, 0}},
                        {SIGUSR1, Forward(0, 0)}});
  main_.session = SessionMode::kNewSession;
  main_.block = {SIGUSR2};
  main_.children = {Node("worker"), Node("daemon")};
  main_.children[1].daemonize = true;
  effects_.Inherit({.blocked = {SIGPIPE}, .ignored = {SIGINT}});

  RunToEndOfScript();

  JournalEntry start = Start();
  start.blocked = {SIGPIPE};
  start.ignored = {SIGINT};
  EXPECT_EQ(effects_.journal,
            (std::vector<JournalEntry>{start, Entry(JournalKind::kDetached, 0, 0, 0, "daemon"),
                                       Ready()}));
  EXPECT_EQ(effects_.session, SessionMode::kNewSession);
  EXPECT_EQ(effects_.handling, (std::map<int, SignalHandling>{
                                   {SIGTERM, SignalHandling::kCatch},
                                   {SIGINT, SignalHandling::kIgnore},
                                   {SIGHUP, SignalHandling::kCatch},
                                   {SIGQUIT, SignalHandling::kDefault},
                                   {SIGUSR1, SignalHandling::kCatch},
                               }));
  EXPECT_EQ(effects_.spawned, std::vector<std::string>{"worker"});
  EXPECT_EQ(effects_.daemons, std::vector<std::string>{"daemon"});
  EXPECT_EQ(effects_.blocked, std::vector<int>{SIGUSR2});
}

TEST_F(ProbeCoreTest, ExitCleansUpForAfterMsThenExitsWithItsCode) {
  main_ = Node("main", {{SIGTERM, Exit(100, 3)}});
  SignalAt(Ms(50), SIGTERM);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.code, 3);
  EXPECT_EQ(exited.t_ns, Ms(150));
  EXPECT_EQ(effects_.journal,
            (std::vector<JournalEntry>{Start(), Ready(), Caught(SIGTERM, Ms(50)),
                                       CleanupStart(SIGTERM, Ms(50)), Exiting(3, Ms(150))}));
}

TEST_F(ProbeCoreTest, SignalDuringCleanupIsJournaledAndDoesNotRestartIt) {
  main_ = Node("main", {{SIGTERM, Exit(100, 3)}, {SIGINT, Exit(500, 9)}});
  SignalAt(Ms(50), SIGTERM);
  SignalAt(Ms(120), SIGINT);
  SignalAt(Ms(130), SIGTERM);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.code, 3);
  EXPECT_EQ(exited.t_ns, Ms(150));
  EXPECT_EQ(effects_.journal,
            (std::vector<JournalEntry>{Start(), Ready(), Caught(SIGTERM, Ms(50)),
                                       CleanupStart(SIGTERM, Ms(50)), Caught(SIGINT, Ms(120)),
                                       Caught(SIGTERM, Ms(130)), Exiting(3, Ms(150))}));
}

TEST_F(ProbeCoreTest, ForwardWaitsForEveryChildThenCleansUp) {
  main_ = Node("main", {{SIGTERM, Forward(50, 4)}});
  main_.children = {Node("a"), Node("b")};
  SignalAt(Ms(100), SIGTERM);
  ChildExitsAt(Ms(150), 1);
  ChildExitsAt(Ms(300), 2);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.code, 4);
  EXPECT_EQ(exited.t_ns, Ms(350));
  EXPECT_EQ(effects_.sent, (std::vector<ScriptedProbeEffects::Sent>{{1, SIGTERM, Ms(100)},
                                                                    {2, SIGTERM, Ms(100)}}));
  EXPECT_EQ(effects_.reaped, (std::vector<ChildId>{1, 2}));
  EXPECT_EQ(effects_.journal,
            (std::vector<JournalEntry>{Start(), Ready(), Caught(SIGTERM, Ms(100)),
                                       Forwarded(SIGTERM, Ms(100)), CleanupStart(SIGTERM, Ms(300)),
                                       Exiting(4, Ms(350))}));
}

TEST_F(ProbeCoreTest, ForwardSendsOnlyToChildrenStillAlive) {
  main_ = Node("main", {{SIGTERM, Forward(0, 0)}});
  main_.children = {Node("a"), Node("b")};
  ChildExitsAt(Ms(10), 1);
  SignalAt(Ms(100), SIGTERM);
  ChildExitsAt(Ms(200), 2);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.t_ns, Ms(200));
  EXPECT_EQ(effects_.sent, (std::vector<ScriptedProbeEffects::Sent>{{2, SIGTERM, Ms(100)}}));
}

TEST_F(ProbeCoreTest, SignalDuringForwardIsJournaledAndChangesNothing) {
  main_ = Node("main", {{SIGTERM, Forward(50, 4)}, {SIGINT, Exit(0, 9)}});
  main_.children = {Node("a")};
  SignalAt(Ms(100), SIGTERM);
  SignalAt(Ms(120), SIGINT);
  SignalAt(Ms(130), SIGTERM);
  ChildExitsAt(Ms(200), 1);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.code, 4);
  EXPECT_EQ(exited.t_ns, Ms(250));
  EXPECT_EQ(effects_.sent, (std::vector<ScriptedProbeEffects::Sent>{{1, SIGTERM, Ms(100)}}));
  EXPECT_EQ(effects_.journal,
            (std::vector<JournalEntry>{Start(), Ready(), Caught(SIGTERM, Ms(100)),
                                       Forwarded(SIGTERM, Ms(100)), Caught(SIGINT, Ms(120)),
                                       Caught(SIGTERM, Ms(130)), CleanupStart(SIGTERM, Ms(200)),
                                       Exiting(4, Ms(250))}));
}

TEST_F(ProbeCoreTest, ADeferredTrapWaitsForEveryChildThenCleansUp) {
  Disposition deferred = Exit(50, 4);
  deferred.deferred = true;
  main_ = Node("main", {{SIGTERM, deferred}});
  main_.children = {Node("job")};
  SignalAt(Ms(100), SIGTERM);
  ChildExitsAt(Ms(300), 1);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.code, 4);
  EXPECT_EQ(exited.t_ns, Ms(350));
  EXPECT_TRUE(effects_.sent.empty());  // a trap sends nothing on
  EXPECT_EQ(effects_.journal,
            (std::vector<JournalEntry>{Start(), Ready(), Caught(SIGTERM, Ms(100)), CleanupStart(SIGTERM, Ms(300)),
                                       Exiting(4, Ms(350))}));
}

TEST_F(ProbeCoreTest, ExitWithChildrenExitsOnceTheLastHasWithItsCode) {
  main_ = Node("main");
  main_.exit_with_children = true;
  main_.exit_code = 6;
  main_.children = {Node("a"), Node("b")};
  ChildExitsAt(Ms(150), 1);
  ChildExitsAt(Ms(300), 2);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.code, 6);
  EXPECT_EQ(exited.t_ns, Ms(300));
  EXPECT_EQ(effects_.reaped, (std::vector<ChildId>{1, 2}));
}

TEST_F(ProbeCoreTest, ForwardWithNoChildrenCleansUpAtOnce) {
  main_ = Node("main", {{SIGTERM, Forward(50, 4)}});
  SignalAt(Ms(100), SIGTERM);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.code, 4);
  EXPECT_EQ(exited.t_ns, Ms(150));
  EXPECT_TRUE(effects_.sent.empty());
  EXPECT_EQ(effects_.journal,
            (std::vector<JournalEntry>{Start(), Ready(), Caught(SIGTERM, Ms(100)),
                                       Forwarded(SIGTERM, Ms(100)), CleanupStart(SIGTERM, Ms(100)),
                                       Exiting(4, Ms(150))}));
}

TEST_F(ProbeCoreTest, ForwardDoesNotSignalOrWaitForADaemonizedChild) {
  main_ = Node("main", {{SIGTERM, Forward(50, 4)}});
  main_.children = {Node("daemon")};
  main_.children[0].daemonize = true;
  SignalAt(Ms(100), SIGTERM);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.t_ns, Ms(150));
  EXPECT_TRUE(effects_.sent.empty());
  EXPECT_EQ(effects_.journal,
            (std::vector<JournalEntry>{Start(), Entry(JournalKind::kDetached, 0, 0, 0, "daemon"),
                                       Ready(), Caught(SIGTERM, Ms(100)),
                                       Forwarded(SIGTERM, Ms(100)), CleanupStart(SIGTERM, Ms(100)),
                                       Exiting(4, Ms(150))}));
}

TEST_F(ProbeCoreTest, SpontaneousExitKeepsItsTimeDuringALongerCleanup) {
  main_ = Node("main", {{SIGTERM, Exit(500, 3)}});
  main_.exit_after_ms = 200;
  main_.exit_code = 7;
  StartClockAt(Ms(10));
  SignalAt(Ms(100), SIGTERM);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.code, 7);
  EXPECT_EQ(exited.t_ns, Ms(210));
  EXPECT_EQ(effects_.journal,
            (std::vector<JournalEntry>{Start(), Ready(), Caught(SIGTERM, Ms(100)),
                                       CleanupStart(SIGTERM, Ms(100)), Exiting(7, Ms(210))}));
}

TEST_F(ProbeCoreTest, SpontaneousExitBySignalIsDealtToItselfAtItsTime) {
  main_ = Node("main", {{SIGTERM, Exit(500, 3)}});
  main_.exit_after_ms = 200;
  main_.exit_signal = SIGKILL;
  StartClockAt(Ms(10));

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.signo, SIGKILL);
  EXPECT_EQ(exited.t_ns, Ms(210));
  JournalEntry raised = Exiting(0, Ms(210));
  raised.signo = SIGKILL;
  EXPECT_EQ(effects_.journal, (std::vector<JournalEntry>{Start(), Ready(), raised}));
}

// The spontaneous exit against a cleanup or a forward started by SIGTERM at
// 100 ms, with t = 0 at 0 and one child that never exits.
struct ExitRace {
  const char* name;
  Disposition on_sigterm;
  int exit_after_ms;    // spontaneous exit, code 7
  int oversleep_ms;     // how late every timed wait wakes
  int expected_code;
  int expected_exit_ms;
};

class ExitRaceTest : public ProbeCoreTest, public ::testing::WithParamInterface<ExitRace> {};

TEST_P(ExitRaceTest, TheExitDueFirstWins) {
  const ExitRace& race = GetParam();
  main_ = Node("main", {{SIGTERM, race.on_sigterm}});
  main_.children = {Node("a")};
  main_.exit_after_ms = race.exit_after_ms;
  main_.exit_code = 7;
  StartClockAt(0);
  SignalAt(Ms(100), SIGTERM);
  effects_.OversleepBy(Ms(race.oversleep_ms));

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.code, race.expected_code);
  EXPECT_EQ(exited.t_ns, Ms(race.expected_exit_ms));
}

INSTANTIATE_TEST_SUITE_P(
    ProbeCore, ExitRaceTest,
    ::testing::Values(
        ExitRace{"SpontaneousExitDuringAForward", Forward(0, 4), 200, 0, 7, 200},
        ExitRace{"CleanupEndingFirstWins", Exit(100, 3), 500, 0, 3, 200},
        ExitRace{"CleanupWinsATie", Exit(100, 3), 200, 0, 3, 200},
        // A late wake-up finds both deadlines past: the one due first decides.
        ExitRace{"WokenLateSpontaneousExitDueFirst", Exit(150, 3), 200, 100, 7, 300},
        ExitRace{"WokenLateCleanupDueFirst", Exit(50, 3), 200, 100, 3, 250}),
    [](const ::testing::TestParamInfo<ExitRace>& info) { return std::string(info.param.name); });

TEST_F(ProbeCoreTest, RecordJournalsAndKeepsRunning) {
  main_ = Node("main", {{SIGHUP, kRecord}});
  SignalAt(Ms(50), SIGHUP);
  SignalAt(Ms(60), SIGHUP);

  RunToEndOfScript();

  EXPECT_EQ(effects_.journal, (std::vector<JournalEntry>{Start(), Ready(), Caught(SIGHUP, Ms(50)),
                                                         Caught(SIGHUP, Ms(60))}));
}

TEST_F(ProbeCoreTest, RecordDoesNotDelayTheSpontaneousExit) {
  main_ = Node("main", {{SIGHUP, kRecord}});
  main_.exit_after_ms = 100;
  main_.exit_code = 5;
  StartClockAt(0);
  SignalAt(Ms(50), SIGHUP);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.code, 5);
  EXPECT_EQ(exited.t_ns, Ms(100));
  EXPECT_EQ(effects_.journal, (std::vector<JournalEntry>{Start(), Ready(), Caught(SIGHUP, Ms(50)),
                                                         Exiting(5, Ms(100))}));
}

// The kernel carries out default and ignore; should such a signal reach the
// core anyway, it is journaled and changes nothing.
TEST_F(ProbeCoreTest, DefaultOrIgnoredSignalReachingTheCoreChangesNothing) {
  main_ = Node("main", {{SIGINT, {SignalAction::kIgnore, 100, 9}}});
  SignalAt(Ms(50), SIGINT);
  SignalAt(Ms(60), SIGUSR1);

  RunToEndOfScript();

  EXPECT_EQ(effects_.journal, (std::vector<JournalEntry>{Start(), Ready(), Caught(SIGINT, Ms(50)),
                                                         Caught(SIGUSR1, Ms(60))}));
}

TEST_F(ProbeCoreTest, SpontaneousExitCountsFromTheStartClockNotFromReady) {
  main_.exit_after_ms = 100;
  StartClockAt(Ms(40));

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.code, 0);
  EXPECT_EQ(exited.t_ns, Ms(140));
}

TEST_F(ProbeCoreTest, NoSpontaneousExitBeforeTheStartClockIsKnown) {
  main_.exit_after_ms = 100;

  RunToEndOfScript();

  EXPECT_EQ(effects_.journal, (std::vector<JournalEntry>{Start(), Ready()}));
}

TEST_F(ProbeCoreTest, RacyStartFindsTheStartClockAlreadyKnown) {
  main_.exit_after_ms = 100;
  effects_.StartClockAlreadyKnown(-Ms(30));

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.t_ns, Ms(70));
}

TEST_F(ProbeCoreTest, ReapsExitedChildrenUnlessTheNodeLeavesZombies) {
  main_.children = {Node("a"), Node("b")};
  ChildExitsAt(Ms(10), 2);
  ChildExitsAt(Ms(20), 1);
  RunToEndOfScript();
  EXPECT_EQ(effects_.reaped, (std::vector<ChildId>{2, 1}));
  EXPECT_TRUE(effects_.zombies.empty());
}

TEST_F(ProbeCoreTest, LeavesZombiesWithReapFalse) {
  main_.children = {Node("a")};
  main_.reap = false;
  main_.on_signal = {{SIGTERM, Forward(10, 0)}};
  SignalAt(Ms(5), SIGTERM);
  ChildExitsAt(Ms(10), 1);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.t_ns, Ms(20));
  EXPECT_TRUE(effects_.reaped.empty());
  EXPECT_EQ(effects_.zombies, (std::vector<ChildId>{1}));
}

// One batch is handled whole before the clock is read again: the signal and
// the child's exit that arrive together both count.
TEST_F(ProbeCoreTest, ABatchIsHandledInTheOrderItArrived) {
  main_ = Node("main", {{SIGTERM, Forward(10, 2)}});
  main_.children = {Node("a")};
  SignalAt(Ms(100), SIGTERM);
  ChildExitsAt(Ms(100), 1);

  ProbeExited exited = RunToExit();

  EXPECT_EQ(exited.t_ns, Ms(110));
  EXPECT_EQ(effects_.sent, (std::vector<ScriptedProbeEffects::Sent>{{1, SIGTERM, Ms(100)}}));
  EXPECT_EQ(effects_.journal,
            (std::vector<JournalEntry>{Start(), Ready(), Caught(SIGTERM, Ms(100)),
                                       Forwarded(SIGTERM, Ms(100)), CleanupStart(SIGTERM, Ms(100)),
                                       Exiting(2, Ms(110))}));
}

}  // namespace
}  // namespace initcheck
