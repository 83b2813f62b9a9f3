#include "properties/gen/scenario_gen.h"

#include <csignal>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "harness/codec/scenario_json.h"
#include "harness/model/signal_names.h"

namespace initcheck {

// gtest prints a Scenario as its JSON file.
void PrintTo(const Scenario& s, std::ostream* os) { *os << ScenarioToJsonText(s); }

namespace {

// ---------------------------------------------------------------------------
// Helpers.

Disposition Exit(int after_ms, int code = 0) { return {SignalAction::kExit, after_ms, code}; }
Disposition Forward(int after_ms) { return {SignalAction::kForward, after_ms, 0}; }
Disposition Record() { return {SignalAction::kRecord, 0, 0}; }

ProcessSpec Node(std::string name, std::map<int, Disposition> on_signal,
                 std::vector<ProcessSpec> children = {}) {
  ProcessSpec p;
  p.name = std::move(name);
  p.on_signal = std::move(on_signal);
  p.children = std::move(children);
  return p;
}

Scenario WithStop(ProcessSpec main, int at_ms = 0, int grace_ms = 1000, int signal = SIGTERM) {
  Scenario s;
  s.name = "hand-written";
  s.stop = StopProtocol{signal, at_ms, grace_ms};
  s.main = std::move(main);
  return s;
}

std::string Violation(const Scenario& s) { return MarginViolation(s).value_or("(keeps margins)"); }

rc::Shrinkable<Scenario> Sample(uint64_t seed, int size, const ScenarioGenOptions& options = {}) {
  return GenScenario(options)(rc::Random(seed), size);
}

int CountProcesses(const Scenario& s) { return static_cast<int>(Flatten(s).size()); }

int MaxDepth(const Scenario& s) {
  int depth = 0;
  for (const auto& ref : Flatten(s)) depth = std::max(depth, ref.depth);
  return depth;
}

// Everything a generated scenario must be, whatever the options.
void ExpectGenerated(const Scenario& s, const ScenarioGenOptions& options) {
  ASSERT_NO_THROW(ValidateScenario(s)) << ScenarioToJsonText(s);
  EXPECT_EQ(ParseScenario(ScenarioToJsonText(s)), s) << ScenarioToJsonText(s);
  EXPECT_TRUE(WithinGenLimits(s, options)) << ScenarioToJsonText(s);
  EXPECT_EQ(MarginViolation(s), std::nullopt) << ScenarioToJsonText(s);
  EXPECT_EQ(s.main.name, "main");
  EXPECT_FALSE(s.main.daemonize);
}

// ---------------------------------------------------------------------------
// The margin rule on hand-written scenarios.

// DESIGN.md's example: the three other processes all need 200 ms, so which of
// them an early SIGKILL catches first would be the scheduler's choice.
TEST(KeepsMarginsTest, EqualCleanupsInDifferentProcessesBreakIt) {
  Scenario s = WithStop(Node("main", {{SIGTERM, Exit(100)}},
                             {Node("worker", {{SIGTERM, Exit(200)}}),
                              Node("leader", {{SIGTERM, Exit(200)}})}));
  EXPECT_FALSE(KeepsMargins(s));
  EXPECT_EQ(Violation(s),
            "M4: worker may end at 200 ms, and leader may end at 200 ms: less than 50 ms apart");
  s.main.children[1].on_signal[SIGTERM] = Exit(250);
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
}

TEST(KeepsMarginsTest, DurationsOffTheQuantumBreakIt) {
  Scenario s = WithStop(Node("main", {{SIGTERM, Exit(120)}}));
  EXPECT_EQ(Violation(s),
            "M1: main's after_ms for SIGTERM is 120 ms; durations must be multiples of 50 ms, at "
            "least 50 ms");
  s.main.on_signal[SIGTERM] = Exit(0);  // a cleanup of 0 ms races with its signal
  EXPECT_FALSE(KeepsMargins(s));
  s.main.on_signal[SIGTERM] = Exit(100);
  s.stop->grace_ms = 1001;
  EXPECT_EQ(Violation(s), "M1: stop.grace_ms is 1001 ms; durations must be multiples of 50 ms, at least 50 ms");
}

TEST(KeepsMarginsTest, AFinishAtTheDeadlineBreaksIt) {
  Scenario s = WithStop(Node("main", {{SIGTERM, Exit(1000)}}), 0, 1000);
  EXPECT_EQ(Violation(s), "M3: main may end at 1000 ms, within 50 ms of the deadline at 1000 ms");
  s.main.on_signal[SIGTERM] = Exit(950);
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
  s.main.on_signal[SIGTERM] = Exit(1050);  // after the deadline: killed then, decided
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
}

TEST(KeepsMarginsTest, ASpontaneousExitAtTheStopBreaksIt) {
  Scenario s = WithStop(Node("main", {{SIGTERM, Exit(300)}}), 100);
  s.main.exit_after_ms = 100;
  EXPECT_EQ(Violation(s), "M5: main may end at 100 ms, within 50 ms of SIGTERM sent at 100 ms");
  s.main.exit_after_ms = 50;
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
}

// Two processes killed by the same signal at the same time die together
// whatever the schedule: equal by construction.
TEST(KeepsMarginsTest, DefaultKillsBySameSendMayCoincide) {
  Scenario s = WithStop(Node("main", {{SIGTERM, Exit(100)}}, {Node("p1", {}), Node("p2", {})}));
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
}

// Unless one of them is main: the init exits with main, and the kernel's
// SIGKILL races the sibling's own death.
TEST(KeepsMarginsTest, DefaultKillOfMainMayNotCoincideWithAnother) {
  Scenario s = WithStop(Node("main", {}, {Node("p1", {}), Node("p2", {{SIGTERM, Exit(100)}})}));
  EXPECT_EQ(Violation(s).rfind("M4: main may ", 0), 0u) << Violation(s);
}

TEST(KeepsMarginsTest, TwoSignalsAtOneTimeBreakIt) {
  Scenario s = WithStop(Node("main", {{SIGTERM, Exit(100)}}), 0, 1000);
  s.signals = {{300, SIGHUP}, {300, SIGUSR1}};
  EXPECT_EQ(Violation(s), "M2: SIGHUP and SIGUSR1 are both sent at 300 ms");
  s.signals = {{300, SIGHUP}, {300, SIGHUP}, {300, SIGHUP}};  // a burst
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
  s.signals = {{0, SIGTERM}};  // with the stop
  EXPECT_EQ(Violation(s), "M2: an extra SIGTERM is sent at the stop time, 0 ms");
  s.signals = {{1000, SIGHUP}};
  EXPECT_EQ(Violation(s), "M2: SIGHUP at 1000 ms is within 50 ms of the deadline at 1000 ms");
}

// Whether signal-forwarding judges a send depends on PID 1 outliving its
// window; an init may end when another signal arrives, or at the deadline.
TEST(KeepsMarginsTest, NoSignalAtTheEndOfAnothersForwardingWindow) {
  Scenario s = WithStop(Node("main", {{SIGTERM, Exit(300)}, {SIGHUP, Record()}}), 100, 1000);
  s.signals = {{0, SIGHUP}};  // its window ends as the stop arrives
  EXPECT_EQ(Violation(s),
            "M2: SIGTERM at 100 ms is within 50 ms of the end of the forwarding window of SIGHUP sent at 0 ms "
            "(100 ms)");
  s.signals = {{200, SIGHUP}};  // the stop's window ends as it arrives
  EXPECT_EQ(Violation(s),
            "M2: SIGHUP at 200 ms is within 50 ms of the end of the forwarding window of SIGTERM sent at 100 ms "
            "(200 ms)");
  s.signals = {{1000, SIGHUP}};  // its window ends at the deadline, 1100 ms
  EXPECT_EQ(Violation(s),
            "M2: the forwarding window of SIGHUP sent at 1000 ms ends at 1100 ms, within 50 ms of the deadline at "
            "1100 ms");
  s.signals = {{100 + 50, SIGTERM}, {100 + 100, SIGTERM}};  // copies of the stop: exempt
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
  s.signals = {{50, SIGHUP}};
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
}

// Extra signals start cleanups and default-action deaths of their own.
TEST(KeepsMarginsTest, EndsCausedByExtraSignalsCount) {
  Scenario s = WithStop(Node("main", {{SIGTERM, Exit(200)}, {SIGHUP, Record()}},
                             {Node("p1", {{SIGTERM, Exit(400)}})}));
  s.signals = {{50, SIGHUP}};  // kills p1 (default action) at 50 ms: decided
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
  s.signals = {{200, SIGHUP}};  // reaches main, or not, as its cleanup ends
  EXPECT_EQ(Violation(s), "M5: main may end at 200 ms, within 50 ms of SIGHUP sent at 200 ms");
  s.signals = {{150, SIGHUP}};
  s.main.children[0].on_signal[SIGHUP] = Exit(50);  // p1 may end at 200 ms, as main does
  EXPECT_EQ(Violation(s),
            "M4: main may end at 200 ms, and p1 may end at 200 ms: less than 50 ms apart");
  s.main.children[0].on_signal[SIGHUP] = Exit(100);
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
}

// A forward ends after the children it waits for: their ends shift into it.
TEST(KeepsMarginsTest, ForwardEndsFollowTheChildren) {
  Scenario s = WithStop(Node("main", {{SIGTERM, Forward(50)}},
                             {Node("p1", {{SIGTERM, Exit(100)}}), Node("p2", {{SIGTERM, Exit(150)}})}));
  EXPECT_EQ(Violation(s),
            "M4: main may end at 150 ms, and p2 may end at 150 ms: less than 50 ms apart");
  s.main.on_signal[SIGTERM] = Forward(200);  // 200, 300 and 350
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
  s.main.children[1].daemonize = true;  // not waited for: 200 and 300
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
}

TEST(KeepsMarginsTest, AStoppableProcessDoesNothingTimed) {
  Scenario s = WithStop(Node("main", {{SIGTERM, Exit(100)}}));
  s.signals = {{300, SIGTSTP}};
  EXPECT_EQ(Violation(s), "M6: SIGTSTP at 300 ms may stop main, which cleans up on SIGTERM");
  s.main.on_signal[SIGTERM] = Record();
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
  s.main.exit_after_ms = 500;
  EXPECT_EQ(Violation(s), "M6: SIGTSTP at 300 ms may stop main, which has exit_after_ms");
  s.main.exit_after_ms.reset();
  s.main.on_signal.erase(SIGTERM);  // SIGTERM's default kills it, stopped or not
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
  s.main.on_signal[SIGTERM] = Exit(100);
  s.main.on_signal[SIGTSTP] = Record();
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
  s.main.on_signal.erase(SIGTSTP);
  s.main.block = {SIGTSTP};
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
}

TEST(KeepsMarginsTest, NoStopNeedsSpontaneousExits) {
  Scenario s = WithStop(Node("main", {}, {Node("p1", {})}));
  s.stop.reset();
  s.main.exit_after_ms = 100;
  EXPECT_EQ(Violation(s), "M7: the scenario has no stop and p1 has no exit_after_ms");
  s.main.children[0].exit_after_ms = 200;
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
}

// A blocked signal never arrives: no end from it.
TEST(KeepsMarginsTest, BlockedSignalsGiveNoEnd) {
  Scenario s = WithStop(Node("main", {{SIGTERM, Exit(200)}}, {Node("p1", {{SIGTERM, Exit(200)}})}));
  EXPECT_FALSE(KeepsMargins(s));
  s.main.children[0].block = {SIGTERM};
  EXPECT_TRUE(KeepsMargins(s)) << Violation(s);
}

// ---------------------------------------------------------------------------
// Generated scenarios.

RC_GTEST_PROP(ScenarioGenTest, GeneratedScenariosAreValidAndKeepMargins, ()) {
  const Scenario s = *GenScenario();
  RC_ASSERT_FALSE(s.name.empty());
  try {
    ValidateScenario(s);
  } catch (const ScenarioError& e) {
    RC_FAIL(e.what());
  }
  RC_ASSERT(ParseScenario(ScenarioToJsonText(s)) == s);
  RC_ASSERT(CountProcesses(s) <= 12);
  RC_ASSERT(MaxDepth(s) <= 4);
  RC_ASSERT(MarginViolation(s) == std::nullopt);
  RC_CLASSIFY(CountProcesses(s) == 1, "main alone");
  RC_CLASSIFY(!s.signals.empty(), "extra signals");
  RC_CLASSIFY(!s.stop, "no stop");
}

RC_GTEST_PROP(ScenarioGenTest, RestrictedOptionsAreObeyed, ()) {
  ScenarioGenOptions options;
  options.max_processes = *rc::gen::inRange(1, 13);
  options.max_depth = *rc::gen::inRange(0, 5);
  options.extra_signals = *rc::gen::arbitrary<bool>();
  options.spontaneous_exits = *rc::gen::arbitrary<bool>();
  options.stop_signals =
      *rc::gen::element(StopSignals::kSigtermOnly, StopSignals::kConventional, StopSignals::kAny);
  options.allow_no_stop = *rc::gen::arbitrary<bool>();
  options.sessions = *rc::gen::arbitrary<bool>();
  options.daemons = *rc::gen::arbitrary<bool>();
  options.blocking = *rc::gen::arbitrary<bool>();
  options.unreaped = *rc::gen::arbitrary<bool>();
  const Scenario s = *GenScenario(options);
  RC_ASSERT(CountProcesses(s) <= options.max_processes);
  RC_ASSERT(MaxDepth(s) <= options.max_depth);
  RC_ASSERT(WithinGenLimits(s, options));
  RC_ASSERT(KeepsMargins(s));
  if (!options.extra_signals) RC_ASSERT(s.signals.empty());
  if (!options.allow_no_stop) RC_ASSERT(s.stop.has_value());
  if (options.stop_signals == StopSignals::kSigtermOnly && s.stop) RC_ASSERT(s.stop->signal == SIGTERM);
  if (options.stop_signals == StopSignals::kConventional && s.stop) {
    RC_ASSERT(s.stop->signal == SIGTERM || s.stop->signal == SIGINT || s.stop->signal == SIGQUIT);
  }
  RC_ASSERT(s.start == StartMode::kReady);
  for (const auto& ref : Flatten(s)) {
    if (!options.spontaneous_exits && s.stop) RC_ASSERT(!ref.spec->exit_after_ms);
    if (!options.sessions) RC_ASSERT(ref.spec->session == SessionMode::kInherit);
    if (!options.daemons) RC_ASSERT(!ref.spec->daemonize);
    if (!options.blocking) RC_ASSERT(ref.spec->block.empty());
    if (!options.unreaped) RC_ASSERT(ref.spec->reap);
  }
}

TEST(ScenarioGenTest, SampledScenariosAreGenerated) {
  for (uint64_t seed = 0; seed < 300; ++seed) {
    ExpectGenerated(Sample(seed, static_cast<int>(seed % 101)).value(), {});
  }
  ScenarioGenOptions racy;
  racy.racy_start = true;
  int racy_seen = 0;
  for (uint64_t seed = 0; seed < 400; ++seed) {
    Scenario s = Sample(seed, 100, racy).value();
    ExpectGenerated(s, racy);
    racy_seen += s.start == StartMode::kRacy;
  }
  EXPECT_GT(racy_seen, 0);
}

// Every feature of the format shows up over 2000 samples of all sizes.
TEST(ScenarioGenTest, EveryFeatureAppears) {
  std::map<std::string, int> seen;
  std::set<int> process_counts;
  ScenarioGenOptions every_stop_signal;
  every_stop_signal.stop_signals = StopSignals::kAny;
  for (uint64_t seed = 0; seed < 2000; ++seed) {
    const Scenario s = Sample(seed * 7919 + 1, static_cast<int>(seed % 101), every_stop_signal).value();
    process_counts.insert(CountProcesses(s));
    if (MaxDepth(s) == 4) ++seen["depth 4"];
    if (CountProcesses(s) == 12) ++seen["12 processes"];
    if (!s.stop) {
      ++seen["no stop"];
    } else {
      ++seen["stop " + SignalName(s.stop->signal)];
      if (s.stop->at_ms > 0) ++seen["stop at_ms > 0"];
      if (s.stop->grace_ms > 1200) ++seen["grace > 1200 ms"];
    }
    std::map<std::pair<int, int>, int> copies;
    for (const auto& x : s.signals) {
      ++seen["extra " + SignalName(x.signal)];
      ++copies[{x.at_ms, x.signal}];
      if (s.stop && x.at_ms > s.stop->at_ms) ++seen["extra in the stop window"];
      if (s.stop && x.at_ms < s.stop->at_ms) ++seen["extra before the stop"];
      if (s.stop && x.signal == s.stop->signal) ++seen["repeat of the stop signal"];
    }
    for (const auto& [key, n] : copies) {
      if (n > 1) ++seen["burst at one time"];
    }
    for (size_t i = 1; i < s.signals.size(); ++i) {
      if (s.signals[i].signal == s.signals[i - 1].signal &&
          s.signals[i].at_ms == s.signals[i - 1].at_ms + kQuantumMs) {
        ++seen["burst one quantum apart"];
      }
    }
    for (const auto& ref : Flatten(s)) {
      const ProcessSpec& p = *ref.spec;
      if (p.session == SessionMode::kNewGroup) ++seen["new-group"];
      if (p.session == SessionMode::kNewSession) ++seen["new-session"];
      if (p.daemonize) ++seen["daemonize"];
      if (!p.reap) ++seen["reap false"];
      if (!p.block.empty()) ++seen["block"];
      if (p.exit_after_ms) ++seen["exit_after_ms"];
      if (p.exit_code != 0) ++seen["exit_code"];
      for (const auto& x : s.signals) {
        if (x.signal == SIGTSTP && !p.Blocks(SIGTSTP) && p.DispositionFor(SIGTSTP).action == SignalAction::kDefault) {
          ++seen["stoppable by SIGTSTP"];
          break;
        }
      }
      if (!p.children.empty() && p.DispositionFor(SIGTERM).action == SignalAction::kForward) {
        ++seen["forward with children"];
      }
      for (const auto& [signo, d] : p.on_signal) {
        switch (d.action) {
          case SignalAction::kDefault: ++seen["action default (explicit)"]; break;
          case SignalAction::kIgnore: ++seen["action ignore"]; break;
          case SignalAction::kExit: ++seen["action exit"]; break;
          case SignalAction::kRecord: ++seen["action record"]; break;
          case SignalAction::kForward: ++seen["action forward"]; break;
        }
        if (d.code != 0) ++seen["disposition code"];
        if (d.after_ms >= 500) ++seen["after_ms >= 500"];
        if (s.stop && signo != s.stop->signal) ++seen["disposition for an extra signal"];
      }
    }
  }
  const std::vector<std::string> features = {
      "depth 4", "12 processes", "no stop", "stop SIGTERM", "stop SIGINT", "stop SIGQUIT",
      "stop SIGHUP", "stop SIGUSR1", "stop SIGUSR2", "stop SIGWINCH", "stop at_ms > 0",
      "grace > 1200 ms", "extra SIGHUP", "extra SIGUSR1", "extra SIGUSR2", "extra SIGWINCH",
      "extra SIGCONT", "extra SIGTSTP", "extra SIGTERM", "extra in the stop window",
      "extra before the stop", "repeat of the stop signal", "burst at one time",
      "burst one quantum apart", "new-group", "new-session", "daemonize", "reap false", "block",
      "exit_after_ms", "exit_code", "forward with children", "action default (explicit)",
      "action ignore", "action exit", "action record", "action forward", "disposition code",
      "after_ms >= 500", "disposition for an extra signal", "stoppable by SIGTSTP"};
  std::string report;
  for (const auto& [name, n] : seen) report += "  " + name + ": " + std::to_string(n) + "\n";
  // At least 5 times in 2000: rare, but every suite of a few hundred runs
  // meets each one.
  for (const auto& f : features) EXPECT_GE(seen[f], 5) << f << " is too rare; counts:\n" << report;
  std::cout << "feature counts over 2000 scenarios:\n" << report;
  for (int n = 1; n <= 12; ++n) EXPECT_TRUE(process_counts.count(n)) << n << " processes never";
  // The common case stays common.
  EXPECT_GT(seen["stop SIGTERM"], 1000) << report;
  EXPECT_GT(seen["action exit"], 2000) << report;
}

// ---------------------------------------------------------------------------
// Shrinks.

void ExpectShrinksOf(const Scenario& s, const ScenarioGenOptions& options) {
  const int complexity = ScenarioComplexity(s);
  const std::vector<Scenario> shrinks = ScenarioShrinks(s, options);
  for (size_t i = 0; i < shrinks.size(); ++i) {
    const Scenario& smaller = shrinks[i];
    for (size_t j = 0; j < i; ++j) EXPECT_NE(shrinks[j], smaller) << "offered twice";
    ExpectGenerated(smaller, options);
    EXPECT_LT(ScenarioComplexity(smaller), complexity)
        << ScenarioToJsonText(s) << "->\n" << ScenarioToJsonText(smaller);
    EXPECT_NE(smaller, s);
  }
}

TEST(ScenarioGenTest, ShrinksAreValidAndSmaller) {
  int kinds_fewer_processes = 0, kinds_fewer_signals = 0, kinds_same_count = 0;
  for (uint64_t seed = 0; seed < 60; ++seed) {
    const auto shrinkable = Sample(seed, 100);
    const Scenario s = shrinkable.value();
    ExpectShrinksOf(s, {});
    // The Shrinkable offers exactly these, in this order.
    std::vector<Scenario> offered;
    for (auto seq = shrinkable.shrinks(); auto next = seq.next();) offered.push_back(next->value());
    EXPECT_EQ(offered, ScenarioShrinks(s));
    for (const Scenario& smaller : offered) {
      if (CountProcesses(smaller) < CountProcesses(s)) ++kinds_fewer_processes;
      else if (smaller.signals.size() < s.signals.size()) ++kinds_fewer_signals;
      else ++kinds_same_count;
    }
    // One level further down, too.
    if (!offered.empty()) ExpectShrinksOf(offered.front(), {});
  }
  EXPECT_GT(kinds_fewer_processes, 0);
  EXPECT_GT(kinds_fewer_signals, 0);
  EXPECT_GT(kinds_same_count, 0);
}

RC_GTEST_PROP(ScenarioGenTest, ShrinksKeepValidityAndMargins, ()) {
  const Scenario s = *GenScenario();
  const int complexity = ScenarioComplexity(s);
  for (const Scenario& smaller : ScenarioShrinks(s)) {
    RC_ASSERT(KeepsMargins(smaller));
    RC_ASSERT(WithinGenLimits(smaller));
    RC_ASSERT(ScenarioComplexity(smaller) < complexity);
    RC_ASSERT(ParseScenario(ScenarioToJsonText(smaller)) == smaller);
  }
}

// main -> p1 -> p2: flattening p1 lifts p2 under main; dropping p1 drops both.
TEST(ScenarioGenTest, ShrinksDropAndFlatten) {
  // Possible ends: p2 150; p1 100, 250; main 200, 300, 450.
  Scenario s = WithStop(Node("main", {{SIGTERM, Forward(200)}},
                             {Node("p1", {{SIGTERM, Forward(100)}},
                                   {Node("p2", {{SIGTERM, Exit(150)}})})}));
  s.signals = {{400, SIGWINCH}};
  ASSERT_TRUE(KeepsMargins(s)) << Violation(s);
  const std::vector<Scenario> shrinks = ScenarioShrinks(s);
  auto offered = [&](const Scenario& c) {
    return std::find(shrinks.begin(), shrinks.end(), c) != shrinks.end();
  };
  ASSERT_FALSE(shrinks.empty());

  Scenario no_signals = s;
  no_signals.signals.clear();
  EXPECT_EQ(shrinks.front(), no_signals);

  Scenario dropped = s;
  dropped.main.children.clear();
  EXPECT_TRUE(offered(dropped));

  Scenario flattened = s;
  flattened.main.children = {s.main.children[0].children[0]};
  EXPECT_TRUE(offered(flattened));

  Scenario simpler = s;
  simpler.main.on_signal[SIGTERM] = Exit(200);  // forward -> exit
  EXPECT_TRUE(offered(simpler));

  Scenario shorter = s;
  shorter.main.children[0].children[0].on_signal[SIGTERM] = Exit(50);
  EXPECT_TRUE(offered(shorter));

  // p2's cleanup of 100 ms would end with p1's forward (0 + 100 ms): the
  // margin rule filters that shrink out.
  Scenario clash = s;
  clash.main.children[0].children[0].on_signal[SIGTERM] = Exit(100);
  EXPECT_FALSE(KeepsMargins(clash));
  EXPECT_FALSE(offered(clash));
}

// Greedy shrinking to the smallest scenario with at least three processes
// ends at three processes and nothing more than it needs.
TEST(ScenarioGenTest, ShrinkingReachesASmallScenario) {
  int reached = 0;
  for (uint64_t seed = 0; seed < 200 && reached < 5; ++seed) {
    Scenario s = Sample(seed, 100).value();
    if (CountProcesses(s) < 3) continue;
    ++reached;
    for (bool progress = true; progress;) {
      progress = false;
      for (const Scenario& smaller : ScenarioShrinks(s)) {
        if (CountProcesses(smaller) >= 3) {
          s = smaller;
          progress = true;
          break;
        }
      }
    }
    SCOPED_TRACE(ScenarioToJsonText(s));
    EXPECT_EQ(CountProcesses(s), 3);
    EXPECT_TRUE(s.signals.empty());
    for (const auto& ref : Flatten(s)) {
      EXPECT_EQ(ref.spec->session, SessionMode::kInherit);
      EXPECT_FALSE(ref.spec->daemonize);
      EXPECT_TRUE(ref.spec->reap);
      EXPECT_TRUE(ref.spec->block.empty());
      for (const auto& [signo, d] : ref.spec->on_signal) {
        EXPECT_TRUE(d.action == SignalAction::kDefault || d.action == SignalAction::kExit)
            << SignalName(signo);
        EXPECT_EQ(d.code, 0);
      }
    }
  }
  EXPECT_EQ(reached, 5);
}

// ---------------------------------------------------------------------------
// Determinism.

TEST(ScenarioGenTest, SameSeedAndSizeGiveTheSameScenario) {
  int differ = 0;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    const int size = static_cast<int>(seed % 101);
    const auto a = Sample(seed, size);
    const auto b = Sample(seed, size);
    EXPECT_EQ(a.value(), b.value());
    EXPECT_EQ(ScenarioShrinks(a.value()), ScenarioShrinks(b.value()));
    differ += !(Sample(seed + 1000, 100).value() == Sample(seed, 100).value());
  }
  EXPECT_GT(differ, 90);  // and different seeds mostly differ
  // Drawing other scenarios in between changes nothing.
  const Scenario first = Sample(42, 77).value();
  for (uint64_t seed = 0; seed < 20; ++seed) (void)Sample(seed, 100).value();
  EXPECT_EQ(Sample(42, 77).value(), first);
}

TEST(ScenarioGenTest, SizeZeroIsMainAlone) {
  for (uint64_t seed = 0; seed < 50; ++seed) {
    const Scenario s = Sample(seed, 0).value();
    EXPECT_EQ(CountProcesses(s), 1);
    EXPECT_TRUE(KeepsMargins(s));
  }
}

}  // namespace
}  // namespace initcheck
