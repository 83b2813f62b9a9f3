// The behaviours tini's and dumb-init's own test suites assert, each run
// here for real under that init and judged as initcheck judges it. Every
// test is named after its row in docs/peer-suites.md (T for tini, D for
// dumb-init), which says what the peer asserts and what initcheck adds.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "harness/codec/scenario_json.h"
#include "harness/model/signal_names.h"
#include "harness/runner/init_catalogue.h"
#include "harness/testing/namespace_run.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

using testing::ProcessNamed;
using testing::Summary;

// PID 1's exit code; fails the test when it did not exit with one.
int Pid1Code(const Trace& trace) {
  const ProcessRecord& init = ProcessNamed(trace, "pid1");
  EXPECT_TRUE(WIFEXITED(init.wait_status)) << Summary(trace);
  return WIFEXITED(init.wait_status) ? WEXITSTATUS(init.wait_status) : -1;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// D15 (dumb-init's exit_status_test, terminated by signal): a child that
// kills itself with SIGTERM, SIGHUP, SIGQUIT or SIGKILL makes PID 1 exit
// 128 + N. tini's T13 asserts the same numbers for signals sent through it.
class DiesBySignalOfItsOwn : public ::testing::TestWithParam<std::string> {};

TEST_P(DiesBySignalOfItsOwn, D15_Pid1Exits128PlusTheSignal) {
  const InitCommand init = testing::InitForTest(GetParam());
  for (int signo : {SIGTERM, SIGHUP, SIGQUIT, SIGKILL}) {
    SCOPED_TRACE(SignalName(signo));
    const Scenario scenario = ParseScenario(fmt::format(
        R"({{"name": "main-kills-itself", "main": {{"exit_after_ms": 20, "exit_signal": "{}"}}}})",
        SignalName(signo)));
    const Trace trace = testing::RunJudging(init, scenario, {"exit-code"});
    const ProcessRecord& main = ProcessNamed(trace, "main");
    EXPECT_EQ(main.outcome, Outcome::kSignaled) << Summary(trace);
    EXPECT_TRUE(WIFSIGNALED(main.wait_status) && WTERMSIG(main.wait_status) == signo) << Summary(trace);
    EXPECT_EQ(Pid1Code(trace), 128 + signo);
    EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
    EXPECT_EQ(trace.observer, "proc-connector");
  }
}

INSTANTIATE_TEST_SUITE_P(PeerInits, DiesBySignalOfItsOwn,
                         ::testing::Values("tini", "dumb-init", "dumb-init-single"), testing::ParamName);

// A SIGKILL a process deals itself in the grace period is the scenario's,
// not the init's: no-sigkill-in-grace holds, and the trace calls it signaled.
TEST(SelfDealtSigkill, IsNoSigkillInGrace) {
  const Scenario scenario = ParseScenario(R"({"name": "worker-kills-itself-in-grace",
      "stop": {"at_ms": 0, "grace_ms": 2000},
      "main": {"on_signal": {"SIGTERM": {"action": "forward"}},
               "children": [{"name": "worker", "on_signal": {"SIGTERM": {"action": "record"}},
                             "exit_after_ms": 100, "exit_signal": "SIGKILL"}]}})");
  const Trace trace = testing::RunJudging(testing::InitForTest("tini"), scenario, {"no-sigkill-in-grace"});
  const ProcessRecord& worker = ProcessNamed(trace, "worker");
  EXPECT_EQ(worker.outcome, Outcome::kSignaled) << Summary(trace);
  EXPECT_TRUE(WIFSIGNALED(worker.wait_status) && WTERMSIG(worker.wait_status) == SIGKILL);
  EXPECT_EQ(testing::Judge(trace, "no-sigkill-in-grace").value, VerdictValue::kHolds);
}

