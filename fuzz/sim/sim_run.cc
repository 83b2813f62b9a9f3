#include "fuzz/sim/sim_run.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <memory>
#include <set>
#include <stdexcept>

#include "fuzz/sim/sim_namespace.h"
#include "harness/model/signal_names.h"
#include "harness/probe/probe_core.h"
#include "harness/runner/process_table.h"
#include "harness/runner/stop_schedule.h"
#include "init_impls/init_strategy.h"
#include "init_impls/kernel.h"

namespace initcheck::sim {
namespace {

// The runtime's id in the scheduler: it plays the stop protocol from outside
// the namespace, as the runner does.
constexpr int kRuntime = 0;
// The runner's default --give-up-ms: a run with no stop whose PID 1 never
// ends is given up this long after its last scheduled event.
constexpr int kGiveUpAfterMs = 5000;

int ResultId(Generated g) {
  switch (g) {
    case Generated::kIgnored:
      return 1;
    case Generated::kAlreadyPending:
      return 2;
    case Generated::kPending:
    case Generated::kActed:
      return 0;
  }
  return 0;
}

// Everything one simulated run shares: the namespace, the scheduler, and what
// the runner would have recorded.
class World {
 public:
  World(const Scenario& scenario, const SimScheduler::Chooser& choose)
      : scenario(scenario), table(scenario, [this](pid_t pid) { return StatOf(pid); }), choose_(choose) {
    table.AddInit(kSimPid1);
  }

  const Scenario& scenario;
  SimNamespace ns;
  SimScheduler sched;
  // The runner's own record of the run, fed what its observers would see:
  // forks and exits, journal lines, and /proc for the zombie watch. It names
  // the processes, sights PID 1's zombies, cross-checks the journal against
  // the exits and assembles the trace's processes, as in a real run.
  ProcessTable table;
  std::vector<GeneratedSignal> generated;
  std::optional<int64_t> t0;

  // fork(2) as the proc connector reports it.
  SimPid Fork(SimPid parent) {
    const SimPid child = ns.Fork(parent);
    table.OnProcEvent({ProcEvent::Kind::kFork, MonotonicNs{sched.Now()}, child, child, parent});
    return child;
  }

  // /proc/<pid>/stat as the zombie watch reads it. PID 1's exit is one step
  // here (the SIGKILLs of its teardown and its end), so it is never seen
  // exiting.
  std::optional<ProcStat> StatOf(pid_t pid) const {
    if (!ns.Exists(pid)) return std::nullopt;
    const SimProcess& p = ns.Get(pid);
    const char state = p.state == SimProcess::State::kZombie    ? 'Z'
                       : p.state == SimProcess::State::kStopped ? 'T'
                                                                : 'S';
    return ProcStat{state, p.parent, 0};
  }

  // What a kill(2) inside the namespace generated, as the tracepoint shows it.
  void Note(SimPid sender, int signo, const std::vector<SimNamespace::Generation>& generations) {
    for (const auto& g : generations) {
      generated.push_back({sched.Now(), signo, sender, g.target, 0, ResultId(g.result)});
    }
    AfterChange();
  }

  // Records every death since the last call (the proc connector's exit
  // records), unwinds the dead, and wakes everyone else to look again.
  void AfterChange() {
    const auto& kernel = ns.KernelSignals();
    for (; kernel_seen_ < kernel.size(); ++kernel_seen_) {
      const SimNamespace::KernelSignal& k = kernel[kernel_seen_];
      generated.push_back({sched.Now(), k.signo, k.sender, k.target, k.signo == SIGKILL ? 0x80 : 0, ResultId(k.result)});
    }
    const auto& deaths = ns.Deaths();
    for (; deaths_seen_ < deaths.size(); ++deaths_seen_) {
      const SimNamespace::Death& d = deaths[deaths_seen_];
      const int wait_status = d.killed_by != 0 ? d.killed_by : d.exit_code << 8;
      table.OnProcEvent({ProcEvent::Kind::kExit, MonotonicNs{sched.Now()}, d.pid, d.pid, 0, wait_status});
      if (d.pid == kSimPid1) pid1_status_ = wait_status;
      sched.Kill(d.pid);
    }
    sched.Wake(kRuntime);
    for (const auto& [pid, p] : ns.Processes()) {
      if (p.Alive()) sched.Wake(pid);
    }
  }

  void StartProbe(SimPid pid, const ProcessSpec& spec);
  void Run(const inits::StrategyInfo* info);
  Trace Assemble(std::string_view strategy);

