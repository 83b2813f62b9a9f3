#include "harness/codec/scenario_json.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/model/scenario.h"

namespace initcheck {
namespace {

using nlohmann::json;

// DESIGN.md's example, verbatim.
constexpr char kDesignExample[] = R"({
  "name": "sibling-needs-longer-than-main",
  "description": "free text",
  "stop":    { "signal": "SIGTERM", "at_ms": 0, "grace_ms": 1000 },
  "signals": [ { "at_ms": 0, "signal": "SIGHUP" } ],
  "main": {
    "name": "main",
    "on_signal": { "SIGTERM": { "action": "exit", "after_ms": 100, "code": 0 } },
    "children": [
      { "name": "worker",
        "on_signal": { "SIGTERM": { "action": "exit", "after_ms": 200 } } },
      { "name": "session-leader", "session": "new-session",
        "on_signal": { "SIGTERM": { "action": "exit", "after_ms": 200 } } },
      { "name": "daemon", "daemonize": true,
        "on_signal": { "SIGTERM": { "action": "exit", "after_ms": 200 } } }
    ]
  }
})";

constexpr int kSigHup = 1, kSigInt = 2, kSigQuit = 3, kSigKill = 9, kSigUsr1 = 10, kSigUsr2 = 12,
              kSigPipe = 13, kSigTerm = 15, kSigChld = 17, kSigStop = 19, kSigWinch = 28;

ProcessSpec ExitsAfter(std::string name, int after_ms) {
  ProcessSpec p;
  p.name = std::move(name);
  p.on_signal[kSigTerm] = {SignalAction::kExit, after_ms, 0};
  return p;
}

Scenario DesignExampleStruct() {
  Scenario s;
  s.name = "sibling-needs-longer-than-main";
  s.description = "free text";
  s.stop = StopProtocol{kSigTerm, 0, 1000};
  s.signals = {{0, kSigHup}};
  s.main = ExitsAfter("main", 100);
  s.main.children.push_back(ExitsAfter("worker", 200));
  s.main.children.push_back(ExitsAfter("session-leader", 200));
  s.main.children.back().session = SessionMode::kNewSession;
  s.main.children.push_back(ExitsAfter("daemon", 200));
  s.main.children.back().daemonize = true;
  return s;
}

// A scenario that sets every field to something other than its default.
Scenario RichScenario() {
  Scenario s;
  s.name = "rich \"quoted\" ünïcode";
  s.description = "line one\nline two";
  s.stop = StopProtocol{kSigQuit, 250, 30000};
  s.signals = {{0, kSigHup}, {10, kSigWinch}, {10, kSigWinch}, {20, kSigKill, "daemon"}, {600000, SIGUSR2}};
  s.env = {{"TINI_KILL_PROCESS_GROUP", "1"}, {"EMPTY", ""}};
  s.pid1_inherits = {{kSigUsr1, kSigInt}, {kSigHup}};
  s.start = StartMode::kRacy;
  s.main.name = "entrypoint";
  s.main.session = SessionMode::kNewGroup;
  s.main.on_signal[kSigTerm] = {SignalAction::kForward, 50, 143};
  s.main.on_signal[kSigHup] = {SignalAction::kRecord, 0, 0};
  s.main.on_signal[kSigPipe] = {SignalAction::kIgnore, 0, 0};
  s.main.on_signal[kSigChld] = {SignalAction::kDefault, 0, 0};
  s.main.block = {kSigUsr2, kSigUsr1};
  s.main.reap = false;
  ProcessSpec unnamed;  // takes its positional default name
  unnamed.name = "main/0";
  unnamed.exit_after_ms = 0;
  unnamed.exit_code = 0;
  ProcessSpec daemon;
  daemon.name = "daemon";
  daemon.daemonize = true;
  daemon.session = SessionMode::kNewSession;
  daemon.exit_after_ms = 1500;
  daemon.exit_code = 255;
  daemon.on_signal[kSigInt] = {SignalAction::kExit, 0, 0};
  ProcessSpec grandchild;
  grandchild.name = "main/1/0";
  daemon.children.push_back(grandchild);
  ProcessSpec renamed;  // named like a default, but not its own position's
  renamed.name = "main/1/5";
  renamed.exit_after_ms = 20;
  renamed.exit_signal = kSigQuit;
  daemon.children.push_back(renamed);
  s.main.children = {unnamed, daemon};
  return s;
}

