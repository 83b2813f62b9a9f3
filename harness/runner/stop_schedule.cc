#include "harness/runner/stop_schedule.h"

#include <signal.h>

#include <algorithm>
#include <cstdint>

#include <fmt/core.h>

namespace initcheck {
namespace {

// The last extra signal or a node's own exit: what a run with no stop waits
// out before it gives up.
int64_t LastEventMs(const Scenario& scenario) {
  int64_t last = 0;
  for (const auto& s : scenario.signals) last = std::max<int64_t>(last, s.at_ms);
  for (const auto& ref : Flatten(scenario)) {
    if (ref.spec->exit_after_ms) last = std::max<int64_t>(last, *ref.spec->exit_after_ms);
  }
  return last;
}

}  // namespace

StopSchedule::StopSchedule(const Scenario& scenario, MonotonicNs t0, int give_up_after_ms)
    : t0_(t0), give_up_after_ms_(give_up_after_ms) {
  for (const auto& s : scenario.signals) scheduled_.push_back({t0.PlusMs(s.at_ms), s.signal, SentKind::kExtra, s.to});
  if (scenario.stop) {
    grace_ms_ = scenario.stop->grace_ms;
    scheduled_.push_back({t0.PlusMs(scenario.stop->at_ms), scenario.stop->signal, SentKind::kStop, ""});
  }
  std::stable_sort(scheduled_.begin(), scheduled_.end(),
                   [](const Action& a, const Action& b) { return a.at < b.at; });

  give_up_ = t0.PlusMs(LastEventMs(scenario) + give_up_after_ms);
}

int64_t StopSchedule::SpanMs(const Scenario& scenario, int give_up_after_ms) {
  if (scenario.stop) return scenario.stop->DeadlineMs();
  return LastEventMs(scenario) + give_up_after_ms;
}

std::optional<StopSchedule::Action> StopSchedule::Next() const {
  std::optional<Action> next;
  if (next_ < scheduled_.size()) next = scheduled_[next_];
  if (deadline_ && (!next || *deadline_ <= next->at)) next = Action{*deadline_, SIGKILL, SentKind::kDeadline, ""};
  if (!grace_ms_ && !gave_up_ && (!next || give_up_ < next->at)) {
    next = Action{give_up_, SIGKILL, SentKind::kGiveUp, ""};
  }
  return next;
}

void StopSchedule::Took(std::optional<MonotonicNs> sent_at) {
  const std::optional<Action> action = Next();
  if (!action) return;
  std::optional<int64_t> t;
  if (sent_at) {
    t = sent_at->SinceNs(t0_);
    sent_.push_back({*t, action->signo, action->kind, action->to});
  }
  switch (action->kind) {
    case SentKind::kDeadline:
      if (t) times_.deadline_ns = *t;
      deadline_.reset();
      break;
    case SentKind::kStop:
      if (t) {
        times_.stop_sent_ns = *t;
        deadline_ = sent_at->PlusMs(*grace_ms_);
      }
      ++next_;
      break;
    case SentKind::kExtra: ++next_; break;
    case SentKind::kGiveUp: gave_up_ = true; break;
  }
}

std::string StopSchedule::GiveUpFault(std::string_view init_name) const {
  return fmt::format(
      "the scenario has no stop and PID 1 ({}) was still running {} ms after the last "
      "scheduled event: the harness gave up and killed it",
      init_name, give_up_after_ms_);
}

StopTimes StopSchedule::Times() const {
  StopTimes times = times_;
  if (times.stop_sent_ns && !times.deadline_ns) times.deadline_ns = *times.stop_sent_ns + *grace_ms_ * kNsPerMs;
  return times;
}

}  // namespace initcheck
