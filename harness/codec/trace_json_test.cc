// A trace reads back exactly as TraceToJson wrote it, and a bad field names
// its path (the scenario inside it too, seen from the trace).
#include "harness/codec/trace_json.h"

#include <sys/wait.h>

#include <csignal>
#include <string>

#include <gtest/gtest.h>

#include "harness/codec/json_reader.h"
#include "harness/codec/scenario_json.h"
#include "harness/testing/json_error.h"

namespace initcheck {
namespace {

using nlohmann::json;

Trace ExampleTrace() {
  Trace t;
  t.scenario = ParseScenario(R"({"name": "n", "stop": {"grace_ms": 1000},
      "main": {"on_signal": {"SIGTERM": {"action": "exit", "after_ms": 100}},
               "children": [{"name": "worker"}]}})");
  t.init = "tini";
  t.observer = "proc-connector";
  t.stop = {123'456, 1'000'123'456};
  t.sent = {{123'456, SIGTERM, SentKind::kStop}, {1'000'123'456, SIGKILL, SentKind::kDeadline}};
  t.processes = {
      {"pid1", ProcessRole::kInit, 4000, 3999, std::nullopt, 101'500'001, 0, Outcome::kGraceful},
      {"main", ProcessRole::kNode, 4001, 4000, -5'000'123, 101'000'007, 0, Outcome::kGraceful},
      {"worker", ProcessRole::kNode, 4002, 4001, -4'000'000, 101'400'000, SIGKILL, Outcome::kSigkillInGrace},
      {"", ProcessRole::kUnknown, 4003, 4000, 2, std::nullopt, 0, Outcome::kStillRunning},
  };
  JournalEntry ready;
  ready.t_ns = -1;
  ready.node = "worker";
  ready.kind = JournalKind::kReady;
  t.journal = {ready};
  t.zombies = {{"main", 4001, 160'000'000, 1}, {"old", 4009, 5, std::nullopt}};
  t.pid1_run_delay = {{-2'000'000, 150'000, 3, false},
                      {50'000'000, 150'000, 3, false, false, /*pid1_asleep=*/true},
                      {101'600'000, 40'150'000, 9, true}};
  t.faults = {"observer said \"hm\""};
  return t;
}

TEST(TraceJsonTest, RoundTripsEveryField) {
  Trace t = ExampleTrace();
  EXPECT_EQ(TraceFromJson(TraceToJson(t)), t);
  EXPECT_EQ(TraceFromJson(ParseJson(TraceToJson(t).dump())), t);
  t.init_is_main = true;  // the workload as PID 1
  EXPECT_EQ(TraceFromJson(TraceToJson(t)), t);
  EXPECT_FALSE(TraceToJson(t).contains("promises")) << "an init that promises nothing reads as before";
  t.promises = {{{143, 0}}, {{15, 3}, {1, 0}}};  // tini -e 143; dumb-init -r 15:3 -r 1:0
  t.init_output = "The system is going down NOW!\n\rSent SIGTERM to all processes";
  EXPECT_EQ(TraceFromJson(TraceToJson(t)), t);
  EXPECT_EQ(TraceFromJson(ParseJson(TraceToJson(t).dump())), t);
}

TEST(TraceJsonTest, OptionalTimesAndZombieIndexMayBeAbsent) {
  json j = TraceToJson(ExampleTrace());
  j.erase("stop_sent_ns");
  j.erase("pid1_run_delay");  // a trace from before the runner sampled schedstat
  j["processes"][1].erase("fork_ns");
  j["zombies"][0].erase("process");
  Trace back = TraceFromJson(j);
  EXPECT_FALSE(back.stop.stop_sent_ns);
  EXPECT_FALSE(back.processes[1].fork_ns);
  EXPECT_FALSE(back.zombies[0].process);
  EXPECT_TRUE(back.pid1_run_delay.empty());
}

JsonError TraceError(const json& j, const std::string& path = "$") {
  return testing::ErrorOf([&] { TraceFromJson(j, path); });
}

TEST(TraceJsonTest, APromiseOutOfRangeIsNamed) {
  json j = TraceToJson(ExampleTrace());
  j["promises"] = {{"signal_rewrite", {{{"from", 9}, {"to", 15}}}}};
  EXPECT_NE(std::string(TraceError(j).what()).find("$.promises.signal_rewrite[0]: \"9:15\" is not SENT:ARRIVES"),
            std::string::npos)
      << TraceError(j).what();
}

TEST(TraceJsonTest, BadFieldNamesItsPath) {
  json j = TraceToJson(ExampleTrace());
  j["processes"][2]["outcome"] = "x";
  JsonError e = TraceError(j, "$.cells[3].trace");
  EXPECT_EQ(e.path, "$.cells[3].trace.processes[2].outcome");
  EXPECT_EQ(e.reason, "unknown outcome \"x\"; expected one of: graceful, signaled, sigkill-before-stop, "
                      "sigkill-in-grace, sigkill-at-deadline, still-running");

  j = TraceToJson(ExampleTrace());
  j["signals_sent"][1]["kind"] = "late";
  EXPECT_EQ(TraceError(j).reason, "unknown kind of sent signal \"late\"; expected one of: extra, stop, "
                                  "deadline, give-up");

  j = TraceToJson(ExampleTrace());
  j["processes"][0]["pid"] = "4000";
  e = TraceError(j);
  EXPECT_EQ(e.path, "$.processes[0].pid");
  EXPECT_EQ(e.reason, "expected integer, got string \"4000\"");

  j = TraceToJson(ExampleTrace());
  j["journal"][0]["signal"] = "SIGNOPE";
  EXPECT_EQ(TraceError(j).path, "$.journal[0].signal");

  j = TraceToJson(ExampleTrace());
  j["zombies"][0]["process"] = 4;
  e = TraceError(j);
  EXPECT_EQ(e.path, "$.zombies[0].process");
  EXPECT_EQ(e.reason, "names process 4, but the trace has 4");

  j = TraceToJson(ExampleTrace());
  j["pid1_run_delay"][1]["run_delay_ns"] = 1.5;
  EXPECT_EQ(TraceError(j).path, "$.pid1_run_delay[1].run_delay_ns");

  j = TraceToJson(ExampleTrace());
  j["faults"][0] = nullptr;
  EXPECT_EQ(TraceError(j).path, "$.faults[0]");

  j = TraceToJson(ExampleTrace());
  j.erase("observer");
  e = TraceError(j);
  EXPECT_EQ(e.path, "$");
  EXPECT_EQ(e.reason, "missing required key \"observer\"");
}

TEST(TraceJsonTest, UnknownKeysAreRejected) {
  json j = TraceToJson(ExampleTrace());
  j["processes"][1]["colour"] = "red";
  JsonError e = TraceError(j);
  EXPECT_EQ(e.path, "$.processes[1].colour");
  EXPECT_EQ(e.reason, "unknown key \"colour\"; allowed keys: name, role, pid, outcome, signal, exit_code, "
                      "t_ms, wait_status, parent_pid, fork_ns, exit_ns");
}

TEST(TraceJsonTest, ScenarioMistakesAreSeenFromTheTrace) {
  json j = TraceToJson(ExampleTrace());
  j["scenario_spec"]["main"]["children"][0]["name"] = "main";
  JsonError e = TraceError(j, "$.cells[0].trace");
  EXPECT_EQ(e.path, "$.cells[0].trace.scenario_spec.main.children[0].name");
  EXPECT_EQ(e.reason, "duplicate process name \"main\": $.main already has it");
}

}  // namespace
}  // namespace initcheck
