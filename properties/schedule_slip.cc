#include "properties/schedule_slip.h"

#include <fmt/core.h>

#include <algorithm>
#include <csignal>
#include <map>

#include "harness/model/signal_defaults.h"
#include "harness/model/signal_names.h"
#include "harness/model/time_format.h"
#include "harness/model/wait_status.h"
#include "properties/signal_senders.h"

namespace initcheck {
namespace {

// The signals the runtime sends in this scenario: the stop and the extras.
std::vector<int> SignalsSent(const Scenario& s) {
  std::vector<int> out;
  if (s.stop) out.push_back(s.stop->signal);
  for (const auto& sig : s.signals) out.push_back(sig.signal);
  return out;
}

// Whether signo, delivered, stops node.
bool Stops(const ProcessSpec& node, int signo) {
  return DefaultActionOf(signo) == DefaultAction::kStop &&
         (signo == SIGSTOP || (node.DispositionFor(signo).action == SignalAction::kDefault && !node.Blocks(signo)));
}

// Whether node's clock may have stood still for a time the scenario does not
// state: a signal the runtime sends may stop it, the kernel generated one
// for it that does (an init may pass a signal on as another: dumb-init, in
// its default setsid mode, forwards SIGTSTP as SIGSTOP), or the runner saw
// it stopped.
bool MayHaveBeenStopped(const Trace& trace, const ProcessSpec& node, const ProcessRecord& record,
                        const std::vector<int>& sent) {
  if (std::any_of(sent.begin(), sent.end(), [&](int signo) { return Stops(node, signo); })) return true;
  for (const auto& g : trace.generated) {
    if (g.target_pid == record.pid && g.result == 0 && (!record.exit_ns || g.t_ns <= *record.exit_ns) &&
        Stops(node, g.signo)) {
      return true;
    }
  }
  return std::any_of(trace.stopped.begin(), trace.stopped.end(),
                     [&](const StoppedSighting& seen) { return seen.name == node.name; });
}

void AddSends(const Trace& trace, std::vector<TimedAction>& out) {
  const Scenario& s = trace.scenario;
  if (s.stop && trace.stop.stop_sent_ns) {
    out.push_back({fmt::format("the stop signal {} (due at {} ms)", SignalName(s.stop->signal), s.stop->at_ms),
                   "went out", MsToNs(s.stop->at_ms), *trace.stop.stop_sent_ns});
  }
  // StopSchedule's order: by time, scenario order on ties.
  std::vector<ScheduledSignal> extras = s.signals;
  std::stable_sort(extras.begin(), extras.end(),
                   [](const ScheduledSignal& a, const ScheduledSignal& b) { return a.at_ms < b.at_ms; });
  size_t next = 0;
  for (const auto& sent : trace.sent) {
    if (sent.kind == SentKind::kExtra && next < extras.size()) {
      const ScheduledSignal& planned = extras[next++];
      // A mismatch means another order than StopSchedule's: nothing to compare.
      if (planned.signal != sent.signo) break;
      out.push_back({fmt::format("the extra {} (due at {} ms)", SignalName(planned.signal), planned.at_ms),
                     "went out", MsToNs(planned.at_ms), sent.t_ns});
    }
  }
  if (!s.stop || !trace.stop.stop_sent_ns) return;
  const int64_t due = *trace.stop.stop_sent_ns + MsToNs(s.stop->grace_ms);
  const std::string subject = fmt::format("the deadline SIGKILL (due at {})", FormatMs(due));
  if (trace.DeadlineKillSent()) {
    for (const auto& sent : trace.sent) {
      if (sent.kind == SentKind::kDeadline) out.push_back({subject, "went out", due, sent.t_ns});
    }
    return;
  }
  // Never sent, yet PID 1 outlived its due time: a runner starved past the
  // deadline, which let the init finish in a grace period longer than stated.
  const ProcessRecord* init = trace.Init();
  if (init != nullptr && init->exit_ns && *init->exit_ns > due) {
    out.push_back({subject, "was still unsent when PID 1 exited,", due, *init->exit_ns});
  }
}

// Once the deadline SIGKILL has gone out, PID 1's exit is due at once: the
// kill, or an exit already under way (a SIGKILL to a live process would be
// its status), and the kernel's teardown, which kills and reaps every other
// process before it reports PID 1's exit.
//
// When PID 1's exit was already under way (its status is not that SIGKILL:
// exit-on-term exiting on the stop), a report much later means the teardown
// ran late: its victims, due to die in the grace period, died "at the
// deadline" instead. When the deadline SIGKILL itself ended PID 1, nothing
// died of the teardown before the deadline, however long it takes (it
// kills and reaps every process, a 100-process tree takes tens of ms); what
// it can still spoil is a process that ended by itself meanwhile, spared by
// a teardown that had not reached it yet: each such end is due with the
// deadline SIGKILL.
void AddInitExitReport(const Trace& trace, std::vector<TimedAction>& out) {
  const ProcessRecord* init = trace.Init();
  if (init == nullptr || !init->exit_ns) return;
  for (const auto& sent : trace.sent) {
    if (sent.kind != SentKind::kDeadline) continue;
    if (!KilledBySigkill(init->wait_status)) {
      out.push_back({fmt::format("PID 1's exit (due with the deadline SIGKILL at {})", FormatMs(sent.t_ns)),
                     "was reported", sent.t_ns, *init->exit_ns});
      continue;
    }
    for (const auto& p : trace.processes) {
      if (trace.IsInit(p) || !p.exit_ns || *p.exit_ns <= sent.t_ns || KilledBySigkill(p.wait_status)) continue;
      out.push_back({fmt::format("{}'s end by itself (due to be cut short by the deadline SIGKILL at {})",
                                 p.name.empty() ? fmt::format("pid {}", p.pid) : p.name, FormatMs(sent.t_ns)),
                     "came", sent.t_ns, *p.exit_ns});
    }
  }
}

const JournalEntry* FirstCleanupStart(const Trace& trace, const std::string& node) {
  for (const auto& e : trace.journal) {
    if (e.node == node && e.kind == JournalKind::kCleanupStart) return &e;
  }
  return nullptr;
}

// The node's planned end, the earlier of its cleanup's and its spontaneous
// exit's, if it has one.
std::optional<TimedAction> PlannedEnd(const Trace& trace, const ProcessSpec& node) {
  std::optional<TimedAction> end;
  if (const JournalEntry* start = FirstCleanupStart(trace, node.name)) {
    const int after_ms = node.DispositionFor(start->signo).after_ms;
    end = TimedAction{fmt::format("{}'s {} ms cleanup", node.name, after_ms), "ended", start->t_ns + MsToNs(after_ms)};
  }
  if (node.exit_after_ms && (!end || MsToNs(*node.exit_after_ms) < end->planned_ns)) {
    end = TimedAction{fmt::format("{}'s own exit (due at {} ms)", node.name, *node.exit_after_ms),
                      "came", MsToNs(*node.exit_after_ms)};
  }
  return end;
}

void AddNodeEnds(const Trace& trace, std::vector<TimedAction>& out) {
  const std::vector<int> sent = SignalsSent(trace.scenario);
  for (const NodeRef& ref : Flatten(trace.scenario)) {
    const ProcessRecord* record = trace.Find(ref.spec->name);
    if (record == nullptr || record->role != ProcessRole::kNode || !record->exit_ns) continue;
    if (MayHaveBeenStopped(trace, *ref.spec, *record, sent)) continue;
    std::optional<TimedAction> end = PlannedEnd(trace, *ref.spec);
    if (!end) continue;
    end->actual_ns = *record->exit_ns;
    // A death by the signal it deals itself is its own end too.
    const std::optional<int>& raised = ref.spec->exit_signal;
    const bool ended_itself = record->outcome == Outcome::kGraceful ||
                              (raised && WIFSIGNALED(record->wait_status) && WTERMSIG(record->wait_status) == *raised);
    if (!ended_itself) {
      // Cut short before its end: the process never got to exit by itself.
      if (end->actual_ns <= end->planned_ns) continue;
      end->overdue_at_death = true;
      end->death_status = record->wait_status;
    }
    out.push_back(std::move(*end));
  }
}

// The earliest generation of signo for pid in (after_ns, until_ns] that made
// it pending (result 0: not ignored, not already pending).
const GeneratedSignal* PendingSince(const Trace& trace, int pid, int signo, int64_t after_ns, int64_t until_ns) {
  for (const auto& g : trace.generated) {
    if (g.target_pid == pid && g.signo == signo && g.result == 0 && g.t_ns > after_ns && g.t_ns <= until_ns) {
      return &g;
    }
  }
  return nullptr;
}

void AddDeliveries(const Trace& trace, std::vector<TimedAction>& out) {
  if (trace.generated.empty()) return;
  const std::vector<int> sent = SignalsSent(trace.scenario);
  for (const NodeRef& ref : Flatten(trace.scenario)) {
    const ProcessRecord* record = trace.Find(ref.spec->name);
    if (record == nullptr || record->role != ProcessRole::kNode) continue;
    if (MayHaveBeenStopped(trace, *ref.spec, *record, sent)) continue;
    // Before its ready line the probe may not have its handlers yet.
    std::optional<int64_t> ready;
    std::map<int, int64_t> answered;  // signo -> the probe's latest receipt of it
    for (const auto& e : trace.journal) {
      if (e.node != ref.spec->name) continue;
      if (e.kind == JournalKind::kReady && !ready) ready = e.t_ns - 1;
      if (e.kind != JournalKind::kSignal || !ready) continue;
      auto previous = answered.find(e.signo);
      const int64_t after = previous == answered.end() ? *ready : std::max(*ready, previous->second);
      answered[e.signo] = e.t_ns;
      const GeneratedSignal* g = PendingSince(trace, record->pid, e.signo, after, e.t_ns);
      if (g == nullptr) continue;  // the harness's own send to PID 1 (Trace::sent), or not observed
      out.push_back({fmt::format("the {} {} sent {} at {}", SignalName(e.signo),
                                 SenderLabel(trace, g->sender_pid, g->t_ns), ref.spec->name, FormatMs(g->t_ns)),
                     "reached its handler", g->t_ns, e.t_ns});
    }
  }
}

// PID 1's wait for a CPU after each of the harness's sends but the deadline
// SIGKILL: from the latest sample at or before the send to the first after
// it that shows PID 1 ran again (or exited), whose run_delay counts every
// wait that ended by then. If the read before the send found PID 1 asleep,
// its wait began after that read, so it is at most the time between the two
// reads, whatever run_delay says: the kernel has counted a sleep in it as a
// wait (RunDelaySample::pid1_asleep).
void AddPid1Reactions(const Trace& trace, std::vector<TimedAction>& out) {
  const std::vector<RunDelaySample>& samples = trace.pid1_run_delay;
  for (const auto& sent : trace.sent) {
    if (sent.kind == SentKind::kDeadline || sent.kind == SentKind::kGiveUp) continue;
    const RunDelaySample* before = nullptr;
    for (const auto& s : samples) {
      if (s.t_ns <= sent.t_ns) before = &s;
    }
    if (before == nullptr) continue;
    for (const auto& s : samples) {
      if (s.t_ns <= sent.t_ns || (s.timeslices <= before->timeslices && !s.pid1_exited)) continue;
      int64_t wait = std::max<int64_t>(0, s.run_delay_ns - before->run_delay_ns);
      if (before->pid1_asleep) wait = std::min(wait, s.t_ns - before->t_ns);
      out.push_back({fmt::format("PID 1, signalled {}{} at {},", SignalName(sent.signo),
                                 sent.kind == SentKind::kStop ? " (the stop)" : "", FormatMs(sent.t_ns)),
                     "got a CPU", sent.t_ns, sent.t_ns + wait});
      break;
    }
  }
}

}  // namespace

std::string TimedAction::Describe() const {
  if (overdue_at_death) {
    return fmt::format("{} was {} overdue at its death ({})", subject, FormatMs(LateNs()),
                       BriefExit(death_status));
  }
  return fmt::format("{} {} {} late", subject, verb, FormatMs(LateNs()));
}

std::vector<TimedAction> MeasureSchedule(const Trace& trace) {
  std::vector<TimedAction> out;
  AddSends(trace, out);
  AddInitExitReport(trace, out);
  AddPid1Reactions(trace, out);
  AddNodeEnds(trace, out);
  AddDeliveries(trace, out);
  return out;
}

std::optional<std::string> ScheduleSlip(const Trace& trace) {
  std::vector<TimedAction> late;
  for (auto& action : MeasureSchedule(trace)) {
    if (action.LateNs() > MsToNs(kSlipAllowanceMs)) late.push_back(std::move(action));
  }
  if (late.empty()) return std::nullopt;
  auto worst = std::max_element(late.begin(), late.end(), [](const TimedAction& a, const TimedAction& b) {
    return a.LateNs() < b.LateNs();
  });
  std::string reason =
      fmt::format("schedule slipped: {} (allowed: {} ms)", worst->Describe(), kSlipAllowanceMs);
  if (late.size() > 1) {
    reason += fmt::format("; {} other timed action{} late beyond the allowance", late.size() - 1,
                          late.size() == 2 ? " was" : "s were");
  }
  return reason;
}

}  // namespace initcheck
