// Property `signal-forwarding` (DESIGN.md "Outcomes and properties").
//
// Definition: each signal the harness sent to PID 1 (Trace::sent: the extra
// signals and the stop signal; not the SIGKILL at the deadline, which is the
// runtime ending the run, nor an extra aimed at a node) reaches the main process at least once per burst.
// Receipt is what main's probe journals: a kSignal entry with that signal
// number, stamped when its handler ran. Standard signals coalesce — several
// sends of one signal before the receiver runs arrive once — so a receipt at
// or after a send covers every send of that signal since the previous
// receipt; equivalently, a send is covered when main journaled that signal
// at or after it. (The scenario model names only standard signals, so every
// signal is treated as coalescing.) The probe journals every caught signal,
// also while it is already cleaning up, so late sends still show. An init
// that promises to pass a signal on as another (Trace::promises
// .signal_rewrite: dumb-init -r 15:3) is held to that: main must journal
// the signal promised; one it promises to drop (-r 1:0) must not reach main
// at all: main journaling it after the send, with no other send promised
// to arrive as it, is a violation (judged only while main catches it and
// was ready).
//
// A send is judged only when its absence would be the init's fault:
//   - main catches the signal: its disposition is exit, record or forward,
//     it does not block it, and the signal is not SIGKILL or SIGSTOP (an
//     ignored or default signal leaves no journal entry even when it arrives);
//   - main was ready (its kReady entry) when it was sent; with start: ready
//     the clock starts only then, with start: racy it may not be;
//   - no stopping signal (SIGSTOP, which stops PID 1 itself, or a
//     SIGTSTP/SIGTTIN/SIGTTOU main leaves at its default action) was sent at
//     or before it: a stopped process runs no handler, so nothing would show;
//   - main was still alive kForwardWindowMs after it was sent, and so was
//     PID 1, not yet exiting (properties/pid1_exit_start.h): an init that
//     has begun to exit forwards nothing, and main then dies in the
//     teardown, which the kernel may be slow to carry out.
// Any other send is "not judged", with the reason in the note; with nothing
// judgeable the property holds, and the note says so. Each signal whose
// judged sends are not all covered is one violation (its uncovered sends all
// follow its last receipt: one burst), at the first uncovered send.
//
// A lost signal is no violation when PID 1 spent less than kForwardWindowMs
// - kForwardStarvedMs off a runqueue between its first uncovered send and
// main's end, or the last sample that saw PID 1 not exiting if that is
// earlier (properties/pid1_starvation.h): the machine, not the init, kept
// it from forwarding. Only PID 1's wait is measured; main's own (its handler
// runs late) is the schedule slip's and the window's business. The other
// lost signals stand; with none left the verdict is unknown, with the
// reasons.
#pragma once

#include <string_view>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

inline constexpr std::string_view kSignalForwardingId = "signal-forwarding";

// How long main must outlive a send for a missing receipt to count. A correct
// init forwards within a fraction of a millisecond (its handler or signalfd
// loop wakes, it calls kill(2), main's handler runs), but on a loaded CI
// runner the scheduler adds tens of ms to each of those steps (the noise
// kGracefulMarginMs allows for). A main that died sooner may have died before
// an honest init got the signal to it, so the send proves nothing.
inline constexpr int kForwardWindowMs = 100;

// How much of kForwardWindowMs the machine may take from PID 1 by keeping it
// waiting on a runqueue, with PID 1 still blamed for a lost signal. Half, as
// for stop-latency: 50 ms off the runqueue is far more than a correct init
// needs to take a signal and kill(2) main, and the other half is room for
// what run_delay does not count (the samples' slack, interrupts, waits in
// the kernel).
inline constexpr int kForwardStarvedMs = kForwardWindowMs / 2;

Verdict CheckSignalForwarding(const Trace& trace);

}  // namespace initcheck