// The ScenarioError ParseScenario throws for text, or a failure.
ScenarioError ParseError(std::string_view text) {
  try {
    Scenario s = ParseScenario(text);
    ADD_FAILURE() << "parsed without error: " << ScenarioToJsonText(s);
  } catch (const ScenarioError& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a ScenarioError: " << e.what();
  }
  return ScenarioError("", "");
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

#define EXPECT_SCENARIO_ERROR(text, expected_path, phrase)           \
  do {                                                               \
    ScenarioError e_ = ParseError(text);                             \
    EXPECT_EQ(e_.path, expected_path) << e_.what();                  \
    EXPECT_TRUE(Contains(e_.reason, phrase)) << e_.what();           \
    EXPECT_EQ(std::string(e_.what()), e_.path + ": " + e_.reason);   \
  } while (0)

// The design example with the value at a JSON pointer replaced (or added).
std::string ExampleWith(const std::string& pointer, const json& value) {
  json j = json::parse(kDesignExample);
  j[json::json_pointer(pointer)] = value;
  return j.dump();
}

std::string ExampleWithout(const std::string& pointer) {
  json j = json::parse(kDesignExample);
  json::json_pointer ptr(pointer);
  j[ptr.parent_pointer()].erase(ptr.back());
  return j.dump();
}

// ---------------------------------------------------------------------------
// Decoding

TEST(ScenarioJsonTest, DesignExampleParsesToExpectedStruct) {
  EXPECT_EQ(ParseScenario(kDesignExample), DesignExampleStruct());
}

TEST(ScenarioJsonTest, MinimalScenarioTakesDocumentedDefaults) {
  Scenario s = ParseScenario(R"({"name": "n", "main": {"children": [{}, {"children": [{}]}]}})");
  EXPECT_EQ(s.name, "n");
  EXPECT_EQ(s.description, "");
  EXPECT_FALSE(s.stop.has_value());
  EXPECT_TRUE(s.signals.empty());
  EXPECT_EQ(s.start, StartMode::kReady);
  EXPECT_EQ(s.main.name, "main");
  EXPECT_EQ(s.main.session, SessionMode::kInherit);
  EXPECT_FALSE(s.main.daemonize);
  EXPECT_TRUE(s.main.on_signal.empty());
  EXPECT_TRUE(s.main.block.empty());
  EXPECT_FALSE(s.main.exit_after_ms.has_value());
  EXPECT_EQ(s.main.exit_code, 0);
  EXPECT_TRUE(s.main.reap);
  ASSERT_EQ(s.main.children.size(), 2u);
  EXPECT_EQ(s.main.children[0].name, "main/0");
  EXPECT_EQ(s.main.children[1].name, "main/1");
  ASSERT_EQ(s.main.children[1].children.size(), 1u);
  EXPECT_EQ(s.main.children[1].children[0].name, "main/1/0");
}

TEST(ScenarioJsonTest, DefaultNamesArePositionalEvenUnderANamedParent) {
  Scenario s = ParseScenario(R"({"name": "n", "main": {"name": "app", "children": [
      {"name": "w"}, {"children": [{}, {}]}]}})");
  EXPECT_EQ(s.main.children[1].name, "main/1");
  EXPECT_EQ(s.main.children[1].children[1].name, "main/1/1");
}

TEST(ScenarioJsonTest, EmptyStopTakesDefaults) {
  Scenario s = ParseScenario(R"({"name": "n", "stop": {}, "main": {}})");
  ASSERT_TRUE(s.stop.has_value());
  EXPECT_EQ(*s.stop, (StopProtocol{kSigTerm, 0, 10000}));
}

TEST(ScenarioJsonTest, LimitsAreInclusive) {
  // The whole run is bounded: at_ms + grace_ms at most the limit.
  json j = {{"name", "n"}, {"stop", {{"grace_ms", 1}, {"at_ms", 599999}}}, {"main", json::object()}};
  json signals = json::array();
  for (int i = 0; i < kMaxSignals; ++i) signals.push_back({{"signal", "SIGHUP"}, {"at_ms", i}});
  j["signals"] = signals;
  json chain = json::object();  // depth kMaxDepth
  for (int d = 0; d < kMaxDepth; ++d) chain = {{"children", {chain}}};
  j["main"] = chain;
  j["main"]["exit_after_ms"] = 600000;
  j["main"]["exit_code"] = 255;
  EXPECT_NO_THROW(ParseScenario(j.dump()));

  json wide = {{"name", "n"}, {"main", {{"children", json::array()}}}};
  for (int i = 0; i + 1 < kMaxProcesses; ++i) wide["main"]["children"].push_back(json::object());
  EXPECT_EQ(Flatten(ParseScenario(wide.dump())).size(), static_cast<size_t>(kMaxProcesses));
}