// T10 (tini's sigconf test): PID 1 started with SIGTTIN, SIGILL and SIGTERM
// blocked and SIGTTOU, SIGSEGV and SIGINT ignored hands main exactly that.
// clean-signal-state holds for tini and drain, which pass it on; catatonit,
// which ignores SIGTSTP and SIGTTIN in main as well, still violates it.
TEST(InheritedSignalState, T10_PassedOnToMainUnchanged) {
  const Scenario scenario = ParseScenario(R"({"name": "sigconf",
      "pid1_inherits": {"blocked": ["SIGTTIN", "SIGILL", "SIGTERM"], "ignored": ["SIGTTOU", "SIGSEGV", "SIGINT"]},
      "main": {"exit_after_ms": 20}})");
  for (const char* init : {"tini", "drain", "catatonit"}) {
    SCOPED_TRACE(init);
    const Trace trace = testing::RunJudging(testing::InitForTest(init), scenario, {"clean-signal-state"});
    const Verdict verdict = testing::Judge(trace, "clean-signal-state");
    if (std::string(init) == "catatonit") {
      ASSERT_EQ(verdict.value, VerdictValue::kViolated) << verdict.note;
      EXPECT_TRUE(Contains(verdict.violations[0].explanation, "the init added SIGTSTP")) << verdict.violations[0].explanation;
      continue;
    }
    EXPECT_EQ(verdict.value, VerdictValue::kHolds) << verdict.note;
    EXPECT_EQ(verdict.note, "main started with what PID 1 was given: SIGTTIN, SIGILL and SIGTERM blocked and SIGTTOU, "
                            "SIGSEGV and SIGINT ignored");
  }
}

// The init called base from the catalogue, with other arguments before the
// command the run appends: a peer's command line.
InitCommand WithArguments(const std::string& base, const std::string& label, std::vector<std::string> args) {
  InitCommand init = testing::InitForTest(base);
  args.insert(args.begin(), init.argv_prefix.front());
  return InitCommand{label, std::move(args), {}};
}

// A scenario whose PID 1 is expected to end before any workload (early_exit).
Scenario EarlyExitScenario(const std::string& code, const std::string& exec_error = "") {
  return ParseScenario(fmt::format(R"({{"name": "early-exit", "early_exit": {{"code": {}}}, "main": {{{}}}}})", code,
                                   exec_error.empty() ? "" : fmt::format(R"("exec_error": "{}")", exec_error)));
}

// exit-code's verdict on an early-exit run, and nothing else started.
void ExpectEarlyExit(const Trace& trace, VerdictValue expected) {
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, expected) << Summary(trace);
  EXPECT_EQ(trace.observer, "proc-connector");
  for (const auto& e : trace.journal) EXPECT_NE(e.kind, JournalKind::kReady) << e.node << " started";
}

// T16 (tini's run_outer_tests, "zzzz"): a command that does not exist gives
// 127, docker's and the shell's code for it, which the scenario states.
TEST(ExecFailure, T16_TiniGives127ForAMissingCommand) {
  const Trace trace = testing::RunUnder("tini", EarlyExitScenario("127", "ENOENT"));
  EXPECT_EQ(Pid1Code(trace), 127) << trace.init_output;
  ExpectEarlyExit(trace, VerdictValue::kHolds);
}

// D12 (dumb-init's child_processes_test, bad exec): a command that cannot be
// exec'd gives a nonzero exit and "No such file or directory" on stderr.
// dumb-init's code is 2, not the 127 a runtime gives: the peer asserts only
// nonzero, initcheck's scenario stating 127 finds exit-code violated.
TEST(ExecFailure, D12_DumbInitFailsNonzeroSayingWhy) {
  for (const char* init : {"dumb-init", "dumb-init-single"}) {
    SCOPED_TRACE(init);
    const Trace nonzero = testing::RunUnder(init, EarlyExitScenario("\"nonzero\"", "ENOENT"));
    EXPECT_NE(Pid1Code(nonzero), 0);
    EXPECT_TRUE(Contains(nonzero.init_output, "No such file or directory")) << nonzero.init_output;
    ExpectEarlyExit(nonzero, VerdictValue::kHolds);

    const Trace docker = testing::RunUnder(init, EarlyExitScenario("127", "ENOENT"));
    EXPECT_EQ(Pid1Code(docker), 2) << docker.init_output;
    ExpectEarlyExit(docker, VerdictValue::kViolated);
  }
}

