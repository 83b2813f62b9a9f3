#include "harness/report/baseline_json.h"

#include <gtest/gtest.h>

#include "harness/codec/json_reader.h"
#include "harness/testing/json_error.h"

namespace initcheck {
namespace {

Baseline Sample() {
  Baseline b;
  b.init = "tini";
  b.verdicts["mixed-tree-main-first"] = {{"no-sigkill-in-grace", VerdictValue::kViolated},
                                         {"exit-code", VerdictValue::kHolds}};
  b.verdicts["pipeline"] = {{"no-zombies", VerdictValue::kHolds}};
  return b;
}

TEST(BaselineJson, RoundTripsInSortedOrder) {
  const nlohmann::json json = BaselineToJson(Sample());
  EXPECT_EQ(json.dump(),
            R"({"format":"initcheck-baseline-1","init":"tini","verdicts":{"mixed-tree-main-first":)"
            R"({"exit-code":"holds","no-sigkill-in-grace":"violated"},"pipeline":{"no-zombies":"holds"}}})");
  EXPECT_EQ(BaselineFromJson(ParseJson(json.dump())), Sample());
}

TEST(BaselineJson, BadFilesNameThePathAndWhy) {
  auto read = [](const char* text) { return BaselineFromJson(ParseJson(text)); };
  EXPECT_JSON_ERROR(read(R"({"format":"initcheck-baseline-2","init":"x","verdicts":{}})"), "$.format",
                    "unknown format \"initcheck-baseline-2\"; expected \"initcheck-baseline-1\"");
  EXPECT_JSON_ERROR(read(R"({"format":"initcheck-baseline-1","init":"x","verdicts":{"a":{"exit-cod":"holds"}}})"),
                    "$.verdicts.a[\"exit-cod\"]",
                    "unknown property \"exit-cod\"; expected one of: no-sigkill-in-grace, graceful-completion, "
                    "exit-code, no-zombies, signal-forwarding, clean-signal-state, stop-latency, no-process-left-stopped");
  EXPECT_JSON_ERROR(read(R"({"format":"initcheck-baseline-1","init":"x","verdicts":{"a":{"exit-code":"unknown"}}})"),
                    "$.verdicts.a[\"exit-code\"]", "unknown baseline verdict \"unknown\"; expected one of: holds, violated");
  EXPECT_JSON_ERROR(read(R"({"format":"initcheck-baseline-1","init":"x","verdicts":{"a":[]}})"), "$.verdicts.a",
                    "expected object, got array");
  EXPECT_JSON_ERROR(read(R"({"format":"initcheck-baseline-1","verdicts":{}})"), "$", "missing required key \"init\"");
  EXPECT_JSON_ERROR(read(R"({"format":"initcheck-baseline-1","init":"x","verdicts":{},"extra":1})"), "$.extra",
                    "unknown key \"extra\"; allowed keys: format, init, verdicts");
}

}  // namespace
}  // namespace initcheck