 private:
  void PlayStopProtocol();
  const SimScheduler::Chooser& choose_;
  size_t deaths_seen_ = 0, kernel_seen_ = 0;
  std::vector<SentSignal> sent_;  // on the trace's clock, as StopSchedule keeps them
  StopTimes stop_;
  bool gave_up_ = false;
  int pid1_status_ = 0;
};

// A probe's effects on the simulated namespace: what RealProbeEffects does
// with system calls, done to SimNamespace and the scheduler.
class SimProbeEffects final : public ProbeEffects {
 public:
  SimProbeEffects(World& world, SimPid pid, std::string node) : w_(world), pid_(pid), node_(std::move(node)) {}

  int64_t NowNs() override { return w_.sched.Now(); }

  InheritedSignals CaptureInheritedSignals() override {
    const SimProcess& p = w_.ns.Get(pid_);
    for (int signo : KnownSignals()) {
      if (signo > kMaxSignal) continue;
      if (p.blocked & Bit(signo)) inherited_.blocked.push_back(signo);
      if (p.disposition[signo] == SimDisposition::kIgnore) inherited_.ignored.push_back(signo);
    }
    return inherited_;
  }

  void EnterSession(SessionMode mode) override {
    if (mode == SessionMode::kNewSession) w_.ns.SetSid(pid_);
    if (mode == SessionMode::kNewGroup) w_.ns.NewProcessGroup(pid_);
  }

  void SetSignalHandling(int signo, SignalHandling handling) override {
    if (signo > kMaxSignal) return;
    w_.ns.SetDisposition(pid_, signo,
                         handling == SignalHandling::kCatch    ? SimDisposition::kCatch
                         : handling == SignalHandling::kIgnore ? SimDisposition::kIgnore
                                                               : SimDisposition::kDefault);
    Check();
  }

  void BlockSignals(const std::vector<int>& signals) override {
    SignalSet set = w_.ns.Get(pid_).blocked;
    for (int signo : signals) {
      if (signo <= kMaxSignal) set |= Bit(signo);
    }
    w_.ns.SetBlocked(pid_, set);
    Check();
  }

  ChildId SpawnChild(const ProcessSpec& child) override {
    const SimPid c = ForkAsProbe(pid_);
    w_.StartProbe(c, child);
    watched_.push_back(c);
    return c;
  }

  void SpawnDaemon(const ProcessSpec& child) override {
    const SimPid middle = w_.Fork(pid_);
    const SimPid daemon = ForkAsProbe(middle);
    w_.StartProbe(daemon, child);
    w_.ns.Exit(middle, 0);
    w_.ns.WaitFor(pid_, middle);
    w_.AfterChange();
  }

  std::optional<int64_t> WatchStartClock() override {
    watching_t0_ = true;
    if (w_.t0) t0_told_ = true;
    return w_.t0;
  }

  std::vector<ProbeEvent> WaitForEvents(std::optional<int64_t> deadline_ns) override {
    for (;;) {
      std::vector<ProbeEvent> events;
      while (auto signo = w_.ns.TakeCaught(pid_)) events.push_back(ProbeEvent::SignalCaught(*signo, NowNs()));
      if (watching_t0_ && !t0_told_ && w_.t0) {
        t0_told_ = true;
        events.push_back(ProbeEvent::StartClockKnown(*w_.t0));
      }
      for (auto it = watched_.rbegin(); it != watched_.rend(); ++it) {
        if (!told_exited_.count(*it) && w_.ns.Exists(*it) && !w_.ns.Get(*it).Alive()) {
          told_exited_.insert(*it);
          events.push_back(ProbeEvent::ChildExited(*it));
        }
      }
      if (!events.empty() || (deadline_ns && NowNs() >= *deadline_ns)) return events;
      w_.sched.Block(pid_, deadline_ns);
    }
  }

  void SendSignal(ChildId child, int signo) override {
    if (signo > kMaxSignal) return;
    w_.Note(pid_, signo, w_.ns.Kill(pid_, child, signo));
    Check();
  }

  void ReapChild(ChildId child) override {
    w_.ns.WaitFor(pid_, child);
    std::erase(watched_, child);
  }

  void LeaveZombie(ChildId child) override { std::erase(watched_, child); }

  void Journal(const JournalEntry& entry) override {
    w_.table.OnJournal(pid_, entry);
    if (entry.kind == JournalKind::kReady || entry.kind == JournalKind::kDetached) w_.sched.Wake(kRuntime);
  }

  [[noreturn]] void Exit(int code) override {
    JournalExiting(code, 0);
    w_.ns.Exit(pid_, code);
    w_.AfterChange();
    throw SimScheduler::Gone{};
  }

