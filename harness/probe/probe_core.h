// The probe's decisions: how one node of a scenario answers signals, its
// children's exits and the clock. Every effect goes through ProbeEffects
// (probe_effects.h), so a unit test or a simulated kernel drives the same code
// the `probe` binary runs.
//
// Start, in this order: journal kStart (what was inherited), enter the
// session, set the dispositions, spawn the children (kDetached for each
// daemonized one once its intermediate exited), block `block`, journal
// kReady, then wait for t = 0 and events.
//
// A caught signal is journaled (kSignal, at the time its handler ran), then:
//
//   state        action    what happens
//   running      exit      kCleanupStart; after after_ms, exit with code
//   running      forward   send it to every watched child (not daemons, not
//                          the exited), kForwarded; forwarding; once every
//                          such child has exited: kCleanupStart, after_ms,
//                          exit with code (no child: cleanup at once)
//   running      exit,     deferred: the handler waits for the watched
//                deferred  children; once every one has exited (at once if
//                          none is left): kCleanupStart, after_ms, exit
//   running      record    nothing more: keeps running
//   running      default,  never caught: the kernel carries them out; one
//                ignore    that reached the core anyway changes nothing
//   forwarding,  the one   force_quit: kForceQuit, exit with 128 + signo at
//   deferred,    that      once; otherwise as any other
//   cleaning     started it
//   forwarding,  any       nothing more: the cleanup is not restarted, the
//   deferred,              code does not change
//   cleaning
//
// The spontaneous exit (exit_after_ms after t = 0, with exit_code, or by
// exit_signal dealt to itself) keeps its time whatever the process is
// doing: a forward or a cleanup that would end later does not postpone it.
// When both are due, the earlier wins; on a tie, the cleanup's code.
//
// exit_with_children: once every watched child has exited while the node
// runs (no signal started anything), it exits with exit_code.
//
// Every exit is ProbeEffects::Exit or ExitBySignal, which journal kExiting.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/model/trace.h"
#include "harness/probe/probe_effects.h"

namespace initcheck {

class ProbeCore {
 public:
  // `node` and `effects` must outlive the core.
  ProbeCore(const ProcessSpec& node, ProbeEffects& effects) : node_(node), effects_(effects) {}

  // Plays the node until it exits through ProbeEffects::Exit.
  [[noreturn]] void Run();

 private:
  enum class State { kRunning, kForwarding, kDeferred, kCleaning };

  void Journal(JournalKind kind, int signo, int64_t t_ns);
  void RecordStartState();
  void InstallDispositions();
  void Spawn(const ProcessSpec& child);
  [[noreturn]] void Loop();
  void Handle(const ProbeEvent& event);
  void OnCaught(int signo, int64_t t_ns);
  void OnStartClock(int64_t t0_ns);
  void OnChildExited(ChildId child);
  void StartCleanup();

  const ProcessSpec& node_;
  ProbeEffects& effects_;

  std::vector<ChildId> children_;  // watched: spawned, not daemonized, not yet exited
  std::optional<int64_t> exit_at_ns_;  // spontaneous exit, once t = 0 is known
  State state_ = State::kRunning;
  // Set by the signal that ended kRunning.
  int cleanup_signal_ = 0, cleanup_ms_ = 0, exit_code_ = 0;
  int64_t cleanup_done_ns_ = 0;  // kCleaning only
};

}  // namespace initcheck