// ---------------------------------------------------------------------------
// Encoding and round trips

TEST(ScenarioJsonTest, RichScenarioRoundTrips) {
  Scenario s = RichScenario();
  ASSERT_NO_THROW(ValidateScenario(s));
  EXPECT_EQ(ParseScenario(ScenarioToJsonText(s)), s);
  EXPECT_EQ(ParseScenario(ScenarioToJson(s).dump()), s);
  EXPECT_EQ(ScenarioFromJson(ScenarioToJson(s)), s);
}

TEST(ScenarioJsonTest, EarlyExitAndExecErrorRoundTrip) {
  for (const char* text : {R"({"name": "n", "early_exit": {"code": 127}, "main": {"exec_error": "ENOENT"}})",
                           R"({"name": "n", "early_exit": {"code": "nonzero"}, "main": {"exec_error": "no-command"}})",
                           R"({"name": "n", "early_exit": {"code": 0}, "main": {}})"}) {
    Scenario s = ParseScenario(text);
    EXPECT_EQ(ParseScenario(ScenarioToJsonText(s)), s) << text;
  }
  EXPECT_EQ(ParseScenario(R"({"name": "n", "early_exit": {"code": 126}, "main": {"exec_error": "EACCES"}})")
                .main.exec_error,
            ExecError::kNotExecutable);
  EXPECT_SCENARIO_ERROR(R"({"name": "n", "early_exit": {"code": "some"}, "main": {}})", "$.early_exit.code",
                        "expected an exit code (0..255) or \"nonzero\"");
  EXPECT_SCENARIO_ERROR(R"({"name": "n", "early_exit": {"code": 1}, "main": {"exec_error": "EPERM"}})",
                        "$.main.exec_error", "ENOENT, EACCES, no-command");
}

TEST(ScenarioJsonTest, DesignExampleRoundTripsAndWritingIsStable) {
  Scenario s = ParseScenario(kDesignExample);
  std::string text = ScenarioToJsonText(s);
  EXPECT_EQ(ParseScenario(text), s);
  EXPECT_EQ(ScenarioToJsonText(ParseScenario(text)), text);
}

TEST(ScenarioJsonTest, WritingOmitsDefaultsButWritesStopAndSignalsInFull) {
  Scenario s;
  s.name = "n";
  s.main.name = "main";
  s.main.children.resize(1);
  s.main.children[0].name = "main/0";
  EXPECT_EQ(ScenarioToJson(s), json::parse(R"({"name": "n", "main": {"children": [{}]}})"));

  s.stop = StopProtocol{};
  s.signals = {{0, kSigHup}};
  EXPECT_EQ(ScenarioToJson(s), json::parse(R"({"name": "n",
      "stop": {"signal": "SIGTERM", "at_ms": 0, "grace_ms": 10000},
      "signals": [{"at_ms": 0, "signal": "SIGHUP"}],
      "main": {"children": [{}]}})"));
}

TEST(ScenarioJsonTest, TextKeepsDocumentedKeyOrder) {
  EXPECT_EQ(ScenarioToJsonText(DesignExampleStruct()), R"({
  "name": "sibling-needs-longer-than-main",
  "description": "free text",
  "stop": {
    "signal": "SIGTERM",
    "at_ms": 0,
    "grace_ms": 1000
  },
  "signals": [
    {
      "at_ms": 0,
      "signal": "SIGHUP"
    }
  ],
  "main": {
    "on_signal": {
      "SIGTERM": {
        "action": "exit",
        "after_ms": 100
      }
    },
    "children": [
      {
        "name": "worker",
        "on_signal": {
          "SIGTERM": {
            "action": "exit",
            "after_ms": 200
          }
        }
      },
      {
        "name": "session-leader",
        "session": "new-session",
        "on_signal": {
          "SIGTERM": {
            "action": "exit",
            "after_ms": 200
          }
        }
      },
      {
        "name": "daemon",
        "daemonize": true,
        "on_signal": {
          "SIGTERM": {
            "action": "exit",
            "after_ms": 200
          }
        }
      }
    ]
  }
}
)");
}

// ---------------------------------------------------------------------------
// One test per error class: the exact path and a key phrase of the reason.

