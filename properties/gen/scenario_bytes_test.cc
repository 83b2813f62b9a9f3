#include "properties/gen/scenario_bytes.h"

#include <csignal>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "harness/codec/scenario_json.h"
#include "properties/gen/gen_limits.h"

namespace initcheck {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr size_t kNodesAt = kBytesHeader + kMaxExtras * kBytesPerExtra;
size_t NodeAt(int index, size_t field) { return kNodesAt + index * kNodeBytes + field; }
// Record fields (scenario_bytes.cc's NodeField), as the layout fixes them.
constexpr size_t kParent = 0, kFlags = 1, kStopAction = 2, kStopAfter = 3, kExitAfter = 9;

Bytes Zeros() { return Bytes(kNodesAt + kGenMaxProcesses * kNodeBytes, 0); }

Scenario Decode(const Bytes& bytes) {
  DecodedScenario d = DecodeScenarioBytes(bytes);
  EXPECT_EQ(d.fallback, "") << ScenarioToJsonText(d.scenario);
  EXPECT_TRUE(GenAcceptable(d.scenario, {})) << ScenarioToJsonText(d.scenario);
  return d.scenario;
}

TEST(ScenarioBytes, EmptyInputIsZerosAndMainDiesBySigtermAtOnce) {
  Scenario want;
  want.name = "fuzzed";
  want.description = "decoded from fuzzer bytes by properties/gen/scenario_bytes";
  want.stop = StopProtocol{SIGTERM, 0, 500};
  want.main.name = "main";
  EXPECT_EQ(Decode({}), want);
  EXPECT_EQ(Decode(Zeros()), want);
}

TEST(ScenarioBytes, TreeShapeNamesAndDepthLimit) {
  Bytes b = Zeros();
  b[3] = 7;  // 8 processes, each under the previous one: a chain
  for (int i = 1; i < 8; ++i) b[NodeAt(i, kParent)] = i - 1;
  const Scenario s = Decode(b);
  const std::vector<NodeRef> nodes = Flatten(s);
  ASSERT_EQ(nodes.size(), 8u);
  EXPECT_EQ(nodes[1].spec->name, "p1");
  int deepest = 0;
  for (const auto& n : nodes) deepest = std::max(deepest, n.depth);
  EXPECT_EQ(deepest, kGenMaxDepth);  // records past the limit moved up
}

TEST(ScenarioBytes, ClashingCleanupsMoveUpTheGrid) {
  Bytes b = Zeros();
  b[2] = 10;  // grace 1000 ms
  b[3] = 1;   // main and p1
  for (int i = 0; i < 2; ++i) {
    b[NodeAt(i, kStopAction)] = 3;  // exit
    b[NodeAt(i, kStopAfter)] = 1;   // both after 100 ms: M4 moves the first placed
  }
  const Scenario s = Decode(b);
  EXPECT_EQ(s.main.children.at(0).on_signal.at(SIGTERM),
            (Disposition{SignalAction::kExit, 100, 0}));  // p1, placed first
  EXPECT_EQ(s.main.on_signal.at(SIGTERM), (Disposition{SignalAction::kExit, 150, 0}));
}

TEST(ScenarioBytes, NoStopGivesEveryProcessAnExit) {
  Bytes b = Zeros();
  b[0] = 15;  // no stop
  b[3] = 2;
  const Scenario s = Decode(b);
  EXPECT_FALSE(s.stop);
  for (const auto& n : Flatten(s)) EXPECT_TRUE(n.spec->exit_after_ms) << n.spec->name;
}

TEST(ScenarioBytes, OneByteChangesOneField) {
  Bytes b = Zeros();
  b[3] = 3;
  const Scenario before = Decode(b);
  b[NodeAt(2, kFlags)] = 3;  // p2: new-session
  const Scenario after = Decode(b);
  Scenario expected = before;
  const ProcessSpec* p2 = FindNode(expected, "p2");
  ASSERT_NE(p2, nullptr);
  const_cast<ProcessSpec*>(p2)->session = SessionMode::kNewSession;
  EXPECT_EQ(after, expected);
  b[NodeAt(1, kExitAfter)] = 7 + 8 * 5;  // p1 exits by itself at 300 ms
  EXPECT_EQ(FindNode(Decode(b), "p1")->exit_after_ms, 300);
}

// Every input decodes to an acceptable scenario (the fuzzer checks this on
// far more; here a fixed sample keeps it in `bazel test //...`), the same
// each time.
TEST(ScenarioBytes, RandomInputsAreAcceptableAndDeterministic) {
  std::mt19937 random(9);
  for (int i = 0; i < 300; ++i) {
    Bytes b(random() % 200);
    for (auto& byte : b) byte = static_cast<uint8_t>(random());
    const Scenario s = Decode(b);
    EXPECT_EQ(DecodeScenarioBytes(b).scenario, s);
    EXPECT_EQ(ParseScenario(ScenarioToJsonText(s)), s);
  }
}

TEST(ScenarioBytes, FallbackIsAcceptable) { EXPECT_TRUE(GenAcceptable(FallbackBytesScenario(), {})); }

}  // namespace
}  // namespace initcheck
