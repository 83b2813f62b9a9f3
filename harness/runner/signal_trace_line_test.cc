#include "harness/runner/signal_trace_line.h"

#include <gtest/gtest.h>

namespace initcheck {
namespace {

TEST(SignalTraceLineTest, ReadsALineAsTracefsWritesIt) {
  auto g = ParseSignalGenerateLine(
      "            bash-3033    [001] d..1. 12002.290407: signal_generate: sig=10 errno=0 code=0 "
      "comm=bash pid=3036 grp=1 res=0\n");
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(*g, (GeneratedSignal{12002'290'407'000, 10, 3033, 3036, 0, 0}));
}

TEST(SignalTraceLineTest, AKernelSigkillToAComm) {
  auto g = ParseSignalGenerateLine(
      "tini-7 [000] dN.2. 5.000001: signal_generate: sig=9 errno=0 code=128 comm=probe pid=8 grp=1 res=2");
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->code, 0x80);
  EXPECT_EQ(g->result, 2);
  EXPECT_EQ(g->t_ns, 5'000'001'000);
}

// Names chosen by the processes under test cannot move the fields.
TEST(SignalTraceLineTest, HostileCommsDoNotForgeFields) {
  auto g = ParseSignalGenerateLine(
      "a-1 [0] x 9.9 -77   [001] d..1. 7.000002: signal_generate: sig=15 errno=0 code=0 "
      "comm=x pid=5 grp=1 res=0 pid=6 grp=0 res=1");
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->sender_pid, 77);
  EXPECT_EQ(g->signo, 15);
  EXPECT_EQ(g->target_pid, 6);
  EXPECT_EQ(g->result, 1);
}

TEST(SignalTraceLineTest, OtherLinesAreNotEvents) {
  EXPECT_EQ(ParseSignalGenerateLine("# tracer: nop"), std::nullopt);
  EXPECT_EQ(ParseSignalGenerateLine(""), std::nullopt);
  EXPECT_EQ(ParseSignalGenerateLine("bash-1 [001] d..1. 7.2: signal_generate: sig=1 errno=0 code=0 comm=a pid=2 grp=1 res=0"),
            std::nullopt);  // not six decimals
  EXPECT_EQ(ParseSignalGenerateLine("bash [001] d..1. 7.000002: signal_generate: sig=1 code=0 comm=a pid=2 res=0"),
            std::nullopt);  // no sender pid
  EXPECT_EQ(ParseLostEventsLine("CPU:1 [LOST 12 EVENTS]"), 12);
  EXPECT_EQ(ParseLostEventsLine("CPU:1 [LOST x EVENTS]"), std::nullopt);
}

}  // namespace
}  // namespace initcheck
