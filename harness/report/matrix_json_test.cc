// report.json round-trips: what compare writes, the reader gives back
// exactly, traces and verdicts included, so a report can be redrawn or
// compared later without rerunning anything.
#include "harness/report/matrix_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <csignal>

#include "harness/codec/scenario_json.h"
#include "harness/testing/json_error.h"

namespace initcheck {
namespace {

Scenario Example() {
  return ParseScenario(R"({
    "name": "sibling-needs-longer-than-main",
    "description": "a <tricky> & \"quoted\" description",
    "stop": {"signal": "SIGTERM", "at_ms": 0, "grace_ms": 1000},
    "signals": [{"at_ms": 50, "signal": "SIGHUP"}],
    "main": {"on_signal": {"SIGTERM": {"action": "exit", "after_ms": 100}},
             "children": [{"name": "worker", "on_signal": {"SIGTERM": {"action": "exit", "after_ms": 200}}}]}
  })");
}

Trace ExampleTrace() {
  Trace t;
  t.scenario = Example();
  t.init = "tini";
  t.observer = "proc-connector";
  t.stop = {123'456, 1'000'123'456};
  t.sent = {{123'456, SIGTERM, SentKind::kStop}, {50'000'001, SIGHUP, SentKind::kExtra}};
  ProcessRecord init{"pid1", ProcessRole::kInit, 4000, 3999, std::nullopt, 101'500'001, 0, Outcome::kGraceful};
  ProcessRecord main{"main", ProcessRole::kNode, 4001, 4000, -5'000'123, 101'000'007, 0, Outcome::kGraceful};
  ProcessRecord worker{"worker", ProcessRole::kNode, 4002, 4001, -4'000'000, 101'400'000, SIGKILL,
                       Outcome::kSigkillInGrace};
  t.processes = {init, main, worker};
  JournalEntry start;
  start.t_ns = -4'900'000;
  start.node = "main";
  start.kind = JournalKind::kStart;
  start.blocked = {SIGUSR1};
  start.ignored = {SIGPIPE};
  JournalEntry caught;
  caught.t_ns = 300'000;
  caught.node = "worker";
  caught.kind = JournalKind::kSignal;
  caught.signo = SIGTERM;
  JournalEntry exiting;
  exiting.t_ns = 100'900'000;
  exiting.node = "main";
  exiting.kind = JournalKind::kExiting;
  exiting.code = 0;
  t.journal = {start, caught, exiting};
  t.zombies = {{"main", 4001, 160'000'000, 1}};  // main is t.processes[1]
  t.faults = {};
  return t;
}

TEST(MatrixJson, RoundTripsEveryField) {
  Matrix m;
  m.inits = {{"tini", "/usr/bin/tini --", ""}, {"catatonit", "", "catatonit: not found on PATH"}};
  m.scenarios = {Example()};
  m.observer = "proc-connector";
  m.elapsed_s = 12.5;
  MatrixCell failing;
  failing.scenario = "sibling-needs-longer-than-main";
  failing.init = "tini";
  failing.status = CellStatus::kFail;
  failing.violated = {"no-sigkill-in-grace"};
  failing.trace = ExampleTrace();
  failing.verdicts = {Verdict{"no-sigkill-in-grace", VerdictValue::kViolated,
                              {MakeViolation("worker", 2, 101'400'000,
                                             {{101'000'007, 1, "main exited (code 0) at 101.0 ms"},
                                              {101'400'000, 2, "kernel SIGKILLed worker at 101.4 ms"}},
                                             "grace period open until 1000.1 ms")},
                              ""},
                      Verdict{"exit-code", VerdictValue::kHolds, {}, "main exited 0"}};
  MatrixCell skipped;
  skipped.scenario = "sibling-needs-longer-than-main";
  skipped.init = "catatonit";
  skipped.status = CellStatus::kSkipped;
  skipped.note = "catatonit: not found on PATH";
  m.cells = {failing, skipped};

  Matrix back = MatrixFromJson(nlohmann::json::parse(MatrixToJson(m).dump()));
  EXPECT_EQ(back, m);
  ASSERT_TRUE(back.cells[0].trace);
  EXPECT_EQ(back.cells[0].trace->processes[2].outcome, Outcome::kSigkillInGrace);
  EXPECT_EQ(back.cells[0].trace->journal[0].blocked, std::vector<int>{SIGUSR1});
}

JsonError ReadError(const nlohmann::json& json) {
  return testing::ErrorOf([&] { MatrixFromJson(json); });
}

TEST(MatrixJson, RejectsSomethingElseWithAReason) {
  JsonError other = ReadError(nlohmann::json::parse(R"({"format": "other"})"));
  EXPECT_EQ(other.path, "$.format");
  EXPECT_EQ(other.reason,
            "unknown format \"other\"; expected \"initcheck-matrix/1\" (not an initcheck report)");
  EXPECT_EQ(ReadError(nlohmann::json::parse(R"({"name": "a scenario"})")).path, "$");
  JsonError no_cells = ReadError(nlohmann::json::parse(R"({"format": "initcheck-matrix/1"})"));
  EXPECT_EQ(no_cells.path, "$");
  EXPECT_EQ(no_cells.reason, "missing required key \"observer\"");
  EXPECT_EQ(std::string(no_cells.what()), "$: missing required key \"observer\"");
}

// A report with one cell, its trace and a verdict, as MatrixToJson writes it.
nlohmann::json OneCellReport() {
  Matrix m;
  m.inits = {{"tini", "/usr/bin/tini --", ""}};
  m.scenarios = {Example()};
  MatrixCell cell;
  cell.scenario = "sibling-needs-longer-than-main";
  cell.init = "tini";
  cell.status = CellStatus::kPass;
  cell.trace = ExampleTrace();
  cell.verdicts = {Verdict{"no-sigkill-in-grace", VerdictValue::kViolated,
                           {MakeViolation("worker", 2, 5, {{5, 2, "killed"}})}, ""}};
  m.cells = {cell};
  return MatrixToJson(m);
}

TEST(MatrixJson, DeepMistakesNameTheirPathInTheReport) {
  nlohmann::json j = OneCellReport();
  j["cells"][0]["trace"]["processes"][2]["outcome"] = "x";
  JsonError e = ReadError(j);
  EXPECT_EQ(e.path, "$.cells[0].trace.processes[2].outcome");
  EXPECT_EQ(e.reason, "unknown outcome \"x\"; expected one of: graceful, signaled, sigkill-before-stop, "
                      "sigkill-in-grace, sigkill-at-deadline, still-running");

  j = OneCellReport();
  j["cells"][0]["verdicts"][0]["violations"][0]["chain"][0]["process"] = -1;
  e = ReadError(j);
  EXPECT_EQ(e.path, "$.cells[0].verdicts[0].violations[0].chain[0].process");
  EXPECT_EQ(e.reason, "expected non-negative integer, got integer -1");

  j = OneCellReport();
  j["cells"][0]["status"] = "passed";
  EXPECT_EQ(ReadError(j).path, "$.cells[0].status");
}

TEST(MatrixJson, ScenarioMistakesAreSeenFromTheReport) {
  nlohmann::json j = OneCellReport();
  j["scenarios"][0]["stop"]["grace_ms"] = 0;
  EXPECT_EQ(ReadError(j).path, "$.scenarios[0].stop.grace_ms");

  j = OneCellReport();
  j["cells"][0]["trace"]["scenario_spec"]["main"]["nmae"] = "x";
  JsonError e = ReadError(j);
  EXPECT_EQ(e.path, "$.cells[0].trace.scenario_spec.main.nmae");
  EXPECT_TRUE(e.reason.starts_with("unknown key \"nmae\"; allowed keys: name,")) << e.what();
}

TEST(MatrixJson, UnknownKeysAreRejectedAndWrittenOnesAccepted) {
  nlohmann::json j = OneCellReport();
  j["cells"][0]["colour"] = "red";
  JsonError e = ReadError(j);
  EXPECT_EQ(e.path, "$.cells[0].colour");
  EXPECT_EQ(e.reason, "unknown key \"colour\"; allowed keys: scenario, init, status, violated, note, "
                      "trace, verdicts");
  j = OneCellReport();
  j["cells"][0]["verdicts"][0]["violations"][0]["why"] = "";
  EXPECT_EQ(ReadError(j).path, "$.cells[0].verdicts[0].violations[0].why");
  // What the encoder writes for people ("holds", "t_ms", "explanation") is read past.
  EXPECT_NO_THROW(MatrixFromJson(OneCellReport()));
}

}  // namespace
}  // namespace initcheck