  [[noreturn]] void ExitBySignal(int signo) override {
    JournalExiting(0, signo);
    w_.ns.SetDisposition(pid_, signo, SimDisposition::kDefault);
    w_.ns.SetBlocked(pid_, ~Bit(signo));
    w_.Note(pid_, signo, w_.ns.Kill(pid_, pid_, signo));
    Check();
    throw std::logic_error("the simulated probe " + node_ + " survived " + SignalName(signo));
  }

 private:
  void JournalExiting(int code, int signo) { Journal(ExitingEntry(NowNs(), node_, code, signo)); }

  // A child that starts as a freshly exec'd probe: with what this probe
  // inherited (its blocked and ignored signals), not its own handlers.
  SimPid ForkAsProbe(SimPid parent) {
    const SimPid c = w_.Fork(parent);
    SignalSet blocked = 0;
    for (int signo : inherited_.blocked) blocked |= Bit(signo);
    for (int signo = 1; signo <= kMaxSignal; ++signo) w_.ns.SetDisposition(c, signo, SimDisposition::kDefault);
    for (int signo : inherited_.ignored) w_.ns.SetDisposition(c, signo, SimDisposition::kIgnore);
    w_.ns.SetBlocked(c, blocked);
    return c;
  }

  // A probe that died of what it just did stops here, as a real one would.
  void Check() {
    w_.AfterChange();
    if (!w_.ns.Exists(pid_) || !w_.ns.Get(pid_).Alive()) throw SimScheduler::Gone{};
  }

  World& w_;
  SimPid pid_;
  std::string node_;
  InheritedSignals inherited_;
  std::vector<SimPid> watched_;
  std::set<SimPid> told_exited_;
  bool watching_t0_ = false, t0_told_ = false;
};

// PID 1's kernel: what RealKernel does with system calls, done to the
// simulated namespace. Every catchable signal is blocked and taken by
// WaitForEvent, as RealKernel promises the strategies.
class SimInitKernel final : public inits::Kernel {
 public:
  explicit SimInitKernel(World& world) : w_(world) {}

  std::variant<pid_t, inits::SyscallError> Spawn(const std::vector<std::string>&,
                                                  const inits::SpawnOptions& options) override {
    const SimPid c = w_.Fork(kSimPid1);
    // As RealKernel's child: the mask and the ignored signals PID 1 was
    // started with, every other signal at its default.
    const InheritedSignalState& given = w_.scenario.pid1_inherits;
    SignalSet blocked = 0;
    for (int signo : given.blocked) blocked |= Bit(signo);
    w_.ns.SetBlocked(c, blocked);
    for (int signo = 1; signo <= kMaxSignal; ++signo) {
      const bool ignored = std::find(given.ignored.begin(), given.ignored.end(), signo) != given.ignored.end();
      w_.ns.SetDisposition(c, signo, ignored ? SimDisposition::kIgnore : SimDisposition::kDefault);
    }
    if (options.new_process_group) w_.ns.NewProcessGroup(c);
    if (const ExecError error = w_.scenario.main.exec_error; error != ExecError::kNone) {
      // As RealKernel's child does when its exec fails: the shell's codes.
      w_.ns.Exit(c, error == ExecError::kNotFound ? 127 : 126);
      w_.AfterChange();
      return c;
    }
    w_.StartProbe(c, w_.scenario.main);
    return c;
  }

  inits::Event WaitForEvent(std::optional<Clock::time_point> deadline) override {
    std::optional<int64_t> deadline_ns;
    if (deadline) deadline_ns = deadline->time_since_epoch() / std::chrono::nanoseconds(1);
    for (;;) {
      if (auto signo = w_.ns.TakeWaited(kSimPid1, ~SignalSet{0})) return inits::Event::Signal(*signo);
      if (deadline_ns && w_.sched.Now() >= *deadline_ns) return inits::Event::Timeout();
      w_.sched.Block(kSimPid1, deadline_ns);
    }
  }

  inits::ReapResult Reap() override {
    if (auto r = w_.ns.Wait(kSimPid1)) {
      return inits::Reaped{r->pid, r->killed_by != 0 ? inits::ProcessStatus::KilledBy(r->killed_by)
                                                     : inits::ProcessStatus::Exited(r->exit_code)};
    }
    if (w_.ns.HasChildren(kSimPid1)) return inits::NoneReady{};
    return inits::NoChildren{};
  }

  inits::MaybeError Kill(pid_t pid, int signo) override {
    auto generations = w_.ns.Kill(kSimPid1, pid, signo);
    const bool none = generations.empty();
    w_.Note(kSimPid1, signo, generations);
    if (none) return inits::SyscallError{"kill", ESRCH};
    return std::nullopt;
  }