TEST(ScenarioJsonErrorTest, UnknownKeyNamesItAndTheAllowedKeys) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/grace", 1), "$.grace",
                        "unknown key \"grace\"; allowed keys: name, description, stop, signals, "
                        "start, early_exit, pid1_inherits, env, main");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/0/nmae", "x"), "$.main.children[0].nmae",
                        "allowed keys: name, session, daemonize, on_signal, block, "
                        "exit_after_ms, exit_code, exit_signal, reap, exit_with_children, children");
  EXPECT_SCENARIO_ERROR(ExampleWith("/stop/grace", 5), "$.stop.grace",
                        "allowed keys: signal, at_ms, grace_ms");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/on_signal/SIGTERM/after", 5),
                        "$.main.on_signal.SIGTERM.after", "allowed keys: action, after_ms, code");
  EXPECT_SCENARIO_ERROR(ExampleWith("/signals/0/when", 5), "$.signals[0].when",
                        "allowed keys: at_ms, signal");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/my key", 5), "$.main[\"my key\"]",
                        "unknown key \"my key\"");
}

TEST(ScenarioJsonErrorTest, WrongTypeSaysExpectedAndActual) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/2/daemonize", "yes"),
                        "$.main.children[2].daemonize", "expected boolean, got string \"yes\"");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/1/on_signal/SIGTERM/after_ms", "200"),
                        "$.main.children[1].on_signal.SIGTERM.after_ms",
                        "expected integer, got string \"200\"");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children", json::object()), "$.main.children",
                        "expected array, got object");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/0", 7), "$.main.children[0]",
                        "expected object, got integer 7");
  EXPECT_SCENARIO_ERROR(ExampleWith("/name", nullptr), "$.name", "expected string, got null");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/on_signal", json::array()), "$.main.on_signal",
                        "expected object, got array");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/block", "SIGHUP"), "$.main.block",
                        "expected array, got string \"SIGHUP\"");
  EXPECT_SCENARIO_ERROR("[]", "$", "expected object, got array");
  EXPECT_SCENARIO_ERROR("null", "$", "expected object, got null");
}

TEST(ScenarioJsonErrorTest, NonIntegerNumbersAreRejected) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/stop/grace_ms", 1.5), "$.stop.grace_ms",
                        "expected integer, got non-integer number 1.5");
  EXPECT_SCENARIO_ERROR(R"({"name": "n", "main": {"exit_after_ms": 1e3}})",
                        "$.main.exit_after_ms", "expected integer, got non-integer number");
  EXPECT_SCENARIO_ERROR(R"({"name": "n", "main": {"exit_after_ms": 100.0}})",
                        "$.main.exit_after_ms", "expected integer");
}

TEST(ScenarioJsonErrorTest, UnknownSignalNameIsRejectedWithAHint) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/on_signal/SIGTREM", {{"action", "ignore"}}),
                        "$.main.on_signal.SIGTREM", "unknown signal \"SIGTREM\"");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/block", {"SIGUSR1", "sigusr2"}), "$.main.block[1]",
                        "unknown signal \"sigusr2\"; did you mean \"SIGUSR2\"?");
  EXPECT_SCENARIO_ERROR(ExampleWith("/stop/signal", "TERM"), "$.stop.signal",
                        "did you mean \"SIGTERM\"?");
  EXPECT_SCENARIO_ERROR(ExampleWith("/signals/0/signal", "SIGFOO"), "$.signals[0].signal",
                        "unknown signal \"SIGFOO\"; signals are named like \"SIGTERM\"");
  EXPECT_SCENARIO_ERROR(ExampleWith("/signals/0/signal", 1), "$.signals[0].signal",
                        "expected string, got integer 1");
}

TEST(ScenarioJsonErrorTest, SigkillAndSigstopCannotBeCaughtOrBlocked) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/0/on_signal/SIGKILL", {{"action", "ignore"}}),
                        "$.main.children[0].on_signal.SIGKILL",
                        "SIGKILL cannot be caught, ignored or blocked");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/block", {"SIGHUP", "SIGSTOP"}), "$.main.block[1]",
                        "SIGSTOP cannot be caught, ignored or blocked");
}

