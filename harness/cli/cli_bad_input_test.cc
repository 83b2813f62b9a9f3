// Bad input through the real CLI: each class gets exit status 2 (or 1 for a
// hung init, whose run is valid and ends at the deadline), a message naming
// what and why, and leaves no process and no temporary directory behind.
#include <gtest/gtest.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <cstring>
#include <sys/stat.h>
#include <fcntl.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/testing/namespace_run.h"
#include "harness/testing/run_tmp.h"
#include "harness/testing/subprocess.h"

namespace initcheck {
namespace {

namespace fs = std::filesystem;
using testing::AnyProcessMentions;
using testing::CommandResult;
using testing::RequireTool;
using testing::RunCommand;
using testing::RunTmp;
using testing::Subprocess;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    initcheck_ = RequireTool("harness/cli/initcheck", "INITCHECK_BIN");
    misbehaving_ = RequireTool("harness/testing/misbehaving_init", "INITCHECK_MISBEHAVING_INIT");
    inputs_ = fs::path(getenv("TEST_TMPDIR")) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(inputs_);
  }

  void TearDown() override {
    // What a run must leave behind: nothing.
    EXPECT_EQ(run_tmp_.RunDir(), std::nullopt) << "a run directory survived";
    EXPECT_FALSE(AnyProcessMentions(run_tmp_.path())) << "a process of the run survived";
  }

  std::string WriteScenario(const std::string& text) {
    std::string path = (inputs_ / "scenario.json").string();
    std::ofstream(path) << text;
    return path;
  }

  CommandResult Initcheck(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), initcheck_);
    env["TMPDIR"] = run_tmp_.path();
    return RunCommand(args, env);
  }

  std::string initcheck_, misbehaving_;
  RunTmp run_tmp_;
  fs::path inputs_;
};

constexpr char kSimple[] = R"({
  "name": "simple",
  "stop": { "signal": "SIGTERM", "at_ms": 0, "grace_ms": 300 },
  "main": { "on_signal": { "SIGTERM": { "action": "exit", "after_ms": 100 } } }
})";

struct Malformed {
  const char* label;
  std::string json;
  const char* path;
  const char* reason;
};

std::string ManyChildren(int n) {
  std::string children;
  for (int i = 0; i < n; ++i) children += std::string(i ? "," : "") + "{}";
  return R"({"name": "wide", "main": {"children": [)" + children + "]}}";
}

class MalformedScenario : public CliTest, public ::testing::WithParamInterface<Malformed> {};