// A file without execute permission: 126 from tini, as from a shell.
TEST(ExecFailure, TiniGives126ForACommandItCannotExecute) {
  const Trace trace = testing::RunUnder("tini", EarlyExitScenario("126", "EACCES"));
  EXPECT_EQ(Pid1Code(trace), 126) << trace.init_output;
  ExpectEarlyExit(trace, VerdictValue::kHolds);
}

// An init that is expected to end early but runs the workload instead is a
// violation, never a harness fault: drain is given a command that works.
TEST(EarlyExit, AnInitThatRunsTheWorkloadInsteadViolatesExitCode) {
  const Trace trace = testing::RunJudging(testing::InitForTest("drain"), ParseScenario(R"({"name": "early-exit",
      "early_exit": {"code": 1}, "main": {"exit_after_ms": 10}})"), {"exit-code"});
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kViolated) << Summary(trace);
}

// A catalogue scenario, as the file has it.
Scenario Catalogue(const std::string& name) { return LoadScenarioFile(testing::FindScenarioFile(name)); }

// main ends by itself at 300 ms, recording each of signals; the signals go
// to PID 1 10 ms apart from 10 ms on.
Scenario Recording(const std::string& name, const std::vector<int>& recorded, const std::vector<int>& sent) {
  Scenario s;
  s.name = name;
  s.main.name = "main";
  s.main.exit_after_ms = 300;
  for (int signo : recorded) s.main.on_signal[signo] = {SignalAction::kRecord, 0, 0};
  for (size_t i = 0; i < sent.size(); ++i) s.signals.push_back({10 * static_cast<int>(i + 1), sent[i]});
  return s;
}

// The signals main journaled, in order.
std::vector<int> Received(const Trace& trace) {
  std::vector<int> out;
  for (const auto& e : trace.journal) {
    if (e.node == "main" && e.kind == JournalKind::kSignal) out.push_back(e.signo);
  }
  return out;
}

std::string Names(const std::vector<int>& signals) {
  std::string out;
  for (int signo : signals) out += (out.empty() ? "" : " ") + SignalName(signo);
  return out;
}

// T1 (tini's inner exit code test, inclusive loop): tini -e N maps main's
// exit code N to 0, for every N; exit-code holds with the promise N:0 and,
// for N > 0, is violated without it.
TEST(TiniExitRemap, T1_EveryRemappedCodeBecomes0) {
  for (int n = 0; n <= 255; ++n) {
    SCOPED_TRACE(n);
    InitCommand init = WithArguments("tini", fmt::format("tini-e{}", n), {"-e", std::to_string(n), "--"});
    init.promises.exit_status = {{n, 0}};
    const Trace trace = testing::RunJudging(
        init, ParseScenario(fmt::format(R"({{"name": "exit-{}", "main": {{"exit_after_ms": 5, "exit_code": {}}}}})", n, n)),
        {"exit-code"});
    ASSERT_EQ(Pid1Code(trace), 0);
    ASSERT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
    if (n == 42) {
      Trace unpromised = trace;
      unpromised.promises = {};
      EXPECT_EQ(testing::Judge(unpromised, "exit-code").value, VerdictValue::kViolated);
    }
  }
}