// The runtime may not send them either: SIGKILL is the deadline's own signal
// (a stop of SIGKILL leaves no grace to judge), SIGSTOP a state the format
// does not model. drain was once blamed for no-sigkill-in-grace after a stop
// of SIGKILL.
TEST(ScenarioJsonErrorTest, SigkillAndSigstopCannotBeSentByTheRuntime) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/signals/0/signal", "SIGKILL"), "$.signals[0].signal",
                        "SIGKILL cannot be sent by the runtime here");
  EXPECT_SCENARIO_ERROR(ExampleWith("/stop/signal", "SIGKILL"), "$.stop.signal",
                        "SIGKILL cannot be sent by the runtime here");
  EXPECT_SCENARIO_ERROR(ExampleWith("/stop/signal", "SIGSTOP"), "$.stop.signal",
                        "SIGSTOP cannot be sent by the runtime here");
}

TEST(ScenarioJsonErrorTest, EnvNamesVariablesWithStringValues) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/env", {{"1X", "a"}}), "$.env[\"1X\"]", "is not a variable name");
  EXPECT_SCENARIO_ERROR(ExampleWith("/env", {{"X", 1}}), "$.env.X", "expected string, got integer 1");
  EXPECT_SCENARIO_ERROR(ExampleWith("/env", json::array()), "$.env", "expected object, got array");
  EXPECT_SCENARIO_ERROR(ExampleWith("/env", {{"X", std::string("a\0b", 3)}}), "$.env.X",
                        "a value cannot hold a NUL character");
}

TEST(ScenarioJsonErrorTest, TheWholeRunIsBounded) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/stop", {{"at_ms", 400000}, {"grace_ms", 300000}}), "$.stop.grace_ms",
                        "the run would last until 700000 ms (at_ms + grace_ms); the limit is 600000 ms");
}

// Names are labels the harness prints and sends: printable, bounded, and
// none of its own.
TEST(ScenarioJsonErrorTest, NamesArePrintableBoundedAndNotReserved) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/0/name", std::string("a\0b", 3)), "$.main.children[0].name",
                        "holds the control character U+0000");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/0/name", "w\x1b[2J"), "$.main.children[0].name",
                        "holds the control character U+001B");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/0/name", std::string(65, 'x')), "$.main.children[0].name",
                        "a name of 65 characters; the limit is 64");
  EXPECT_NO_THROW(ParseScenario(ExampleWith("/main/children/0/name", std::string(64, 'x'))));
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/0/name", std::string(140000, 'x')), "$.main.children[0].name",
                        "a name of 140000 characters");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/0/name", "pid1"), "$.main.children[0].name",
                        "\"pid1\" is reserved");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/0/name", "x (intermediate)"), "$.main.children[0].name",
                        "is reserved");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/0/name", "pid 42"), "$.main.children[0].name", "is reserved");
  EXPECT_NO_THROW(ParseScenario(ExampleWith("/main/children/0/name", "pid 42x")));
  EXPECT_SCENARIO_ERROR(ExampleWith("/name", std::string(129, 'n')), "$.name", "the limit is 128");
}

// nlohmann's lexer ends the input at a NUL byte: a valid scenario followed
// by "\0garbage" was accepted.
TEST(ScenarioJsonErrorTest, ANulByteIsAnErrorNotTheEnd) {
  std::string text = std::string(kDesignExample) + std::string("\0garbage", 8);
  EXPECT_SCENARIO_ERROR(text, "$", "a NUL byte at line");

}

TEST(ScenarioJsonErrorTest, DuplicateProcessNameNamesBothPaths) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/2/name", "worker"),
                        "$.main.children[2].name",
                        "duplicate process name \"worker\": $.main.children[0] already has it");
  // A default name counts: the unnamed first child is "main/0".
  json j = json::parse(kDesignExample);
  j["main"]["children"][0].erase("name");
  j["main"]["children"][1]["name"] = "main/0";
  EXPECT_SCENARIO_ERROR(j.dump(), "$.main.children[1].name",
                        "duplicate process name \"main/0\": $.main.children[0] already has it");
}

TEST(ScenarioJsonErrorTest, DuplicateJsonKeyIsRejected) {
  EXPECT_SCENARIO_ERROR(R"({"name": "n", "stop": {"grace_ms": 1000, "grace_ms": 10}, "main": {}})",
                        "$.stop.grace_ms", "duplicate key \"grace_ms\"");
  EXPECT_SCENARIO_ERROR(
      R"({"name": "n", "signals": [{"signal": "SIGHUP"}],
          "main": {"children": [{}, {"children": [{"name": "a", "reap": true, "name": "b"}]}]}})",
      "$.main.children[1].children[0].name", "duplicate key \"name\"");
  EXPECT_SCENARIO_ERROR(
      R"({"name": "n", "main": {"on_signal": {"SIGTERM": {"action": "ignore"},
                                             "SIGTERM": {"action": "exit"}}}})",
      "$.main.on_signal.SIGTERM", "duplicate key \"SIGTERM\"");
}

