// The behaviours tini's and dumb-init's own test suites assert, each run
// here for real under that init and judged as initcheck judges it. Every
// test is named after its row in docs/peer-suites.md (T for tini, D for
// dumb-init), which says what the peer asserts and what initcheck adds.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>
#include <string>

#include <fmt/format.h>

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
  const Trace trace = testing::RunUnder("drain", ParseScenario(R"({"name": "early-exit",
      "early_exit": {"code": 1}, "main": {"exit_after_ms": 10}})"));
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kViolated) << Summary(trace);
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