// T2 (tini's inner exit code test, exclusive loop): with -e for every code
// but N, main's N still comes through, for every N.
TEST(TiniExitRemap, T2_ACodeNotRemappedPassesThrough) {
  for (int n = 0; n <= 255; ++n) {
    SCOPED_TRACE(n);
    std::vector<std::string> args;
    InitPromises promises;
    for (int other = 0; other <= 255; ++other) {
      if (other == n) continue;
      args.insert(args.end(), {"-e", std::to_string(other)});
      promises.exit_status[other] = 0;
    }
    args.push_back("--");
    InitCommand init = WithArguments("tini", "tini-e-all-but", args);
    init.promises = promises;
    const Trace trace = testing::RunJudging(
        init, ParseScenario(fmt::format(R"({{"name": "exit-{}", "main": {{"exit_after_ms": 5, "exit_code": {}}}}})", n, n)),
        {"exit-code"});
    ASSERT_EQ(Pid1Code(trace), n);
    ASSERT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
  }
}

// T5 (tini's reaping display test): -w prints a line for each zombie it
// reaps; no-zombies holds on zombie-factory.
TEST(TiniOutput, T5_WarnsForEachReapedZombie) {
  const Trace trace =
      testing::RunJudging(WithArguments("tini", "tini-w", {"-w", "--"}), Catalogue("zombie-factory"), {"no-zombies"});
  EXPECT_TRUE(Contains(trace.init_output, "Reaped zombie process")) << trace.init_output;
  EXPECT_EQ(testing::Judge(trace, "no-zombies").value, VerdictValue::kHolds);
}

// T8 (tini's process group test, environment variable): with
// TINI_KILL_PROCESS_GROUP=1 in the scenario's env, tini stops main's whole
// group as -g does: the worker in it finishes, the processes outside it are
// still SIGKILLed in grace (as under tini-g in real_inits_test).
TEST(TiniKillProcessGroup, T8_TheVariableActsAsDashG) {
  Scenario scenario = Catalogue("mixed-tree-main-last");
  scenario.env["TINI_KILL_PROCESS_GROUP"] = "1";
  const Trace trace = testing::RunJudging(testing::InitForTest("tini"), scenario, {"no-sigkill-in-grace"});
  EXPECT_EQ(ProcessNamed(trace, "main").outcome, Outcome::kGraceful) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "worker").outcome, Outcome::kGraceful) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "session-leader").outcome, Outcome::kSigkillInGrace) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "daemon").outcome, Outcome::kSigkillInGrace) << Summary(trace);
  EXPECT_EQ(testing::Judge(trace, "no-sigkill-in-grace").value, VerdictValue::kViolated);
}

// T13 (tini's outer signals test): as PID 1, tini and tini-static pass
// SIGTERM, SIGUSR1 and SIGUSR2 to a main that dies of them, and exit 143,
// 138 and 140.
TEST(TiniSignals, T13_DeathByTheForwardedSignalIs128PlusIt) {
  for (const char* init : {"tini", "tini-static"}) {
    for (int signo : {SIGTERM, SIGUSR1, SIGUSR2}) {
      SCOPED_TRACE(fmt::format("{} {}", init, SignalName(signo)));
      const Trace trace = testing::RunJudging(
          testing::InitForTest(init),
          ParseScenario(fmt::format(R"({{"name": "stop", "stop": {{"signal": "{}", "grace_ms": 2000}}, "main": {{}}}})",
                                    SignalName(signo))),
          {"exit-code"});
      const ProcessRecord& main = ProcessNamed(trace, "main");
      EXPECT_TRUE(WIFSIGNALED(main.wait_status) && WTERMSIG(main.wait_status) == signo) << Summary(trace);
      EXPECT_EQ(Pid1Code(trace), 128 + signo);
      EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
    }
  }
}