TEST(ScenarioJsonErrorTest, DuplicateBlockedSignalIsRejected) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/block", {"SIGUSR1", "SIGHUP", "SIGUSR1"}),
                        "$.main.block[2]", "SIGUSR1 is listed twice (also at $.main.block[0])");
}

TEST(ScenarioJsonErrorTest, NegativeDurationIsRejected) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/1/on_signal/SIGTERM/after_ms", -5),
                        "$.main.children[1].on_signal.SIGTERM.after_ms",
                        "duration must not be negative, got -5 ms");
  EXPECT_SCENARIO_ERROR(ExampleWith("/stop/at_ms", -1), "$.stop.at_ms", "must not be negative");
  EXPECT_SCENARIO_ERROR(ExampleWith("/signals/0/at_ms", -1), "$.signals[0].at_ms",
                        "must not be negative");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/exit_after_ms", -1), "$.main.exit_after_ms",
                        "must not be negative");
}

TEST(ScenarioJsonErrorTest, AbsurdDurationStatesTheLimit) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/1/on_signal/SIGTERM/after_ms", 600001),
                        "$.main.children[1].on_signal.SIGTERM.after_ms",
                        "duration 600001 ms exceeds the limit of 600000 ms");
  EXPECT_SCENARIO_ERROR(ExampleWith("/stop/grace_ms", 18446744073709551615ull), "$.stop.grace_ms",
                        "exceeds the limit of 600000 ms");
  EXPECT_SCENARIO_ERROR(ExampleWith("/signals/0/at_ms", 4294967296ll), "$.signals[0].at_ms",
                        "exceeds the limit");
}

TEST(ScenarioJsonErrorTest, GracePeriodMustBeAtLeastOneMs) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/stop/grace_ms", 0), "$.stop.grace_ms",
                        "grace period must be at least 1 ms, got 0");
}

TEST(ScenarioJsonErrorTest, ExitCodeOutsideByteIsRejected) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/on_signal/SIGTERM/code", 256),
                        "$.main.on_signal.SIGTERM.code", "exit code must be in 0..255, got 256");
  json j = json::parse(kDesignExample);
  j["main"]["children"][0]["exit_after_ms"] = 10;
  j["main"]["children"][0]["exit_code"] = -1;
  EXPECT_SCENARIO_ERROR(j.dump(), "$.main.children[0].exit_code", "got -1");
}

TEST(ScenarioJsonErrorTest, MeaninglessParametersAreRejected) {
  EXPECT_SCENARIO_ERROR(
      ExampleWith("/main/on_signal/SIGUSR1", {{"action", "record"}, {"after_ms", 0}}),
      "$.main.on_signal.SIGUSR1.after_ms", "meaningless with action \"record\"");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/on_signal/SIGUSR1", {{"action", "ignore"}, {"code", 3}}),
                        "$.main.on_signal.SIGUSR1.code", "meaningless with action \"ignore\"");
  EXPECT_SCENARIO_ERROR(
      ExampleWith("/main/on_signal/SIGUSR1", {{"action", "default"}, {"after_ms", 10}}),
      "$.main.on_signal.SIGUSR1.after_ms", "meaningless with action \"default\"");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/exit_code", 3), "$.main.exit_code",
                        "meaningless without \"exit_after_ms\"");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/exit_signal", "SIGKILL"), "$.main.exit_signal",
                        "meaningless without \"exit_after_ms\"");
  EXPECT_NO_THROW(ParseScenario(
      ExampleWith("/main/on_signal/SIGUSR1", {{"action", "forward"}, {"after_ms", 5}, {"code", 1}})));
}

TEST(ScenarioJsonErrorTest, UnknownEnumValuesListTheChoices) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/on_signal/SIGTERM/action", "quit"),
                        "$.main.on_signal.SIGTERM.action",
                        "unknown action \"quit\"; expected one of: default, ignore, exit, record, "
                        "forward");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/1/session", "new_session"),
                        "$.main.children[1].session",
                        "expected one of: inherit, new-group, new-session");
  EXPECT_SCENARIO_ERROR(ExampleWith("/start", "eager"), "$.start",
                        "unknown start \"eager\"; expected one of: ready, racy");
}