TEST_P(MalformedScenario, ExitsTwoNamingThePathAndReason) {
  const Malformed& m = GetParam();
  CommandResult r = Initcheck({"run", "--init", "drain", WriteScenario(m.json)});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(m.path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(m.reason), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

INSTANTIATE_TEST_SUITE_P(
    EveryClass, MalformedScenario,
    ::testing::Values(
        Malformed{"unknown_key", R"({"name": "x", "main": {"nmae": "m"}})", "$.main.nmae", "unknown key"},
        Malformed{"wrong_type", R"({"name": "x", "main": {"daemonize": "yes"}})", "$.main.daemonize",
                  "expected boolean"},
        Malformed{"unknown_signal", R"({"name": "x", "main": {"on_signal": {"SIGFOO": {"action": "exit"}}}})",
                  "$.main.on_signal", "unknown signal"},
        Malformed{"duplicate_name", R"({"name": "x", "main": {"children": [{"name": "w"}, {"name": "w"}]}})",
                  "$.main.children[1].name", "duplicate process name"},
        Malformed{"negative_duration", R"({"name": "x", "stop": {"grace_ms": -5}, "main": {}})",
                  "$.stop.grace_ms", "must not be negative"},
        Malformed{"absurd_duration", R"({"name": "x", "stop": {"grace_ms": 99999999}, "main": {}})",
                  "$.stop.grace_ms", "exceeds the limit of 600000 ms"},
        Malformed{"empty_tree", R"({"name": "x"})", "$", "missing required key \"main\""},
        Malformed{"too_many_processes", ManyChildren(200), "$.main.children[127]",
                  "too many processes: the limit is 128"},
        Malformed{"syntax_error", "{\"name\": \"x\",\n \"main\": {]}", "$", "line 2"}),
    [](const auto& info) { return std::string(info.param.label); });

TEST_F(CliTest, MissingInitBinaryIsNamed) {
  CommandResult r = Initcheck({"run", "--init-cmd", "/nonexistent/init --flag", WriteScenario(kSimple)});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/init: not found or not executable"), std::string::npos) << r.err;
}

TEST_F(CliTest, MissingCatalogueInitIsSkippedNotPassed) {
  CommandResult r = Initcheck({"run", "--init", "tini", WriteScenario(kSimple)}, {{"PATH", "/nonexistent"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("init skipped: tini: tini not found on PATH (Debian package tini)"), std::string::npos)
      << r.err;
}

TEST_F(CliTest, InitThatExitsAtOnce) {
  CommandResult r = Initcheck({"run", "--init-cmd", misbehaving_ + " exit", WriteScenario(kSimple)});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("exited with code 0 before the workload was ready"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "the reason on one line: " << r.err;
}

// A search whose runs cannot be judged says why and leaves each scenario
// where the user can replay it.
TEST_F(CliTest, CheckWritesTheScenariosItCouldNotJudge) {
  const fs::path out = inputs_ / "findings";
  CommandResult r = Initcheck({"check", "--init-cmd", misbehaving_ + " exit", "--runs", "3", "--seed", "7", "--out",
                               out.string()});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("initcheck: 3 runs could not be judged; no verdict"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("replay: initcheck run --init-cmd '" + misbehaving_ + " exit' " +
                       fs::absolute(out / "unjudged-generated-seed7-run0.json").string()),
            std::string::npos)
      << r.err;
  for (int i = 0; i < 3; ++i) {
    const std::string name = "generated-seed7-run" + std::to_string(i);
    std::ifstream file(out / ("unjudged-" + name + ".json"));
    ASSERT_TRUE(file) << name << " not written";
    EXPECT_EQ(nlohmann::json::parse(file).at("name"), name);
  }
}

// The init's log is read as a bounded tail: 1 GiB of output costs initcheck
// no memory (RUSAGE_CHILDREN: the largest of every initcheck this test ran).
TEST_F(CliTest, InitThatPrintsAGigabyteCostsNoMemory) {
  CommandResult r = Initcheck({"run", "--init-cmd", misbehaving_ + " spew", WriteScenario(kSimple)});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("spewed 1 GiB"), std::string::npos) << r.err.substr(0, 300);
  EXPECT_LT(r.err.size(), 4096u);
  struct rusage usage {};
  ASSERT_EQ(getrusage(RUSAGE_CHILDREN, &usage), 0);
  EXPECT_LT(usage.ru_maxrss, 64 * 1024) << "max RSS of initcheck in KiB";
}

TEST_F(CliTest, InitThatDiesBySigsegv) {
  CommandResult r = Initcheck({"run", "--init-cmd", misbehaving_ + " segv", WriteScenario(kSimple)});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("was killed by SIGSEGV (status 139) before the workload was ready"), std::string::npos) << r.err;
}

// A hung init is not a harness error: the runtime's deadline ends it, and
// the run shows who was still there.
TEST_F(CliTest, InitThatIgnoresEverythingEndsAtTheDeadline) {
  CommandResult r =
      Initcheck({"run", "--json", "--observer", "proc-connector", "--init-cmd", misbehaving_ + " hang",
                 WriteScenario(kSimple)});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["observer"], "proc-connector");
  EXPECT_EQ(report["faults"], nlohmann::json::array()) << r.out;
  std::map<std::string, std::string> outcomes;
  for (const auto& p : report["processes"]) outcomes[p["name"]] = p["outcome"];
  EXPECT_EQ(outcomes["pid1"], "sigkill-at-deadline") << r.out;
  EXPECT_EQ(outcomes["main"], "sigkill-at-deadline") << r.out;
  std::map<std::string, std::string> verdicts;
  for (const auto& p : report["properties"]) verdicts[p["id"]] = p["verdict"];
  EXPECT_EQ(verdicts["no-sigkill-in-grace"], "holds");
  EXPECT_EQ(verdicts["graceful-completion"], "violated");
  EXPECT_GE(report["deadline_ms"].get<double>(), 300.0);
}

// Ctrl-C in the middle of a run: initcheck abandons it and still removes
// everything. The signal goes out once the run's clock has started (its
// start-time file exists), so the test waits on an event, not a duration.
TEST_F(CliTest, InterruptedRunCleansUp) {
  std::string scenario = WriteScenario(kSimple);
  Subprocess run({initcheck_, "run", "--init-cmd", misbehaving_ + " hang", scenario},
                 {{"TMPDIR", run_tmp_.path()}});
  while (!run_tmp_.AnyRunDirHas("t0")) {
    ASSERT_EQ(waitpid(run.pid(), nullptr, WNOHANG), 0) << "initcheck ended before its run started";
    sched_yield();
  }
  kill(run.pid(), SIGINT);
  CommandResult r = run.Finish();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("interrupted: the run was abandoned"), std::string::npos) << r.err;
}

TEST_F(CliTest, UnknownInitNameListsTheCatalogue) {
  CommandResult r = Initcheck({"run", "--init", "tiny", WriteScenario(kSimple)});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown init 'tiny': choose one of none, tini, tini-g"), std::string::npos) << r.err;
}

// Ctrl-C while the input is still loading (here: a FIFO nobody writes to)
// ends initcheck at once: nothing exists yet that a run must clean up.
TEST_F(CliTest, InterruptWhileLoadingEndsAtOnce) {
  const std::string fifo = (inputs_ / "scenario.fifo").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  Subprocess run({initcheck_, "run", "--init", "drain", fifo}, {{"TMPDIR", run_tmp_.path()}});
  // A non-blocking writer opens only once initcheck is reading the FIFO.
  int writer = -1;
  while ((writer = open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
    ASSERT_EQ(errno, ENXIO) << std::strerror(errno);
    ASSERT_EQ(waitpid(run.pid(), nullptr, WNOHANG), 0) << "initcheck ended before it read its input";
    sched_yield();
  }
  kill(run.pid(), SIGINT);
  CommandResult r = run.Finish();
  close(writer);
  EXPECT_EQ(r.exit_code, -1) << "killed by SIGINT, not an error exit: " << r.err;
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace initcheck
