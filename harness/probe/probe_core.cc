#include "harness/probe/probe_core.h"

#include <algorithm>

#include "harness/model/time_format.h"

namespace initcheck {
namespace {

SignalHandling HandlingFor(SignalAction action) {
  switch (action) {
    case SignalAction::kDefault: return SignalHandling::kDefault;
    case SignalAction::kIgnore: return SignalHandling::kIgnore;
    case SignalAction::kExit:
    case SignalAction::kRecord:
    case SignalAction::kForward: break;
  }
  return SignalHandling::kCatch;
}

}  // namespace

void ProbeCore::Run() {
  RecordStartState();
  effects_.EnterSession(node_.session);
  InstallDispositions();
  for (const ProcessSpec& child : node_.children) Spawn(child);
  if (!node_.block.empty()) effects_.BlockSignals(node_.block);
  Journal(JournalKind::kReady, 0, effects_.NowNs());
  if (std::optional<int64_t> t0 = effects_.WatchStartClock()) OnStartClock(*t0);
  Loop();
}

void ProbeCore::Journal(JournalKind kind, int signo, int64_t t_ns) {
  JournalEntry entry;
  entry.t_ns = t_ns;
  entry.node = node_.name;
  entry.kind = kind;
  entry.signo = signo;
  effects_.Journal(entry);
}

// Before anything changes: what the init handed over across exec is what the
// clean-signal-state property judges.
void ProbeCore::RecordStartState() {
  InheritedSignals inherited = effects_.CaptureInheritedSignals();
  JournalEntry entry;
  entry.t_ns = effects_.NowNs();
  entry.node = node_.name;
  entry.kind = JournalKind::kStart;
  entry.blocked = std::move(inherited.blocked);
  entry.ignored = std::move(inherited.ignored);
  effects_.Journal(entry);
}

// Only the signals the node names: a SIG_IGN or a blocked signal the init
// leaked stays in force for the others, so the init's mistakes show.
void ProbeCore::InstallDispositions() {
  for (const auto& [signo, disposition] : node_.on_signal) {
    effects_.SetSignalHandling(signo, HandlingFor(disposition.action));
  }
}

void ProbeCore::Spawn(const ProcessSpec& child) {
  if (!child.daemonize) {
    children_.push_back(effects_.SpawnChild(child));
    return;
  }
  effects_.SpawnDaemon(child);
  JournalEntry entry;
  entry.t_ns = effects_.NowNs();
  entry.node = child.name;
  entry.kind = JournalKind::kDetached;
  effects_.Journal(entry);
}

void ProbeCore::Loop() {
  for (;;) {
    // The spontaneous exit keeps its time whatever the process is doing: a
    // cleanup or a forward that would end later does not postpone it.
    const int64_t now = effects_.NowNs();
    std::optional<int64_t> cleanup_done;
    if (state_ == State::kCleaning) cleanup_done = cleanup_done_ns_;
    const bool cleanup_first = cleanup_done && (!exit_at_ns_ || *cleanup_done <= *exit_at_ns_);
    if (cleanup_first && now >= *cleanup_done) effects_.Exit(exit_code_);
    if (exit_at_ns_ && now >= *exit_at_ns_) {
      if (node_.exit_signal) effects_.ExitBySignal(*node_.exit_signal);
      effects_.Exit(node_.exit_code);
    }

    // A whole batch is handled before the clock is read again, as it arrived.
    const std::optional<int64_t> wake = cleanup_first ? cleanup_done : exit_at_ns_;
    for (const ProbeEvent& event : effects_.WaitForEvents(wake)) Handle(event);
  }
}

void ProbeCore::Handle(const ProbeEvent& event) {
  switch (event.kind) {
    case ProbeEvent::Kind::kSignalCaught: OnCaught(event.signo, event.t_ns); break;
    case ProbeEvent::Kind::kStartClockKnown: OnStartClock(event.t_ns); break;
    case ProbeEvent::Kind::kChildExited: OnChildExited(event.child); break;
  }
}

void ProbeCore::OnCaught(int signo, int64_t t_ns) {
  Journal(JournalKind::kSignal, signo, t_ns);
  if (state_ != State::kRunning) {
    // Cleanup already under way: only a force quit cuts it short.
    if (signo == cleanup_signal_ && node_.DispositionFor(signo).force_quit) {
      Journal(JournalKind::kForceQuit, signo, effects_.NowNs());
      effects_.Exit(128 + signo);
    }
    return;
  }
  const Disposition d = node_.DispositionFor(signo);
  if (d.action != SignalAction::kExit && d.action != SignalAction::kForward) return;
  cleanup_signal_ = signo;
  cleanup_ms_ = d.after_ms;
  exit_code_ = d.code;
  if (d.action == SignalAction::kExit) {
    if (d.deferred && !children_.empty()) {
      state_ = State::kDeferred;
      return;
    }
    StartCleanup();
    return;
  }
  for (ChildId child : children_) effects_.SendSignal(child, signo);
  Journal(JournalKind::kForwarded, signo, effects_.NowNs());
  state_ = State::kForwarding;
  if (children_.empty()) StartCleanup();
}

void ProbeCore::OnStartClock(int64_t t0_ns) {
  if (node_.exit_after_ms) exit_at_ns_ = t0_ns + int64_t{*node_.exit_after_ms} * kNsPerMs;
}

void ProbeCore::OnChildExited(ChildId child) {
  if (node_.reap) {
    effects_.ReapChild(child);
  } else {
    effects_.LeaveZombie(child);
  }
  children_.erase(std::remove(children_.begin(), children_.end(), child), children_.end());
  if (!children_.empty()) return;
  if (state_ == State::kForwarding || state_ == State::kDeferred) StartCleanup();
  if (state_ == State::kRunning && node_.exit_with_children) effects_.Exit(node_.exit_code);
}

void ProbeCore::StartCleanup() {
  state_ = State::kCleaning;
  Journal(JournalKind::kCleanupStart, cleanup_signal_, effects_.NowNs());
  // Measured once the journal line is out, as the probe always has: a slow
  // journal delays the exit instead of eating into the cleanup.
  cleanup_done_ns_ = effects_.NowNs() + int64_t{cleanup_ms_} * kNsPerMs;
}

}  // namespace initcheck