TEST(ScenarioJsonErrorTest, MissingRequiredKeysAreNamed) {
  EXPECT_SCENARIO_ERROR(ExampleWithout("/main"), "$", "missing required key \"main\"");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main", nullptr), "$.main", "expected object, got null");
  EXPECT_SCENARIO_ERROR("{}", "$", "missing required key \"name\"");
  EXPECT_SCENARIO_ERROR(ExampleWith("/name", ""), "$.name", "must not be empty");
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/children/1/name", ""), "$.main.children[1].name",
                        "process name must not be empty");
  EXPECT_SCENARIO_ERROR(ExampleWithout("/main/on_signal/SIGTERM/action"),
                        "$.main.on_signal.SIGTERM", "missing required key \"action\"");
  EXPECT_SCENARIO_ERROR(ExampleWithout("/signals/0/signal"), "$.signals[0]",
                        "missing required key \"signal\"");
}

TEST(ScenarioJsonErrorTest, MainCannotDaemonize) {
  EXPECT_SCENARIO_ERROR(ExampleWith("/main/daemonize", true), "$.main.daemonize",
                        "main cannot daemonize");
  EXPECT_NO_THROW(ParseScenario(ExampleWith("/main/daemonize", false)));
}

TEST(ScenarioJsonErrorTest, TooManyProcessesStatesTheLimit) {
  json j = {{"name", "n"}, {"main", {{"children", json::array()}}}};
  for (int i = 0; i < kMaxProcesses; ++i) j["main"]["children"].push_back(json::object());
  EXPECT_SCENARIO_ERROR(j.dump(), "$.main.children[127]", "too many processes: the limit is 128");
}

TEST(ScenarioJsonErrorTest, TooDeepStatesTheLimit) {
  json chain = json::object();
  for (int d = 0; d < kMaxDepth + 1; ++d) chain = {{"children", {chain}}};
  std::string path = "$.main";
  for (int d = 0; d < kMaxDepth + 1; ++d) path += ".children[0]";
  EXPECT_SCENARIO_ERROR(json({{"name", "n"}, {"main", chain}}).dump(), path,
                        "process tree too deep: depth 17 exceeds the limit of 16");
}

TEST(ScenarioJsonErrorTest, TooManySignalsStatesTheLimit) {
  json signals = json::array();
  for (int i = 0; i < kMaxSignals + 1; ++i) signals.push_back({{"signal", "SIGHUP"}});
  EXPECT_SCENARIO_ERROR(ExampleWith("/signals", signals), "$.signals",
                        "too many signals: 257 exceed the limit of 256");
}

TEST(ScenarioJsonErrorTest, SyntaxErrorReportsLineAndColumn) {
  EXPECT_SCENARIO_ERROR("{\n  \"name\": \"x\",\n  \"main\": {]\n}", "$",
                        "JSON syntax error at line 3, column 12:");
  EXPECT_SCENARIO_ERROR("{\n  \"name\": \"x\",\n", "$",
                        "JSON syntax error at line 3, column 1: syntax error while parsing object "
                        "key - unexpected end of input");
  EXPECT_SCENARIO_ERROR("", "$", "JSON syntax error at line 1, column 1");
  // The position is where the lexer stopped: "tra" is where "true" failed.
  EXPECT_SCENARIO_ERROR(R"({"name": "x", "main": {}} trailing)", "$",
                        "JSON syntax error at line 1, column 29");
  EXPECT_SCENARIO_ERROR(R"({"name": "x", "main": {"exit_after_ms": 1e400}})", "$",
                        "number overflow");
}

// ---------------------------------------------------------------------------
// ValidateScenario on structs from other sources uses the same paths.

TEST(ValidateScenarioTest, StructErrorsUseTheJsonPaths) {
  Scenario s = DesignExampleStruct();
  s.main.children[1].on_signal[kSigUsr1] = {SignalAction::kRecord, 5, 0};
  try {
    ValidateScenario(s);
    ADD_FAILURE() << "validated";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.path, "$.main.children[1].on_signal.SIGUSR1.after_ms");
  }

  s = DesignExampleStruct();
  s.main.on_signal[42] = {SignalAction::kIgnore, 0, 0};
  try {
    ValidateScenario(s);
    ADD_FAILURE() << "validated";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.path, "$.main.on_signal[\"signal 42\"]");
    EXPECT_EQ(e.reason, "unknown signal number 42");
  }

  s = DesignExampleStruct();
  s.main.children[0].session = static_cast<SessionMode>(7);
  try {
    ValidateScenario(s);
    ADD_FAILURE() << "validated";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.path, "$.main.children[0].session");
  }

  s = DesignExampleStruct();
  s.main.children[2].name = "bad \xff utf8";
  EXPECT_THROW(ValidateScenario(s), ScenarioError);
  EXPECT_NO_THROW(ScenarioToJsonText(s));  // writing never throws

  s = DesignExampleStruct();
  s.main.block = {kSigKill};
  EXPECT_THROW(ValidateScenario(s), ScenarioError);
  s = DesignExampleStruct();
  s.main.on_signal[kSigStop] = {};
  EXPECT_THROW(ValidateScenario(s), ScenarioError);
}

