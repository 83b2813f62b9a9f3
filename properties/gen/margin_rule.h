// The margin rule: durations drawn so that no verdict hinges on a few
// milliseconds of scheduling. The generator keeps it by construction (with
// the instants and possible ends below) and checks it before returning;
// shrinks that break it are filtered out.
//
// THE MARGIN RULE (KeepsMargins; the generator keeps it by construction and
// checks it before returning; shrinks that break it are filtered out).
// Durations are drawn so that no verdict hinges on a few milliseconds of
// scheduling: every pair of instants whose order could decide an outcome is
// either equal by construction in a way that decides nothing, or at least
// kMarginMs apart.
//   M1  Every duration (stop.at_ms, stop.grace_ms, signals[].at_ms, after_ms
//       of exit/forward, exit_after_ms) is a multiple of kQuantumMs; after_ms
//       of exit/forward, exit_after_ms and grace_ms are at least kQuantumMs
//       (a zero cleanup would race with the signal that starts it).
//   M2  Two different signals are never sent at the same time (which one PID 1
//       handles first would be the kernel's choice); copies of one signal at
//       one time are a burst. No extra signal is sent at the stop time or
//       within kMarginMs of the deadline (stop.at_ms + grace_ms). Nor is one
//       sent within kMarginMs of the end of another signal's forwarding window
//       (its time + kForwardWindowMs, properties/signal_forwarding.h), nor may
//       such an end lie within kMarginMs of the deadline: an init may end
//       when a signal arrives (exit-on-term), or be killed at the deadline,
//       and whether signal-forwarding judges a send depends on PID 1 living
//       past its window (found by differential_fuzzer: SIGHUP at 0 ms, the
//       stop at 100 ms, judged in the simulation, not judged in real runs).
//       Copies of one signal (a spaced burst) are exempt: an init that ends
//       at a signal's arrival ends at the first copy.
//   M3  The possible ends of every process (below) lie at least kMarginMs
//       from the deadline.
//   M4  Possible ends of two different processes are at least kMarginMs
//       apart, except deaths by the default action of the same signal sent at
//       the same time (they die together whatever the schedule) when neither
//       is main: an init that exits with main makes the kernel's SIGKILL race
//       the other death (seen: dumb-init forwarding SIGQUIT to main's group,
//       3 of 10 reruns ended with the sibling SIGKILLed).
//   M5  A possible end lies at least kMarginMs from every signal's send time,
//       except a death by the default action of that very signal; in
//       particular no spontaneous exit lies within kMarginMs of the stop.
//   M6  A process that a signal sent may stop (SIGTSTP, SIGTTIN, SIGTTOU at
//       their default; SIGSTOP never appears) does nothing timed of its own:
//       no exit_after_ms, and no exit or forward for any signal sent. While
//       stopped it runs no handler, so a cleanup's start would wait for a
//       SIGCONT whose time no scenario states; a death by a default action
//       that terminates still comes at the send (the kernel wakes a stopped
//       process for a fatal signal), and is among its possible ends either
//       way. Whether it is left stopped at the deadline is what
//       no-process-left-stopped judges; the slip measurement and the
//       checkers that time a process excuse it.
//   M7  With no stop, every process has exit_after_ms: the run ends by itself
//       and the harness never has to give up.
// A process's possible ends over-approximate what any init can make happen:
// exit_after_ms; for each signal sent (the stop and every extra, at its
// time t) that the process does not block: exit -> t + after_ms; forward ->
// t + after_ms and x + after_ms for every possible end x > t of each child it
// waits for (not daemonized); default -> t when the default action
// terminates. The ideal finish (ComputeIdealFinish) of each process is one of
// them, so M3 and M4 cover it. `start: racy` is outside the rule's reach: its
// very point is that signals race with the building of the tree.
//
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "harness/model/scenario.h"
#include "properties/schedule_slip.h"

namespace initcheck {

// Every generated duration is a multiple of this.
inline constexpr int kQuantumMs = 50;
// The least distance between two instants whose order could decide a verdict.
inline constexpr int kMarginMs = 50;
// A run whose actions slipped by at most the allowance keeps every such
// order (schedule_slip.h says why half the margin).
static_assert(2 * kSlipAllowanceMs <= kMarginMs, "the slip allowance must stay within half the margin");

// The margin rule (M1..M7 above): nullopt when s keeps it, else the first
// breach, e.g. "M4: p1 may end at 200 ms, as may p2".
std::optional<std::string> MarginViolation(const Scenario& s);
bool KeepsMargins(const Scenario& s);

// The instants the rule compares, for the generator that keeps it.

// One signal the runtime sends (the stop or an extra) at its time; the copies
// of a burst are one send.
struct SignalSend {
  int at_ms;
  int signo;
  bool is_stop;

  bool operator<(const SignalSend& o) const {
    return std::tie(at_ms, signo, is_stop) < std::tie(o.at_ms, o.signo, o.is_stop);
  }
};

// The sends of s, in time order.
std::vector<SignalSend> SignalSends(const Scenario& s);

// A time at which a process may end.
struct PossibleEnd {
  int at_ms;
  int killed_by;  // the signal sent at at_ms whose default action kills it; 0: it exits by itself

  bool operator<(const PossibleEnd& o) const {
    return std::tie(at_ms, killed_by) < std::tie(o.at_ms, o.killed_by);
  }
};

using Ends = std::set<PossibleEnd>;

// "die by SIGTERM at 200 ms", "end at 300 ms".
std::string DescribeEnd(const PossibleEnd& e);

// Whether signo, sent to node, is delivered (not blocked).
bool Reaches(const ProcessSpec& node, int signo);

// node's possible ends, given those of the children it waits for (the
// over-approximation defined above).
Ends EndsOf(const ProcessSpec& node, const std::vector<SignalSend>& sends,
            const std::vector<const Ends*>& waited_children);

// The instants every possible end is held away from.
struct FixedInstants {
  std::optional<int> deadline_ms;
  std::vector<SignalSend> sends;
};

// M2 for a signal about to join the sends already placed (sent_at: time ->
// the one signal sent then, the stop's included): no other signal at its
// time or at either end of a forwarding window, its own window ending clear
// of the deadline, and it clear of the deadline itself.
bool FitsAmongSends(int at_ms, int signo, const std::map<int, int>& sent_at, std::optional<int> deadline_ms);

// M3 and M5 for one end of process `who`: the breach, or nullopt.
std::optional<std::string> ClashWithFixed(const PossibleEnd& e, const std::string& who,
                                          const FixedInstants& fixed);

// M4 for ends of two different processes. Two deaths by the same signal at
// the same instant decide nothing between themselves, unless one of them is
// main's: every init in the catalogue exits when main does, and the kernel's
// SIGKILL then races the other process's own death.
bool EndsClash(const PossibleEnd& a, const PossibleEnd& b, bool one_is_main);

}  // namespace initcheck
