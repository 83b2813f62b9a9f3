// The kernel's record of the signals generated inside a run's namespace
// (signal_tracer.h), in real runs of in-tree inits: who sent what to whom,
// and when, as the signal:signal_generate tracepoint saw it.
#include "harness/runner/signal_tracer.h"

#include <gtest/gtest.h>

#include <csignal>
#include <optional>

#include "harness/testing/namespace_run.h"
#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::ExitAfter;
using testing::Node;
using testing::ProcessNamed;
using testing::RunUnder;
using testing::StoppedScenario;

constexpr int kSiKernel = 0x80;  // si_code of a signal the kernel sends by itself

std::optional<GeneratedSignal> Find(const Trace& trace, int signo, int sender, int target) {
  for (const auto& g : trace.generated) {
    if (g.signo == signo && g.sender_pid == sender && g.target_pid == target) return g;
  }
  return std::nullopt;
}

std::optional<int64_t> Receipt(const Trace& trace, const std::string& node, int signo) {
  for (const auto& e : trace.journal) {
    if (e.node == node && e.kind == JournalKind::kSignal && e.signo == signo) return e.t_ns;
  }
  return std::nullopt;
}

TEST(SignalTracerTest, RecordsPid1ForwardingTheStopToMain) {
  Trace trace = RunUnder("forward-child", StoppedScenario("forwarded", Node("main", ExitAfter(100))));
  ASSERT_EQ(trace.signal_source, "tracefs");
  const ProcessRecord& main = ProcessNamed(trace, "main");
  auto forwarded = Find(trace, SIGTERM, trace.Init()->pid, main.pid);
  ASSERT_TRUE(forwarded) << "no SIGTERM from PID 1 to main among " << trace.generated.size() << " signals";
  EXPECT_EQ(forwarded->result, 0);  // made pending: main caught it
  EXPECT_EQ(forwarded->code, SI_USER);
  EXPECT_GE(forwarded->t_ns, *trace.stop.stop_sent_ns - 1000);  // the tracepoint stamps whole µs
  auto handled = Receipt(trace, "main", SIGTERM);
  ASSERT_TRUE(handled);
  EXPECT_LE(forwarded->t_ns, *handled);
  // The harness's own send to PID 1 is not among them: only the namespace's.
  for (const auto& g : trace.generated) {
    bool ours = false;
    for (const auto& p : trace.processes) ours = ours || p.pid == g.sender_pid;
    EXPECT_TRUE(ours) << "signal " << g.signo << " sent by pid " << g.sender_pid << ", not of the run";
  }
}

// exit-on-term exits on the stop without passing it on; the SIGKILL that
// ends main is the kernel's, generated as PID 1 exits.
TEST(SignalTracerTest, RecordsTheKernelsSigkillWhenPid1Exits) {
  Trace trace = RunUnder("exit-on-term", StoppedScenario("zapped", Node("main", ExitAfter(500))));
  ASSERT_EQ(trace.signal_source, "tracefs");
  const ProcessRecord& main = ProcessNamed(trace, "main");
  EXPECT_EQ(main.outcome, Outcome::kSigkillInGrace) << testing::Summary(trace);
  auto zapped = Find(trace, SIGKILL, trace.Init()->pid, main.pid);
  ASSERT_TRUE(zapped);
  EXPECT_EQ(zapped->code, kSiKernel);
  EXPECT_LE(zapped->t_ns, *main.exit_ns);
  EXPECT_FALSE(Find(trace, SIGTERM, trace.Init()->pid, main.pid));
}

}  // namespace
}  // namespace initcheck