  inits::MaybeError Broadcast(int signo) override {
    w_.Note(kSimPid1, signo, w_.ns.Kill(kSimPid1, -1, signo));
    return std::nullopt;
  }

  Clock::time_point Now() override { return Clock::time_point(std::chrono::nanoseconds(w_.sched.Now())); }
  void Log(std::string_view) override {}

 private:
  World& w_;
};

void World::StartProbe(SimPid pid, const ProcessSpec& spec) {
  sched.Start(pid, [this, pid, &spec] {
    SimProbeEffects effects(*this, pid, spec.name);
    ProbeCore core(spec, effects);
    core.Run();
  });
}

void World::Run(const inits::StrategyInfo* info) {
  ns.SetBlocked(kSimPid1, ~SignalSet{0});
  sched.Start(kSimPid1, [this, info] {
    SimInitKernel kernel(*this);
    // Given no command, the in-tree init refuses before any strategy runs
    // (init_command.cc: its usage code, 2).
    const int code = scenario.main.exec_error == ExecError::kNoCommand
                         ? 2
                         : info->make(inits::StrategyOptions{})->Run(kernel, {"probe"});
    ns.Exit(kSimPid1, code);
    AfterChange();
  });
  sched.Start(kRuntime, [this] { PlayStopProtocol(); });
  sched.Run(choose_);
}

// The runner's own StopSchedule decides what goes to PID 1 when; the
// runtime sleeps on the virtual clock in between.
void World::PlayStopProtocol() {
  while (!scenario.early_exit && !table.AllReady() && ns.Get(kSimPid1).Alive()) sched.Block(kRuntime, std::nullopt);
  t0 = sched.Now();
  AfterChange();  // every probe learns t = 0
  StopSchedule schedule(scenario, MonotonicNs{*t0}, kGiveUpAfterMs);
  while (ns.Get(kSimPid1).Alive()) {
    const MonotonicNs now{sched.Now()};
    table.LookForZombies(now, /*pid1_reaped=*/false);
    const std::optional<StopSchedule::Action> next = schedule.Next();
    if (next && now >= next->at) {
      if (next->kind == SentKind::kDeadline || next->kind == SentKind::kGiveUp) table.LookForStopped(now);
      if (next->kind == SentKind::kGiveUp) {
        gave_up_ = true;
        if (!scenario.early_exit) table.AddFault(schedule.GiveUpFault("the simulated init"));
      }
      if (next->to.empty()) {
        ns.KillFromOutside(kSimPid1, next->signo);
        schedule.Took(now);
      } else {
        // At a node, as the runner does: only while it lives.
        const std::optional<pid_t> pid = table.LivePid(next->to);
        if (pid) ns.KillFromOutside(*pid, next->signo);
        schedule.Took(pid ? std::optional(now) : std::nullopt);
      }
      AfterChange();
      continue;
    }
    // The runner wakes for whichever comes first: its next send, or its
    // next look for zombies.
    std::optional<int64_t> wake = next ? std::optional(next->at.ns) : std::nullopt;
    if (const auto look = table.NextZombieLook(); look && (!wake || look->ns < *wake)) wake = look->ns;
    sched.Block(kRuntime, wake);
  }
  sent_ = schedule.Sent();
  stop_ = schedule.Times();
}

Trace World::Assemble(std::string_view strategy) {
  Trace trace;
  trace.scenario = scenario;
  trace.init = std::string(strategy);
  trace.observer = "simulated";
  trace.signal_source = "simulated";
  const int64_t origin = t0.value_or(0);
  trace.stop = stop_;
  trace.sent = sent_;
  table.AssembleInto({.t0 = MonotonicNs{origin},
                      .stop = stop_,
                      .gave_up = gave_up_,
                      .pid1_status = pid1_status_,
                      .now = MonotonicNs{sched.Now()}},
                     trace);
  for (GeneratedSignal g : generated) {
    g.t_ns -= origin;
    trace.generated.push_back(g);
  }
  return trace;
}

}  // namespace

Trace SimulateRun(const Scenario& scenario, const inits::StrategyInfo& strategy, const SimScheduler::Chooser& choose) {
  auto world = std::make_unique<World>(scenario, choose);
  world->Run(&strategy);
  return world->Assemble(strategy.name);
}

Trace SimulateRun(const Scenario& scenario, const std::string& strategy, const SimScheduler::Chooser& choose) {
  const inits::StrategyInfo* info = inits::FindStrategy(strategy);
  if (info == nullptr) throw std::invalid_argument("no in-tree strategy " + strategy);
  return SimulateRun(scenario, *info, choose);
}

}  // namespace initcheck::sim
