// Schedule slip: how late the run's timed actions happened, measured from
// the trace alone (DESIGN.md "Verdict integrity"). A verdict is only as good
// as the schedule it was measured on: on a loaded machine a probe's cleanup
// can end a second late and turn "SIGKILLed in grace" into "SIGKILLed at the
// deadline". The harness knows when each of its own actions and each probe's
// timed action should have happened, so it can tell such a run from a fair
// one and call it unknown instead of judging it.
//
// What is measured (planned -> actual; only lateness counts, since nothing
// here can act early):
//   stop send       scenario stop.at_ms -> Trace::stop.stop_sent_ns: the
//                   runner's own clock-keeping (a starved harness thread).
//   extra signal    signals[i].at_ms (in StopSchedule's order: by time,
//                   scenario order on ties) -> the i-th kExtra of Trace::sent.
//   deadline kill   the stop as actually sent + grace_ms -> the kDeadline
//                   SIGKILL: StopSchedule grants the full grace from the
//                   real send, so only the runner's wake-up is measured.
//                   Never sent while PID 1 outlived its due time: late by at
//                   least (PID 1's exit - due), the grace the init was given
//                   beyond the stated one.
//   cleanup end     a node's first kCleanupStart + the after_ms of the
//                   signal that started it -> the kernel's exit record of
//                   that node: how late a starved probe (or a slow journal,
//                   which the probe waits for before it starts the clock)
//                   made its exit. The kernel's record, not kExiting,
//                   because it is the instant every checker compares.
//   spontaneous     exit_after_ms after t = 0 -> the same exit record. A
//   exit            node with both exits at the earlier of the two (the
//                   probe's rule), so the earlier one is the plan.
//   PID 1's exit   the deadline SIGKILL's send -> the kernel's report of
//                  PID 1's exit (killed by it, or already exiting: either
//                  way the teardown, which kills and reaps every other
//                  process before that report, is due at once). Seen under
//                  load: reports 0.3 to 1.8 s after the send, the victims
//                  dying "at the deadline" instead of in grace, or exiting by
//                  themselves past the deadline.
// A node that exited by itself is late by (exit - planned end). A node that
// died by a signal after its planned end had not exited when it should
// have: it is late by at least (death - planned end), and its death may be
// the very verdict the slip falsified (a SIGKILL at the deadline that a fair
// schedule would have beaten). A signal that cut the cleanup short *before*
// its planned end is no slip: the process never got to exit by itself.
//
//   PID 1's wake   each send of the harness to PID 1 but the deadline
//                  SIGKILL -> PID 1's next timeslice, late by the time it
//                  waited on a runqueue meanwhile (Trace::pid1_run_delay):
//                  a wait the machine imposed on the init's reaction, which
//                  no init can help. Seen under load: drain got a CPU 88 ms
//                  after the stop, broadcast it at 141 ms, and a 850 ms
//                  cleanup with 100 ms to spare overran the deadline.
//   delivery       the kernel's generation of a signal for a node
//                  (Trace::generated: PID 1 forwarding, a probe forwarding)
//                  -> the node's journaled receipt of it, its handler's
//                  time: how long the machine kept the probe from running
//                  once the signal was pending. When the init sent it is
//                  the init's business (what is under test); from then on
//                  it is the machine's. Seen under load: tini -g forwarded
//                  SIGWINCH at 33 ms and httpd's handler ran at 1154 ms,
//                  which pushed its 1150 ms shutdown past the deadline and
//                  hid tini -g's violation. Measured where the tracepoint was
//                  read (Trace::signal_source "tracefs"); the earliest
//                  generation since the node's previous receipt of that
//                  signal is the one its handler answered.
// Not measured: when the harness's own sends reached PID 1 (PID 1's wait is
// properties/pid1_starvation.h's), and any node that may have been stopped:
// one a sent signal may stop (a default Stop action it does not block), one
// the kernel generated SIGSTOP or such a signal for (an init may pass a
// signal on as another: dumb-init, in its default setsid mode, forwards
// SIGTSTP as SIGSTOP), or one the runner saw stopped. A stopped process's
// clock stands still for as long as the init leaves it stopped, and the
// scenario states no such duration; no-process-left-stopped judges it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/trace.h"

namespace initcheck {

// The most lateness a run may show and still be judged.
//
// The margin rule (properties/gen/margin_rule.h) keeps every two instants
// whose order could decide a verdict at least kMarginMs = 50 ms apart. Every
// measured action can only be late, never early, so two such instants swap
// only if the earlier one is late by the whole margin more than the later
// one. Half the margin is allowed here; the other half is left for what
// cannot be measured from the trace: the init's own reaction to a signal, the
// delivery of a signal to a probe, the observer's report of an exit.
// margin_rule.h asserts that the two constants stay in this relation.
//
// One allowance for every scenario, including those outside the margin rule
// (`start: racy`, a stoppable process, processes that end together by
// design): such a scenario must say in its description why its close
// instants decide nothing, and the instants that do decide are again
// kMarginMs apart, so the same bound protects them. An allowance shrunk to
// half of a scenario's closest pair would make every run of a scenario whose
// close instants are harmless by design (80 workers ending together) unknown,
// on a quiet machine as much as a loaded one.
inline constexpr int kSlipAllowanceMs = 25;

// One timed action whose plan and outcome the trace shows.
struct TimedAction {
  // Who and what, as the reason names it: "download-worker's 1100 ms
  // cleanup", "the stop signal SIGTERM (due at 150 ms)".
  std::string subject;
  std::string verb;  // what it did, late: "ended", "went out"
  int64_t planned_ns = 0;
  int64_t actual_ns = 0;
  // The process died by a signal after its planned end instead of exiting
  // then: actual_ns is its death, and the lateness is a lower bound.
  bool overdue_at_death = false;
  int death_status = 0;  // overdue_at_death only: the raw wait status

  int64_t LateNs() const { return actual_ns > planned_ns ? actual_ns - planned_ns : 0; }
  // "download-worker's 1100 ms cleanup ended 1230.0 ms late"; overdue:
  // "worker's 200 ms cleanup was 40.0 ms overdue at its death (SIGKILL)".
  std::string Describe() const;
};

// Every timed action of the trace that can be measured (see above), in the
// order: stop, extras, deadline, PID 1's exit, PID 1's wakes, then nodes
// depth-first (their ends, then their deliveries).
std::vector<TimedAction> MeasureSchedule(const Trace& trace);

// Why the run cannot be judged, if any action was more than
// kSlipAllowanceMs late: the latest one, e.g. "schedule slipped:
// download-worker's 1100 ms cleanup ended 1230.0 ms late (allowed: 25 ms)",
// and how many others were late too; nullopt when the run kept its schedule.
std::optional<std::string> ScheduleSlip(const Trace& trace);

}  // namespace initcheck
