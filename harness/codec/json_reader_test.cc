// The strict reader every decoder uses: each failure is a JsonError at the
// exact path, in the one wording.
#include "harness/codec/json_reader.h"

#include <random>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/model/trace.h"
#include "harness/testing/json_error.h"

namespace initcheck {
namespace {

using nlohmann::json;

using testing::ErrorOf;

TEST(ObjectReaderTest, UnknownKeyNamesItAndTheAllowedKeys) {
  json j = {{"name", "x"}, {"nmae", "y"}};
  EXPECT_JSON_ERROR(ObjectReader(j, "$.p", {"name", "pid"}), "$.p.nmae",
                    "unknown key \"nmae\"; allowed keys: name, pid");
  const json odd = {{"my key", 1}};
  EXPECT_JSON_ERROR(ObjectReader(odd, "$", {"a"}), "$[\"my key\"]",
                    "unknown key \"my key\"; allowed keys: a");
  const json a = {{"a", 1}};
  EXPECT_JSON_ERROR(ObjectReader(a, "$", {}), "$.a", "unknown key \"a\"; allowed keys: ");
}

TEST(ObjectReaderTest, MissingKeySaysWhyWhenTold) {
  const json empty = json::object();
  ObjectReader r(empty, "$.stop", {"signal"});
  EXPECT_JSON_ERROR(r.Require("signal"), "$.stop", "missing required key \"signal\"");
  EXPECT_JSON_ERROR(r.Require("signal", "what to send"), "$.stop",
                    "missing required key \"signal\" (what to send)");
  EXPECT_EQ(r.Find("signal"), nullptr);
}

TEST(ObjectReaderTest, NullIsAbsentOnlyWhenAskedSo) {
  json j = {{"fork_ns", nullptr}, {"exit_ns", 5}};
  ObjectReader r(j, "$", {"fork_ns", "exit_ns", "other"});
  EXPECT_NE(r.Find("fork_ns"), nullptr);
  EXPECT_EQ(r.FindNonNull("fork_ns"), nullptr);
  EXPECT_EQ(r.FindNonNull("other"), nullptr);
  EXPECT_EQ(r.Integer("exit_ns"), 5);
  EXPECT_JSON_ERROR(r.Integer("fork_ns"), "$.fork_ns", "expected integer, got null");
}

TEST(ObjectReaderTest, NotAnObjectSaysWhatItIs) {
  const json array = json::array(), text = "x";
  EXPECT_JSON_ERROR(ObjectReader(array, "$.cells[0]", {}), "$.cells[0]", "expected object, got array");
  EXPECT_JSON_ERROR(ObjectReader(text, "$", {}), "$", "expected object, got string \"x\"");
}

TEST(GettersTest, WrongTypeSaysExpectedAndActual) {
  EXPECT_JSON_ERROR(GetString(json(1), "$.a"), "$.a", "expected string, got integer 1");
  EXPECT_JSON_ERROR(GetBool(json("yes"), "$.a"), "$.a", "expected boolean, got string \"yes\"");
  EXPECT_JSON_ERROR(GetInteger(json(1.5), "$.a"), "$.a", "expected integer, got non-integer number 1.5");
  EXPECT_JSON_ERROR(GetInteger(json(true), "$.a"), "$.a", "expected integer, got boolean true");
  EXPECT_JSON_ERROR(GetInt(json(4294967296ll), "$.a"), "$.a",
                    "expected integer in -2147483648..2147483647, got integer 4294967296");
  EXPECT_JSON_ERROR(GetIndex(json(-1), "$.a"), "$.a", "expected non-negative integer, got integer -1");
  EXPECT_JSON_ERROR(GetNumber(json::object(), "$.a"), "$.a", "expected number, got object");
  EXPECT_EQ(GetInteger(json(18446744073709551615ull), "$"), INT64_MAX);
  EXPECT_EQ(GetInt(json(-2147483648ll), "$"), -2147483648ll);
  EXPECT_EQ(GetNumber(json(3), "$"), 3.0);
}

TEST(GettersTest, EnumsAndSignalsOfferTheChoices) {
  EXPECT_JSON_ERROR(GetEnum(json("x"), "$.kind", JournalKindIds(), "journal kind"), "$.kind",
                    "unknown journal kind \"x\"; expected one of: start, ready, detached, signal, "
                    "cleanup-start, forwarded, exiting, force-quit");
  EXPECT_EQ(GetEnum(json("detached"), "$", JournalKindIds(), "journal kind"), JournalKind::kDetached);
  EXPECT_JSON_ERROR(GetSignal(json("sigterm"), "$.s"), "$.s",
                    "unknown signal \"sigterm\"; did you mean \"SIGTERM\"?");
  EXPECT_EQ(GetSignal(json("SIGKILL"), "$"), 9);
}

TEST(GettersTest, ArraysNameEachElement) {
  EXPECT_JSON_ERROR(ReadArray(json({"SIGHUP", 2}), "$.blocked", GetSignal), "$.blocked[1]",
                    "expected string, got integer 2");
  EXPECT_JSON_ERROR(ReadArray(json::object(), "$.blocked", GetSignal), "$.blocked",
                    "expected array, got object");
  EXPECT_EQ(ReadArray(json({"SIGHUP", "SIGINT"}), "$", GetSignal), (std::vector<int>{1, 2}));
}

TEST(ParseJsonTest, DuplicateKeyIsAnErrorAtItsPath) {
  EXPECT_JSON_ERROR(ParseJson(R"({"a": 1, "a": 2})"), "$.a",
                    "duplicate key \"a\" (a key may appear once per object)");
  EXPECT_JSON_ERROR(ParseJson(R"({"cells": [{}, {"trace": {"x": 1, "y": {}, "x": 2}}]})"),
                    "$.cells[1].trace.x", "duplicate key \"x\" (a key may appear once per object)");
  EXPECT_JSON_ERROR(ParseJson(R"([[], [{"odd key": 1, "odd key": 1}]])"), "$[1][0][\"odd key\"]",
                    "duplicate key \"odd key\" (a key may appear once per object)");
  // The same key in sibling objects is no duplicate.
  EXPECT_NO_THROW(ParseJson(R"([{"a": 1}, {"a": 2}])"));
}

TEST(ParseJsonTest, SyntaxErrorsGiveLineAndColumn) {
  JsonError e = ErrorOf([] { ParseJson("{\n  \"a\": 1,\n  \"b\": ]\n}"); });
  EXPECT_EQ(e.path, "$");
  EXPECT_TRUE(e.reason.starts_with("JSON syntax error at line 3, column 8: ")) << e.reason;
  e = ErrorOf([] { ParseJson("{\"a\": 1"); });
  EXPECT_TRUE(e.reason.starts_with("JSON syntax error at line 1, column 8: ")) << e.reason;
  EXPECT_EQ(e.reason.find("[json.exception"), std::string::npos) << e.reason;
  e = ErrorOf([] { ParseJson("1e400"); });
  EXPECT_EQ(e.path, "$");
  EXPECT_NE(e.reason.find("number overflow"), std::string::npos) << e.reason;
}

// Quote (harness/model/quoted_text.h) spells text without JSON; it must read
// exactly as nlohmann-json writes the same bytes, garbage included.
TEST(QuoteMatchesJsonTest, RandomBytes) {
  std::mt19937 rng(7);
  const std::string pieces[] = {"a", "\"", "\\", "\n", "\x01", "\x7f", "ü", "✓", "𝄞", "\xc3",
                                "\xe2\x82", "\xf0\x9d", "\x80", "\xff", "\xed\xa0\x80", "\xc0\xaf"};
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) {
      if (rng() % 3 == 0) {
        text += static_cast<char>(rng() % 256);
      } else {
        text += pieces[rng() % std::size(pieces)];
      }
    }
    std::string expected = json(text).dump(-1, ' ', false, json::error_handler_t::replace);
    ASSERT_EQ(JsonQuoted(text), expected) << json(text).dump(-1, ' ', true, json::error_handler_t::replace);
    bool strict_ok = true;
    try {
      (void)json(text).dump();
    } catch (const json::exception&) {
      strict_ok = false;
    }
    ASSERT_EQ(IsValidUtf8(text), strict_ok) << expected;
  }
}

}  // namespace
}  // namespace initcheck