// D5, D6 (dumb-init's cli_test, verbose): -v reports setsid (not with -c),
// the spawn, SIGCHLD, the child's exit, the forwarded SIGTERM and goodbye.
TEST(DumbInitOutput, D5_D6_VerboseTellsWhatItDid) {
  const Scenario scenario = ParseScenario(R"({"name": "stop", "stop": {"grace_ms": 2000},
      "main": {"on_signal": {"SIGTERM": {"action": "exit", "after_ms": 10}}}})");
  for (bool single : {false, true}) {
    SCOPED_TRACE(single ? "D6 -v -c" : "D5 -v");
    std::vector<std::string> args = {"-v"};
    if (single) args.push_back("-c");
    args.push_back("--");
    const Trace trace = testing::RunUnder(WithArguments("dumb-init", "dumb-init-v", args), scenario);
    for (const char* line : {"Child spawned with PID", "Received signal 15.", "Forwarded signal 15 to children.",
                             "Received signal 17.", "exited with exit status 0.", "Child exited with status 0. Goodbye."}) {
      EXPECT_TRUE(Contains(trace.init_output, line)) << line << " in:\n" << trace.init_output;
    }
    EXPECT_EQ(Contains(trace.init_output, "setsid complete."), !single) << trace.init_output;
    EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
  }
}

// D10 (dumb-init's child_processes_test, TERM on exit with setsid): when
// main exits, dumb-init sends SIGTERM to the rest of main's group (the
// kernel's signal record shows PID 1 as the sender, the uploader as the
// target) and exits with main's status.
TEST(DumbInitGroupTerm, D10_MainsExitSendsTermToItsGroup) {
  const Trace trace = testing::RunJudging(testing::InitForTest("dumb-init"), Catalogue("main-exits-alone"), {"exit-code"});
  ASSERT_EQ(trace.signal_source, "tracefs");
  const int pid1 = ProcessNamed(trace, "pid1").pid;
  const int uploader = ProcessNamed(trace, "uploader").pid;
  const int flusher = ProcessNamed(trace, "metrics-flusher").pid;
  auto sent_term = [&](int target) {
    return std::any_of(trace.generated.begin(), trace.generated.end(), [&](const GeneratedSignal& g) {
      return g.signo == SIGTERM && g.sender_pid == pid1 && g.target_pid == target;
    });
  };
  EXPECT_TRUE(sent_term(uploader)) << Summary(trace);
  EXPECT_FALSE(sent_term(flusher)) << "the flusher has its own session";
  EXPECT_EQ(Pid1Code(trace), 3);
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
}

// D16 (dumb-init's proxies_signals_test): each of the 25 ordinary signals
// sent to dumb-init reaches main, in both modes.
TEST(DumbInitSignals, D16_EveryOrdinarySignalReachesMain) {
  std::vector<int> ordinary;
  for (int signo = 1; signo <= 31; ++signo) {
    if (signo != SIGKILL && signo != SIGSTOP && signo != SIGCHLD && signo != SIGTSTP && signo != SIGTTIN &&
        signo != SIGTTOU) {
      ordinary.push_back(signo);
    }
  }
  ASSERT_EQ(ordinary.size(), 25u);
  for (const char* init : {"dumb-init", "dumb-init-single"}) {
    SCOPED_TRACE(init);
    const Trace trace =
        testing::RunJudging(testing::InitForTest(init), Recording("proxies-signals", ordinary, ordinary), {"signal-forwarding"});
    EXPECT_EQ(Names(Received(trace)), Names(ordinary));
    EXPECT_EQ(testing::Judge(trace, "signal-forwarding").value, VerdictValue::kHolds);
  }
}

// D17, D19 (dumb-init's rewrite tests): -r rewrites a signal before
// forwarding it, and -r N:0 drops it; unlisted signals pass unchanged.
// signal-forwarding holds against each map given as the init's promise.
struct RewriteRow {
  const char* row;
  std::vector<std::string> maps;  // each "-r" argument
  std::vector<int> sent;
  std::vector<int> arrives;  // what main journals, in order
};

void PrintTo(const RewriteRow& row, std::ostream* os) { *os << row.row; }

class DumbInitRewrite : public ::testing::TestWithParam<RewriteRow> {};

