// Journal datagrams come from inside the namespace: every entry the probe
// writes reads back exactly, and anything else is a JsonError with its path.
#include "harness/codec/journal_json.h"

#include <csignal>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/testing/json_error.h"

namespace initcheck {
namespace {

JournalEntry Entry(JournalKind kind) {
  JournalEntry e;
  e.t_ns = -1'234'567;
  e.node = "main/0 \"odd\" ü";
  e.kind = kind;
  return e;
}

TEST(JournalJsonTest, EveryKindRoundTrips) {
  for (const auto& [kind, id] : JournalKindIds()) {
    JournalEntry e = Entry(kind);
    if (kind == JournalKind::kSignal || kind == JournalKind::kCleanupStart ||
        kind == JournalKind::kForwarded || kind == JournalKind::kForceQuit) {
      e.signo = SIGTERM;
    }
    if (kind == JournalKind::kExiting) e.code = 143;
    if (kind == JournalKind::kStart) {
      e.blocked = {SIGUSR1, SIGCHLD};
      e.ignored = {SIGPIPE};
    }
    EXPECT_EQ(ParseJournalEntry(JournalEntryToJson(e).dump()), e) << id;
    EXPECT_EQ(JournalEntryFromJson(JournalEntryToJson(e)), e) << id;
  }
}

// Datagrams are read as the runner reads them.
#define EXPECT_DATAGRAM_ERROR(datagram, expected_path, expected_reason) \
  EXPECT_JSON_ERROR(ParseJournalEntry(datagram), expected_path, expected_reason)

TEST(JournalJsonTest, MalformedDatagramsNameThePath) {
  EXPECT_DATAGRAM_ERROR(R"(["ready"])", "$", "expected object, got array");
  EXPECT_DATAGRAM_ERROR(R"("ready")", "$", "expected object, got string \"ready\"");
  EXPECT_DATAGRAM_ERROR(R"({"t_ns": 1, "node": "a", "kind": "exploded"})", "$.kind",
                        "unknown journal kind \"exploded\"; expected one of: start, ready, detached, "
                        "signal, cleanup-start, forwarded, exiting, force-quit");
  EXPECT_DATAGRAM_ERROR(R"({"t_ns": 1, "node": "a", "kind": "signal", "signal": "SIGFOO"})",
                        "$.signal",
                        "unknown signal \"SIGFOO\"; signals are named like \"SIGTERM\" (case-sensitive)");
  EXPECT_DATAGRAM_ERROR(R"({"t_ns": 1, "node": "a", "kind": "start", "blocked": ["SIGHUP", "HUP"]})",
                        "$.blocked[1]", "unknown signal \"HUP\"; did you mean \"SIGHUP\"?");
  EXPECT_DATAGRAM_ERROR(R"({"t_ns": "1", "node": "a", "kind": "ready"})", "$.t_ns",
                        "expected integer, got string \"1\"");
  EXPECT_DATAGRAM_ERROR(R"({"t_ns": 1, "node": 7, "kind": "ready"})", "$.node",
                        "expected string, got integer 7");
  // Keys of another kind: the encoder would drop them (journal_json_fuzzer).
  EXPECT_DATAGRAM_ERROR(R"({"t_ns": 1, "node": "a", "kind": "signal", "code": 5})", "$.code",
                        "only \"exiting\" entries have \"code\", not \"signal\" ones");
  EXPECT_DATAGRAM_ERROR(R"({"t_ns": 1, "node": "a", "kind": "ready", "ignored": []})", "$.ignored",
                        "only \"start\" entries have \"ignored\", not \"ready\" ones");
  EXPECT_DATAGRAM_ERROR(R"({"t_ns": 1, "node": "a", "kind": "exiting", "code": 1.5})", "$.code",
                        "expected integer, got non-integer number 1.5");
  EXPECT_DATAGRAM_ERROR(R"({"t_ns": 1, "node": "a", "kind": "start", "ignored": "SIGPIPE"})",
                        "$.ignored", "expected array, got string \"SIGPIPE\"");
  EXPECT_DATAGRAM_ERROR(R"({"node": "a", "kind": "ready"})", "$", "missing required key \"t_ns\"");
  EXPECT_DATAGRAM_ERROR(R"({"t_ns": 1, "node": "a", "kind": "ready", "pid": 4})", "$.pid",
                        "unknown key \"pid\"; allowed keys: t_ns, node, kind, signal, code, blocked, "
                        "ignored");
  EXPECT_DATAGRAM_ERROR(R"({"t_ns": 1, "node": "a", "node": "b", "kind": "ready"})", "$.node",
                        "duplicate key \"node\" (a key may appear once per object)");
}

TEST(JournalJsonTest, TruncatedDatagramIsASyntaxError) {
  JsonError e = testing::ErrorOf([] { ParseJournalEntry(R"({"t_ns": 1, "node": "a", "ki)"); });
  EXPECT_EQ(e.path, "$");
  EXPECT_TRUE(e.reason.starts_with("JSON syntax error at line 1, column ")) << e.reason;
}

TEST(JournalJsonTest, EntryInsideATraceNamesItsPlace) {
  nlohmann::json j = JournalEntryToJson(Entry(JournalKind::kReady));
  j["kind"] = 3;
  EXPECT_JSON_ERROR(JournalEntryFromJson(j, "$.journal[4]"), "$.journal[4].kind",
                    "expected string, got integer 3");
}

}  // namespace
}  // namespace initcheck