// ---------------------------------------------------------------------------
// Files

TEST(LoadScenarioFileTest, MissingFileReadsLikeASystemCall) {
  try {
    LoadScenarioFile("/nonexistent/scenario.json");
    ADD_FAILURE() << "loaded";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "open(/nonexistent/scenario.json): No such file or directory");
    EXPECT_EQ(e.path, "");
  }
}

std::string WriteTempFile(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string path = std::string(dir ? dir : "/tmp") + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(LoadScenarioFileTest, LoadsAndNamesTheFileInErrors) {
  std::string good = WriteTempFile("good.json", kDesignExample);
  EXPECT_EQ(LoadScenarioFile(good), DesignExampleStruct());

  std::string bad = WriteTempFile("bad.json", ExampleWith("/stop/grace_ms", 0));
  try {
    LoadScenarioFile(bad);
    ADD_FAILURE() << "loaded";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.file, bad);
    EXPECT_EQ(e.path, "$.stop.grace_ms");
    EXPECT_EQ(std::string(e.what()), bad + ": $.stop.grace_ms: " + e.reason);
  }

  const char* dir = std::getenv("TEST_TMPDIR");
  std::string directory = dir ? dir : "/tmp";
  try {
    LoadScenarioFile(directory);
    ADD_FAILURE() << "loaded a directory";
  } catch (const ScenarioError& e) {
    EXPECT_TRUE(Contains(e.what(), "(" + directory + "): Is a directory")) << e.what();
  }
}

// ---------------------------------------------------------------------------
// Garbage never crashes: it is a ScenarioError, or a valid scenario that
// round-trips.

void ExpectErrorOrRoundTrip(std::string_view text) {
  try {
    Scenario s = ParseScenario(text);
    EXPECT_EQ(ParseScenario(ScenarioToJsonText(s)), s) << text;
  } catch (const ScenarioError&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a ScenarioError: " << e.what() << " for: " << text;
  }
}

TEST(ScenarioJsonGarbageTest, HandPickedGarbage) {
  const std::string deep_arrays = std::string(100000, '[') + std::string(100000, ']');
  std::string deep_children = R"({"name":"n","main":)";
  for (int i = 0; i < 5000; ++i) deep_children += R"({"children":[)";
  const std::string garbage[] = {
      "",
      " ",
      "null",
      "0",
      "\"scenario\"",
      "{",
      "}",
      "{\"name\"",
      "{\"name\": \"n\", \"main\": ",
      std::string("{\"name\": \"\0\", \"main\": {}}", 24),
      "\xff\xfe\x00\x01",
      "{\"name\": \"\xc3\x28\", \"main\": {}}",
      "{\"name\": \"\\ud800\", \"main\": {}}",
      deep_arrays,
      deep_children,
      R"({"name": "n", "main": {"on_signal": {"": {}}}})",
      R"({"name": "n", "main": {"children": [[], null, true]}})",
      R"({"name": "n", "main": {"exit_after_ms": -9223372036854775808}})",
      R"({"name": "n", "main": {"exit_after_ms": 99999999999999999999999}})",
  };
  for (const std::string& g : garbage) ExpectErrorOrRoundTrip(g);
}

TEST(ScenarioJsonGarbageTest, MutatedExampleNeverCrashes) {
  std::mt19937 rng(20240601);
  const std::string base = kDesignExample;
  const std::string alphabet = "{}[]\":,0123456789-.eE tfnul\\SIGTERMabc";
  for (int i = 0; i < 3000; ++i) {
    std::string text = base;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits && !text.empty(); ++k) {
      size_t pos = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.erase(pos, 1 + rng() % 8); break;
        case 1: text.insert(pos, 1, alphabet[rng() % alphabet.size()]); break;
        default: text[pos] = static_cast<char>(rng() % 256); break;
      }
    }
    ExpectErrorOrRoundTrip(text);
  }
}

}  // namespace
}  // namespace initcheck
