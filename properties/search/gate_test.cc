#include "properties/search/gate.h"

#include <gtest/gtest.h>

namespace initcheck {
namespace {

Verdict V(const std::string& property, VerdictValue value, const std::string& why = "") {
  Verdict v;
  v.property = property;
  v.value = value;
  if (value == VerdictValue::kUnknown) v.note = why;
  if (value == VerdictValue::kViolated) {
    Violation violation;
    violation.explanation = why;
    v.violations.push_back(violation);
  }
  return v;
}

MatrixCell Cell(const std::string& scenario, std::vector<Verdict> verdicts) {
  MatrixCell cell;
  cell.scenario = scenario;
  cell.init = "my-init";
  cell.Judged(std::move(verdicts));
  return cell;
}

constexpr VerdictValue kHolds = VerdictValue::kHolds;
constexpr VerdictValue kViolated = VerdictValue::kViolated;
constexpr VerdictValue kUnknown = VerdictValue::kUnknown;

Baseline TwoScenarios() {
  Baseline b;
  b.init = "my-init";
  b.verdicts["a"] = {{"no-sigkill-in-grace", kHolds}, {"exit-code", kViolated}};
  b.verdicts["b"] = {{"no-sigkill-in-grace", kHolds}};
  return b;
}

TEST(Gate, AnInitThatBehavesAsRecordedPassesViolationsIncluded) {
  Matrix m;
  m.cells = {Cell("a", {V("no-sigkill-in-grace", kHolds), V("exit-code", kViolated, "exited 0, not 143")}),
             Cell("b", {V("no-sigkill-in-grace", kHolds)})};
  const GateResult r = CompareWithBaseline(TwoScenarios(), m, "my-init");
  EXPECT_TRUE(r.Passed());
  EXPECT_EQ(r.Count(GateChange::kSame), 3);
  EXPECT_EQ(r.cases.size(), 3u);
}

TEST(Gate, AHeldPropertyNowViolatedFailsNamingWhy) {
  Matrix m;
  m.cells = {Cell("a", {V("no-sigkill-in-grace", kViolated, "kernel SIGKILLed worker"), V("exit-code", kViolated)}),
             Cell("b", {V("no-sigkill-in-grace", kHolds)})};
  const GateResult r = CompareWithBaseline(TwoScenarios(), m, "my-init");
  EXPECT_FALSE(r.Passed());
  ASSERT_EQ(r.Count(GateChange::kRegressed), 1);
  EXPECT_EQ(r.cases[0], (GateCase{"a", "no-sigkill-in-grace", kHolds, kViolated, GateChange::kRegressed,
                                  "kernel SIGKILLed worker"}));
}

// An unknown verdict is never a pass, whatever the baseline said.
TEST(Gate, AJudgedCellNowUnknownFails) {
  for (VerdictValue before : {kHolds, kViolated}) {
    Baseline b;
    b.init = "my-init";
    b.verdicts["a"] = {{"stop-latency", before}};
    Matrix m;
    m.cells = {Cell("a", {V("stop-latency", kUnknown, "schedule slipped")})};
    const GateResult r = CompareWithBaseline(b, m, "my-init");
    EXPECT_FALSE(r.Passed());
    EXPECT_EQ(r.cases.at(0).change, GateChange::kUnjudged);
    EXPECT_EQ(r.cases.at(0).detail, "schedule slipped");
  }
}

// A skipped init (its binary missing) or a run that could not be made has
// no verdicts: every case the baseline knows is unjudged.
TEST(Gate, ACellWithNoRunIsUnjudged) {
  Matrix m;
  MatrixCell skipped;
  skipped.scenario = "a";
  skipped.init = "my-init";
  skipped.status = CellStatus::kSkipped;
  skipped.note = "my-init not found on PATH";
  m.cells = {skipped, Cell("b", {V("no-sigkill-in-grace", kHolds)})};
  const GateResult r = CompareWithBaseline(TwoScenarios(), m, "my-init");
  EXPECT_FALSE(r.Passed());
  EXPECT_EQ(r.Count(GateChange::kUnjudged), 2);
  EXPECT_EQ(r.cases.at(0).detail, "my-init not found on PATH");
}

TEST(Gate, ImprovementsNewAndNotRunCasesPassAndAreReported) {
  Matrix m;
  m.cells = {Cell("a", {V("no-sigkill-in-grace", kHolds), V("exit-code", kHolds)}),  // exit-code improved
             Cell("c", {V("no-sigkill-in-grace", kViolated)})};                      // c is new; b not run
  const GateResult r = CompareWithBaseline(TwoScenarios(), m, "my-init");
  EXPECT_TRUE(r.Passed());
  EXPECT_EQ(r.Count(GateChange::kImproved), 1);
  EXPECT_EQ(r.Count(GateChange::kNew), 1);
  ASSERT_EQ(r.Count(GateChange::kNotRun), 1);
  EXPECT_EQ(r.cases.back(), (GateCase{"b", "no-sigkill-in-grace", kHolds, std::nullopt, GateChange::kNotRun, ""}));
}

TEST(Gate, OnlyTheGatedInitsCellsCount) {
  Matrix m;
  MatrixCell other = Cell("a", {V("no-sigkill-in-grace", kViolated)});
  other.init = "tini";
  m.cells = {other, Cell("a", {V("no-sigkill-in-grace", kHolds), V("exit-code", kViolated)}),
             Cell("b", {V("no-sigkill-in-grace", kHolds)})};
  EXPECT_TRUE(CompareWithBaseline(TwoScenarios(), m, "my-init").Passed());
  // tini against my-init's baseline: its regression shows, b was not run.
  const GateResult tini = CompareWithBaseline(TwoScenarios(), m, "tini");
  EXPECT_EQ(tini.Count(GateChange::kRegressed), 1);
  EXPECT_EQ(tini.Count(GateChange::kNotRun), 2);
}

// What --update writes: today's judged verdicts; a gate against it passes.
TEST(Gate, TheBaselineOfARunIsWhatItShowed) {
  Matrix m;
  m.cells = {Cell("a", {V("no-sigkill-in-grace", kHolds), V("exit-code", kViolated)}),
             Cell("b", {V("no-sigkill-in-grace", kHolds), V("stop-latency", kUnknown, "slipped")})};
  const Baseline b = BaselineOf(m, "my-init");
  Baseline want = TwoScenarios();
  EXPECT_EQ(b, want);  // stop-latency, unknown, is left out
  m.cells[1].verdicts.pop_back();
  EXPECT_TRUE(CompareWithBaseline(b, m, "my-init").Passed());
}

// With 4 shards (and with 1, 2, 3, 7) every scenario runs in exactly one
// shard, and every baseline row is gated in exactly one.
// An explored scenario is held to what held everywhere in the baseline
// (no-sigkill-in-grace here); exit-code, violated in a, is only new there.
TEST(Gate, ExploredScenariosAreHeldToTheInitsInvariants) {
  const Baseline b = WithInvariantsFor(TwoScenarios(), {"x", "a"});
  EXPECT_EQ(b.verdicts.at("x"), (std::map<std::string, VerdictValue>{{"no-sigkill-in-grace", kHolds}}));
  EXPECT_EQ(b.verdicts.at("a"), TwoScenarios().verdicts.at("a")) << "a row the baseline has stays as it was";

  Matrix m;
  m.cells = {Cell("x", {V("no-sigkill-in-grace", kViolated, "kernel SIGKILLed worker"), V("exit-code", kViolated)})};
  const GateResult r = CompareWithBaseline(b, m, "my-init");
  EXPECT_EQ(r.cases[0].change, GateChange::kRegressed);
  EXPECT_EQ(r.cases[1].change, GateChange::kNew);
}

TEST(Gate, ShardsCoverEveryScenarioOnce) {
  std::vector<Scenario> all(10);
  for (size_t i = 0; i < all.size(); ++i) all[i].name = "s" + std::to_string(i);
  Baseline b;
  b.init = "my-init";
  for (const Scenario& s : all) b.verdicts[s.name] = {{"exit-code", kHolds}};
  b.verdicts["gone"] = {{"exit-code", kHolds}};  // in no list: not run, shard 0's to report
  for (int total : {1, 2, 3, 4, 7}) {
    std::map<std::string, int> runs, gated;
    for (int index = 0; index < total; ++index) {
      for (const Scenario& s : ScenariosOfShard(all, {index, total})) ++runs[s.name];
      for (const auto& [name, row] : BaselineOfShard(b, all, {index, total}).verdicts) ++gated[name];
    }
    EXPECT_EQ(runs.size(), all.size()) << total;
    for (const auto& [name, n] : runs) EXPECT_EQ(n, 1) << name << " of " << total;
    EXPECT_EQ(gated.size(), b.verdicts.size()) << total;
    for (const auto& [name, n] : gated) EXPECT_EQ(n, 1) << name << " of " << total;
  }
  EXPECT_EQ(BaselineOfShard(b, all, {0, 4}).verdicts.count("gone"), 1u);
}

}  // namespace
}  // namespace initcheck
