#include "harness/testing/trace_builder.h"

#include <cmath>
#include <csignal>
#include <stdexcept>

namespace initcheck::testing {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

int64_t Ms(double ms) { return std::llround(ms * 1e6); }

int ExitedStatus(int code) { return (code & 0xff) << 8; }
int KilledStatus(int signo) { return signo & 0x7f; }

ProcessSpec Node(std::string name) {
  ProcessSpec spec;
  spec.name = std::move(name);
  return spec;
}

ProcessSpec Node(std::string name, Disposition on_sigterm) {
  ProcessSpec spec = Node(std::move(name));
  spec.on_signal[SIGTERM] = on_sigterm;
  return spec;
}

Disposition ExitAfter(int after_ms, int code) { return {SignalAction::kExit, after_ms, code}; }
Disposition ForwardThen(int after_ms, int code) {
  return {SignalAction::kForward, after_ms, code};
}
Disposition WithAction(SignalAction action) { return {action, 0, 0}; }

Scenario StoppedScenario(std::string name, ProcessSpec main, int stop_at_ms, int grace_ms) {
  Scenario s;
  s.name = std::move(name);
  s.stop = StopProtocol{SIGTERM, stop_at_ms, grace_ms};
  s.main = std::move(main);
  return s;
}

Scenario SiblingScenario() {
  Scenario s = StoppedScenario("sibling-needs-longer-than-main", Node("main", ExitAfter(100)));
  ProcessSpec worker = Node("worker", ExitAfter(200));
  ProcessSpec leader = Node("session-leader", ExitAfter(200));
  leader.session = SessionMode::kNewSession;
  ProcessSpec daemon = Node("daemon", ExitAfter(200));
  daemon.daemonize = true;
  s.main.children = {worker, leader, daemon};
  return s;
}

namespace {

// SiblingScenario() with the stop sent at 0 ms.
TraceBuilder StoppedSibling(Detail detail) {
  TraceBuilder builder(SiblingScenario());
  builder.StopSent(0);
  if (detail == Detail::kFull) {
    builder.Exited("daemon-intermediate", -3, 0, ProcessRole::kIntermediate);
  }
  return builder;
}

}  // namespace

TraceBuilder SiblingEveryoneExits(Detail detail) {
  TraceBuilder builder = StoppedSibling(detail);
  builder.Exited("main", 100.8)
      .Exited("worker", 200.9)
      .Exited("session-leader", 201.0)
      .Exited("daemon", 201.3);
  return builder;
}

Trace SiblingEveryoneExitsTrace(Detail detail) {
  return SiblingEveryoneExits(detail).InitExited(201.6, 0).Build();
}

Trace SiblingForwardGroupTrace(Detail detail) {
  TraceBuilder builder = StoppedSibling(detail);
  if (detail == Detail::kFull) {
    builder.Received("main", 1.1, SIGTERM)
        .CleanupStarted("main", 1.2, SIGTERM)
        .Received("worker", 1.9, SIGTERM);
  }
  return builder.CleanupStarted("worker", 2.0, SIGTERM)
      .Exited("main", 101.2)
      .Killed("session-leader", 101.3, SIGKILL)
      .Killed("daemon", 101.35, SIGKILL)
      .Killed("worker", 101.4, SIGKILL)
      .InitExited(101.5, 0)
      .Build();
}

Trace SiblingWorkerIgnoresStopTrace(double worker_killed_ms, double init_killed_ms) {
  Scenario s = SiblingScenario();
  s.main.children[0].on_signal[SIGTERM] = WithAction(SignalAction::kIgnore);
  return TraceBuilder(s)
      .StopSent(0)
      .Exited("main", 100.8)
      .Exited("session-leader", 201.0)
      .Exited("daemon", 201.3)
      .DeadlineKill(1000)
      .Killed("worker", worker_killed_ms, SIGKILL)
      .InitKilled(init_killed_ms, SIGKILL)
      .Build();
}

TraceBuilder::TraceBuilder(Scenario scenario) {
  trace_.scenario = std::move(scenario);
  trace_.init = "test-init";
  trace_.observer = "hand-written";
}

TraceBuilder& TraceBuilder::StopSent(double stop_ms, std::optional<double> deadline_ms) {
  const int grace_ms = trace_.scenario.stop ? trace_.scenario.stop->grace_ms : 0;
  const int signo = trace_.scenario.stop ? trace_.scenario.stop->signal : SIGTERM;
  trace_.stop.stop_sent_ns = Ms(stop_ms);
  trace_.stop.deadline_ns = Ms(deadline_ms.value_or(stop_ms + grace_ms));
  trace_.sent.push_back({Ms(stop_ms), signo, SentKind::kStop});
  return *this;
}

TraceBuilder& TraceBuilder::DeadlineKill(double ms) {
  trace_.stop.deadline_ns = Ms(ms);
  trace_.sent.push_back({Ms(ms), SIGKILL, SentKind::kDeadline});
  return *this;
}

TraceBuilder& TraceBuilder::Sent(double ms, int signo) {
  trace_.sent.push_back({Ms(ms), signo, SentKind::kExtra});
  return *this;
}

TraceBuilder& TraceBuilder::InitExited(double ms, int code) {
  return Add(std::string(kInitName), ProcessRole::kInit, ms, ExitedStatus(code));
}
TraceBuilder& TraceBuilder::InitKilled(double ms, int signo) {
  return Add(std::string(kInitName), ProcessRole::kInit, ms, KilledStatus(signo));
}
TraceBuilder& TraceBuilder::InitRunning() {
  return Add(std::string(kInitName), ProcessRole::kInit, std::nullopt, 0);
}

TraceBuilder& TraceBuilder::Exited(const std::string& name, double ms, int code,
                                   ProcessRole role) {
  return Add(name, role, ms, ExitedStatus(code));
}
TraceBuilder& TraceBuilder::Killed(const std::string& name, double ms, int signo,
                                   ProcessRole role) {
  return Add(name, role, ms, KilledStatus(signo));
}
TraceBuilder& TraceBuilder::Running(const std::string& name) {
  return Add(name, ProcessRole::kNode, std::nullopt, 0);
}

TraceBuilder& TraceBuilder::Add(const std::string& name, ProcessRole role,
                                std::optional<double> exit_ms, int wait_status) {
  ProcessRecord p;
  p.name = name;
  p.role = role;
  p.wait_status = wait_status;
  if (exit_ms) p.exit_ns = Ms(*exit_ms);
  if (role == ProcessRole::kInit) {
    p.pid = 1000;
    init_ = p;
  } else {
    p.pid = 1001 + static_cast<int>(others_.size());
    p.parent_pid = 1000;
    others_.push_back(p);
  }
  return *this;
}

TraceBuilder& TraceBuilder::Journal(const std::string& node, double ms, JournalKind kind,
                                    int signo, int code) {
  JournalEntry e;
  e.t_ns = Ms(ms);
  e.node = node;
  e.kind = kind;
  e.signo = signo;
  e.code = code;
  trace_.journal.push_back(e);
  return *this;
}

TraceBuilder& TraceBuilder::Received(const std::string& node, double ms, int signo) {
  return Journal(node, ms, JournalKind::kSignal, signo);
}

TraceBuilder& TraceBuilder::CleanupStarted(const std::string& node, double ms, int signo) {
  return Journal(node, ms, JournalKind::kCleanupStart, signo);
}

TraceBuilder& TraceBuilder::Started(const std::string& node, double ms, std::vector<int> blocked,
                                    std::vector<int> ignored) {
  Journal(node, ms, JournalKind::kStart);
  trace_.journal.back().blocked = std::move(blocked);
  trace_.journal.back().ignored = std::move(ignored);
  return *this;
}

TraceBuilder& TraceBuilder::ParentOf(const std::string& name, const std::string& parent) {
  int parent_pid = 0;
  if (init_ && init_->name == parent) parent_pid = init_->pid;
  for (const auto& p : others_) {
    if (p.name == parent) parent_pid = p.pid;
  }
  if (parent_pid == 0) throw std::logic_error("ParentOf: add " + parent + " first");
  for (auto& p : others_) {
    if (p.name == name) {
      p.parent_pid = parent_pid;
      return *this;
    }
  }
  throw std::logic_error("ParentOf: add " + name + " first");
}

TraceBuilder& TraceBuilder::Zombie(const std::string& name, double ms) {
  trace_.zombies.push_back(Sighting("Zombie", name, ms));
  return *this;
}

TraceBuilder& TraceBuilder::Stopped(const std::string& name, double ms) {
  trace_.stopped.push_back(Sighting("Stopped", name, ms));
  return *this;
}

ZombieSighting TraceBuilder::Sighting(const char* what, const std::string& name, double ms) const {
  for (const auto& p : others_) {
    if (p.name == name) return {name, p.pid, Ms(ms), std::nullopt};  // Build() joins it to its record
  }
  throw std::logic_error(std::string(what) + ": add " + name + " first");
}

int TraceBuilder::PidOf(const std::string& name) const {
  if (name == "pid1" && init_) return init_->pid;
  for (const auto& p : others_) {
    if (p.name == name) return p.pid;
  }
  throw std::logic_error("Generated: add " + name + " before Build()");
}

TraceBuilder& TraceBuilder::Generated(double ms, int signo, const std::string& sender, const std::string& target,
                                      int result, int code) {
  trace_.signal_source = "tracefs";
  generated_.push_back({{Ms(ms), signo, 0, 0, code, result}, sender, target});
  return *this;
}

TraceBuilder& TraceBuilder::RunDelay(double ms, double run_delay_ms, std::optional<int64_t> timeslices) {
  // By default each sample shows PID 1 ran since the last one.
  if (!timeslices) timeslices = trace_.pid1_run_delay.empty() ? 1 : trace_.pid1_run_delay.back().timeslices + 1;
  const bool exited = init_ && init_->exit_ns && *init_->exit_ns <= Ms(ms);
  const bool exiting = exited || (pid1_exiting_from_ns_ && *pid1_exiting_from_ns_ <= Ms(ms));
  trace_.pid1_run_delay.push_back({Ms(ms), Ms(run_delay_ms), *timeslices, exited, exiting});
  return *this;
}

TraceBuilder& TraceBuilder::Pid1Asleep() {
  trace_.pid1_run_delay.back().pid1_asleep = true;
  return *this;
}

TraceBuilder& TraceBuilder::Pid1ExitingFrom(double ms) {
  pid1_exiting_from_ns_ = Ms(ms);
  return *this;
}

TraceBuilder& TraceBuilder::Fault(std::string fault) {
  trace_.faults.push_back(std::move(fault));
  return *this;
}

Trace TraceBuilder::Build() const {
  Trace trace = trace_;
  auto classify = [&](ProcessRecord p) {
    p.outcome = p.exit_ns ? ClassifyExit(p.wait_status, *p.exit_ns, trace.stop)
                          : Outcome::kStillRunning;
    return p;
  };
  if (init_) trace.processes.push_back(classify(*init_));
  for (const auto& p : others_) trace.processes.push_back(classify(p));
  // As the runner does: a sighting names its record by index (pids are unique here).
  for (auto* seen : {&trace.zombies, &trace.stopped}) {
    for (auto& z : *seen) {
      for (size_t i = 0; i < trace.processes.size() && !z.process; ++i) {
        if (trace.processes[i].pid == z.pid) z.process = i;
      }
    }
  }
  for (NamedSignal g : generated_) {
    g.signal.sender_pid = PidOf(g.sender);
    g.signal.target_pid = PidOf(g.target);
    trace.generated.push_back(g.signal);
  }
  return trace;
}

void ExpectHolds(const Verdict& v, const std::string& property) {
  EXPECT_EQ(v.property, property);
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(v.violations.empty());
}

void ExpectOneViolation(const Verdict& v, const std::string& process, double at_ms,
                        const std::string& explanation) {
  EXPECT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(v.violations[0].process, process);
  EXPECT_EQ(v.violations[0].t_ns, Ms(at_ms));
  EXPECT_EQ(v.violations[0].explanation, explanation);
}

void ExpectOneViolation(const Verdict& v, const std::string& explanation) {
  EXPECT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(v.violations[0].explanation, explanation);
}

void ExpectOneViolationMentioning(const Verdict& v, const std::string& part) {
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_TRUE(Contains(v.violations[0].explanation, part)) << v.violations[0].explanation;
}

std::ostream& operator<<(std::ostream& os, const LinkAt& link) {
  return os << link.process << "@" << link.at_ms << "ms";
}

namespace {
std::string NameOf(const Trace& trace, std::optional<size_t> record) {
  if (!record) return "harness";
  if (*record >= trace.processes.size()) return "out of range";
  return trace.processes[*record].name;
}
}  // namespace

std::vector<LinkAt> ChainOf(const Trace& trace, const Violation& violation) {
  std::vector<LinkAt> out;
  for (const auto& link : violation.chain) {
    out.push_back({NameOf(trace, link.process), static_cast<double>(link.t_ns) / 1e6});
  }
  return out;
}

std::string RecordOf(const Trace& trace, const Violation& violation) { return NameOf(trace, violation.record); }

void ExpectUnknownCiting(const Verdict& v, const std::string& fault) {
  EXPECT_EQ(v.value, VerdictValue::kUnknown);
  EXPECT_TRUE(v.violations.empty());
  EXPECT_TRUE(Contains(v.note, fault)) << v.note;
}

}  // namespace initcheck::testing
