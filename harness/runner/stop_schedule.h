// The stop protocol of one run as a plain object fed with the clock: which
// signal goes to PID 1 (or, for an extra with `to`, to a node) next and when, and, once told what was actually sent,
// the record the trace keeps (Trace::sent, Trace::stop). It makes no system
// call, so the order of a run's actions is tested on made-up times.
//
// Ordering rules, as the runtime behaves:
//   - scenario.signals and the stop signal go out by their at_ms, in scenario
//     order when times are equal (the stop after the extras listed with it);
//   - the deadline SIGKILL is due grace_ms after the stop was actually sent,
//     not after it was scheduled: a late stop still gets its full grace;
//     when it falls due together with a scheduled signal, it goes first;
//   - a run with no stop gets a give-up SIGKILL give_up_after_ms after its
//     last scheduled event (extra signal or a node's exit_after_ms): it is a
//     harness fault, because nothing in the scenario ends it otherwise.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/process_outcome.h"
#include "harness/model/scenario.h"
#include "harness/model/trace.h"
#include "harness/runner/monotonic_ns.h"

namespace initcheck {

class StopSchedule {
 public:
  struct Action {
    MonotonicNs at;  // due then; the caller waits until it is
    int signo;
    SentKind kind;
    std::string to;  // a node's name; empty: PID 1

    bool operator==(const Action&) const = default;
  };

  StopSchedule(const Scenario& scenario, MonotonicNs t0, int give_up_after_ms);

  // When, after t0, the schedule's last action is due if nothing is late:
  // the deadline SIGKILL, or with no stop the give-up.
  static int64_t SpanMs(const Scenario& scenario, int give_up_after_ms);

  // The next action, due or not yet; nullopt: nothing left to send, only
  // PID 1's end to wait for.
  std::optional<Action> Next() const;

  // What became of Next(): sent at sent_at, or nullopt when PID 1 was
  // already gone. Call once for each action taken.
  void Took(std::optional<MonotonicNs> sent_at);

  // The fault a give-up SIGKILL stands for (the run proves nothing).
  std::string GiveUpFault(std::string_view init_name) const;

  bool GaveUp() const { return gave_up_; }
  const std::vector<SentSignal>& Sent() const { return sent_; }
  // The stop as it happened; meant for once PID 1 is gone. When PID 1 left
  // before the deadline SIGKILL, the deadline is when the grace would have
  // ended.
  StopTimes Times() const;

 private:
  MonotonicNs t0_;
  int give_up_after_ms_;
  std::optional<int> grace_ms_;  // set: the scenario has a stop
  std::vector<Action> scheduled_;  // extras and the stop, by time
  size_t next_ = 0;
  std::optional<MonotonicNs> deadline_;  // set once the stop went out, until the SIGKILL did
  MonotonicNs give_up_;
  bool gave_up_ = false;
  std::vector<SentSignal> sent_;
  StopTimes times_;
};

}  // namespace initcheck