TEST_P(DumbInitRewrite, MainGetsWhatTheMapPromises) {
  const RewriteRow& row = GetParam();
  std::vector<std::string> args;
  InitPromises promises;
  for (const std::string& map : row.maps) {
    args.insert(args.end(), {"-r", map});
    std::string why;
    const auto promise = ParseSignalPromise(map, &why);
    ASSERT_TRUE(promise) << why;
    promises.signal_rewrite[promise->first] = promise->second;
  }
  args.push_back("--");
  InitCommand init = WithArguments("dumb-init", "dumb-init-r", args);
  init.promises = promises;
  std::vector<int> recorded = row.sent;
  recorded.insert(recorded.end(), row.arrives.begin(), row.arrives.end());
  std::sort(recorded.begin(), recorded.end());
  recorded.erase(std::unique(recorded.begin(), recorded.end()), recorded.end());
  const Trace trace = testing::RunJudging(init, Recording("rewrite", recorded, row.sent), {"signal-forwarding"});
  EXPECT_EQ(Names(Received(trace)), Names(row.arrives));
  const Verdict verdict = testing::Judge(trace, "signal-forwarding");
  EXPECT_EQ(verdict.value, VerdictValue::kHolds) << verdict.note;
}

INSTANTIATE_TEST_SUITE_P(
    Rows, DumbInitRewrite,
    ::testing::Values(RewriteRow{"D17_TermAsInt", {"15:2"}, {SIGTERM, SIGUSR1}, {SIGINT, SIGUSR1}},
                      RewriteRow{"D17_TermAndIntSwapped", {"15:2", "2:15", "3:3"}, {SIGTERM, SIGINT, SIGQUIT},
                                 {SIGINT, SIGTERM, SIGQUIT}},
                      RewriteRow{"D17_HupAndSysSwapped", {"1:31", "31:1"}, {SIGHUP, SIGSYS}, {SIGSYS, SIGHUP}},
                      RewriteRow{"D19_Dropped", {"15:3", "2:0", "28:0"}, {SIGTERM, SIGINT, SIGWINCH, SIGHUP},
                                 {SIGQUIT, SIGHUP}},
                      // In setsid mode the TTY signals' default rewrite (SIGSTOP to
                      // the group) is overridden; SIGCONT afterwards still arrives.
                      RewriteRow{"D18_TtySignalsRewritten", {"21:15", "22:2", "20:1"},
                                 {SIGTTIN, SIGTTOU, SIGTSTP, SIGCONT}, {SIGTERM, SIGINT, SIGHUP, SIGCONT}}),
    [](const ::testing::TestParamInfo<RewriteRow>& info) { return std::string(info.param.row); });

// D21 (dumb-init's shell_background_test without setsid): SIGTSTP, SIGTTOU
// and SIGTTIN are forwarded to main unchanged, and a SIGCONT after them
// reaches main too. (dumb-init then stops itself; as a namespace's PID 1 it
// cannot: the kernel drops a SIGSTOP PID 1 sends itself.)
TEST(DumbInitSignals, D21_TtySignalsPassUnchangedWithoutSetsid) {
  const std::vector<int> sent = {SIGTSTP, SIGTTOU, SIGTTIN, SIGCONT};
  const Trace trace = testing::RunJudging(testing::InitForTest("dumb-init-single"), Recording("tty-signals", sent, sent),
                                          {"signal-forwarding"});
  EXPECT_EQ(Names(Received(trace)), Names(sent));
  EXPECT_EQ(testing::Judge(trace, "signal-forwarding").value, VerdictValue::kHolds);
}

// D20 (dumb-init's shell_background_test with setsid): SIGTSTP to dumb-init
// stops main's whole group (its default rewrite sends SIGSTOP there), and a
// later SIGCONT resumes main and reaches it. Without that SIGCONT, main is
// still stopped when the grace period ends. (dumb-init stopping itself is
// the part a namespace's PID 1 cannot show, as in D18.)
TEST(DumbInitSignals, D20_TstpStopsTheGroupAndContResumesIt) {
  auto scenario = [](bool resumed) {
    return ParseScenario(fmt::format(R"({{"name": "shell-background", "stop": {{"at_ms": 400, "grace_ms": 1000}},
        "signals": [{{"at_ms": 100, "signal": "SIGTSTP"}}{}],
        "main": {{"on_signal": {{"SIGCONT": {{"action": "record"}}, "SIGTERM": {{"action": "exit", "after_ms": 50}}}}}}}})",
                                     resumed ? R"(, {"at_ms": 200, "signal": "SIGCONT"})" : ""));
  };
  const InitCommand init = testing::InitForTest("dumb-init");
  const Trace resumed = testing::RunJudging(init, scenario(true), {"no-process-left-stopped"});
  ASSERT_EQ(resumed.signal_source, "tracefs");
  const int pid1 = ProcessNamed(resumed, "pid1").pid;
  const int main = ProcessNamed(resumed, "main").pid;
  EXPECT_TRUE(std::any_of(resumed.generated.begin(), resumed.generated.end(), [&](const GeneratedSignal& g) {
    return g.signo == SIGSTOP && g.sender_pid == pid1 && g.target_pid == main;
  })) << "dumb-init stops main's group with SIGSTOP";
  EXPECT_EQ(Names(Received(resumed)), "SIGCONT SIGTERM");
  EXPECT_EQ(ProcessNamed(resumed, "main").outcome, Outcome::kGraceful) << Summary(resumed);
  EXPECT_EQ(testing::Judge(resumed, "no-process-left-stopped").value, VerdictValue::kHolds);

  const Trace left = testing::RunJudging(init, scenario(false), {"no-process-left-stopped"});
  const Verdict verdict = testing::Judge(left, "no-process-left-stopped");
  ASSERT_EQ(verdict.value, VerdictValue::kViolated);
  EXPECT_TRUE(Contains(verdict.violations[0].explanation, "PID 1 sent SIGSTOP to main"))
      << verdict.violations[0].explanation;
}

// The command-line rows: each peer runs its init with these arguments and
// asserts its exit code (and what it prints); initcheck runs the same
// command line as PID 1 with a scenario stating the early exit.
struct CommandLineRow {
  const char* row;
  const char* init;
  std::vector<std::string> args;
  const char* exec_error;  // "no-command" when the peer gives no command
  const char* code;        // the scenario's early_exit code
  const char* prints;      // what the output must contain
};

void PrintTo(const CommandLineRow& row, std::ostream* os) { *os << row.row << " (" << row.init << ")"; }

class PeerCommandLine : public ::testing::TestWithParam<CommandLineRow> {};

TEST_P(PeerCommandLine, EndsEarlyAsThePeerAsserts) {
  const CommandLineRow& row = GetParam();
  const InitCommand init = WithArguments(row.init, row.row, row.args);
  const Trace trace = testing::RunUnder(init, EarlyExitScenario(row.code, row.exec_error));
  ExpectEarlyExit(trace, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(trace.init_output, row.prints)) << trace.init_output;
}

INSTANTIATE_TEST_SUITE_P(
    Rows, PeerCommandLine,
    ::testing::Values(
        CommandLineRow{"T14", "tini", {"-z", "--"}, "", "1", "invalid option"},
        CommandLineRow{"T15", "tini", {"-h"}, "", "0", "Usage: tini"},
        CommandLineRow{"D1", "dumb-init", {}, "no-command", "\"nonzero\"", "[option] program [args]"},
        CommandLineRow{"D2", "dumb-init", {"--yolo"}, "", "1", "unrecognized option"},
        CommandLineRow{"D3", "dumb-init", {"--help"}, "", "0", "dumb-init v"},
        CommandLineRow{"D4", "dumb-init", {"--version"}, "", "0", "dumb-init v"},
        CommandLineRow{"D7", "dumb-init", {"-r", "15:x"}, "", "1", "-r"}),
    [](const ::testing::TestParamInfo<CommandLineRow>& info) { return std::string(info.param.row); });

}  // namespace
}  // namespace initcheck
