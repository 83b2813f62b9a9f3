#include "properties/signal_forwarding.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <csignal>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/signal_names.h"
#include "properties/faults.h"
#include "properties/main_never_ran.h"
#include "properties/pid1_exit_start.h"
#include "properties/pid1_starvation.h"
#include "harness/model/signal_defaults.h"
#include "harness/model/time_format.h"

namespace initcheck {
namespace {

// One send and what the checker made of it.
struct Send {
  SentSignal sent;
  std::optional<std::string> not_judged;  // why, when it is not judged
  // First receipt at or after it; for a dropped send, the first receipt of
  // it that no other send accounts for (the drop broken).
  std::optional<int64_t> received_ns;
  bool dropped = false;  // the init promises to pass it on as nothing
};

// "SIGHUP at 10.0 ms", "SIGTERM (the stop) at 0.0 ms".
std::string SendLabel(const SentSignal& s) {
  return fmt::format("{}{} at {}", SignalName(s.signo), s.kind == SentKind::kStop ? " (the stop)" : "",
                     FormatMs(s.t_ns));
}

// Why main's journal cannot show signo whatever the init does, or nullopt if
// main catches it.
std::optional<std::string> WhyMainCannotShow(const ProcessSpec& main, int signo) {
  const std::string name = SignalName(signo);
  if (IsUncatchable(signo)) return fmt::format("{} cannot be caught", name);
  if (main.Blocks(signo)) return fmt::format("{} blocks {}", main.name, name);
  switch (main.DispositionFor(signo).action) {
    case SignalAction::kDefault:
      return fmt::format("{} does not catch {} (default action)", main.name, name);
    case SignalAction::kIgnore:
      return fmt::format("{} ignores {}", main.name, name);
    case SignalAction::kExit:
    case SignalAction::kRecord:
    case SignalAction::kForward:
      break;
  }
  return std::nullopt;
}

// Whether signo, once delivered, stops main (or, for SIGSTOP, PID 1 itself).
bool Stops(const ProcessSpec& main, int signo) {
  if (signo == SIGSTOP) return true;
  if (DefaultActionOf(signo) != DefaultAction::kStop || main.Blocks(signo)) return false;
  return main.DispositionFor(signo).action == SignalAction::kDefault;
}

class Judge {
 public:
  Judge(const Trace& trace, const ProcessRecord& main_record)
      : trace_(trace), main_(trace.scenario.main), main_record_(main_record), exit_start_(Pid1ExitStarted(trace)) {
    for (const auto& e : trace.journal) {
      if (e.node != main_.name) continue;
      if (e.kind == JournalKind::kSignal) receipts_.push_back(e);
      if (e.kind == JournalKind::kReady && !ready_ns_) ready_ns_ = e.t_ns;
    }
    std::stable_sort(receipts_.begin(), receipts_.end(),
                     [](const JournalEntry& a, const JournalEntry& b) { return a.t_ns < b.t_ns; });
  }

  std::vector<Send> Sends() const {
    std::vector<Send> sends;
    for (const auto& s : trace_.sent) {
      if (s.kind != SentKind::kDeadline && s.to.empty()) sends.push_back({s, std::nullopt, std::nullopt});
    }
    std::stable_sort(sends.begin(), sends.end(),
                     [](const Send& a, const Send& b) { return a.sent.t_ns < b.sent.t_ns; });
    for (size_t i = 0; i < sends.size(); ++i) {
      sends[i].dropped = trace_.promises.Arrives(sends[i].sent.signo) == 0;
      if (sends[i].dropped) {
        sends[i].not_judged = WhyDropNotJudged(sends[i].sent);
        sends[i].received_ns = FirstUnaccountedReceipt(sends, sends[i].sent);
        continue;
      }
      sends[i].not_judged = WhyNotJudged(sends, i);
      sends[i].received_ns = FirstReceiptFrom(sends[i].sent);
    }
    return sends;
  }

  // When PID 1 began to exit, if it did (pid1_exit_start.h).
  const std::optional<Pid1ExitStart>& exit_start() const { return exit_start_; }

  // The latest receipt of signo strictly before t_ns.
  std::optional<int64_t> LastReceiptBefore(int signo, int64_t t_ns) const {
    std::optional<int64_t> last;
    for (const auto& r : receipts_) {
      if (r.signo == signo && r.t_ns < t_ns) last = r.t_ns;
    }
    return last;
  }

 private:
  // A receipt of the dropped signal that some send promised to arrive as it
  // (dumb-init -r 15:2 -r 2:0: SIGINT is what SIGTERM becomes) breaks no
  // promise.
  std::optional<int64_t> FirstUnaccountedReceipt(const std::vector<Send>& sends, const SentSignal& dropped) const {
    for (const auto& r : receipts_) {
      if (r.signo != dropped.signo || r.t_ns < dropped.t_ns) continue;
      const bool accounted = std::any_of(sends.begin(), sends.end(), [&](const Send& other) {
        return other.sent.t_ns <= r.t_ns && trace_.promises.Arrives(other.sent.signo) == dropped.signo;
      });
      if (!accounted) return r.t_ns;
    }
    return std::nullopt;
  }

  std::optional<std::string> WhyDropNotJudged(const SentSignal& s) const {
    if (auto why = WhyMainCannotShow(main_, s.signo)) {
      return fmt::format("the init promises to pass no {} on, and {}", SignalName(s.signo), *why);
    }
    if ((ready_ns_ && s.t_ns < *ready_ns_) || (!ready_ns_ && trace_.scenario.start == StartMode::kRacy)) {
      return fmt::format("the init promises to pass no {} on; sent before {} was ready", SignalName(s.signo),
                         main_.name);
    }
    return std::nullopt;
  }

  std::optional<int64_t> FirstReceiptFrom(const SentSignal& s) const {
    const int arrives = trace_.promises.Arrives(s.signo);
    for (const auto& r : receipts_) {
      if (r.signo == arrives && r.t_ns >= s.t_ns) return r.t_ns;
    }
    return std::nullopt;
  }

  std::optional<std::string> WhyNotJudged(const std::vector<Send>& sends, size_t i) const {
    const SentSignal& s = sends[i].sent;
    const int arrives = trace_.promises.Arrives(s.signo);
    if (auto why = WhyMainCannotShow(main_, arrives)) return why;
    if (ready_ns_ && s.t_ns < *ready_ns_) {
      return fmt::format("sent before {} was ready at {}", main_.name, FormatMs(*ready_ns_));
    }
    if (!ready_ns_ && trace_.scenario.start == StartMode::kRacy) {
      return fmt::format("{} never journaled that it was ready (racy start)", main_.name);
    }
    for (size_t j = 0; j < sends.size(); ++j) {
      const SentSignal& earlier = sends[j].sent;
      const int earlier_arrives = trace_.promises.Arrives(earlier.signo);
      if (j == i || earlier.t_ns > s.t_ns || earlier_arrives == 0 || !Stops(main_, earlier_arrives)) continue;
      return fmt::format("{} sent at {} may have stopped {}, which then runs no handler",
                         SignalName(earlier.signo), FormatMs(earlier.t_ns),
                         earlier.signo == SIGSTOP ? "PID 1" : main_.name);
    }
    if (main_record_.exit_ns && *main_record_.exit_ns < s.t_ns + kForwardWindowMs * kNsPerMs) {
      if (*main_record_.exit_ns < s.t_ns) {
        return fmt::format("{} had already ended at {}", main_.name,
                           FormatMs(*main_record_.exit_ns));
      }
      return fmt::format("{} ended at {}, {} after it was sent (judged only if it lives {} ms)",
                         main_.name, FormatMs(*main_record_.exit_ns),
                         FormatMs(*main_record_.exit_ns - s.t_ns), kForwardWindowMs);
    }
    // Once PID 1 is exiting it forwards nothing, and main dies in the
    // teardown, however late the kernel gets round to it.
    if (exit_start_ && exit_start_->sampled) {
      const std::optional<int64_t> alive = exit_start_->KnownAliveUntil();
      const int64_t window_end = s.t_ns + kForwardWindowMs * kNsPerMs;
      if (!alive || *alive < window_end) {
        return fmt::format("{}, maybe before {} (judged only if PID 1 is still there, not exiting, {} ms after "
                           "the send)",
                           DescribePid1ExitStart(trace_, *exit_start_), FormatMs(window_end), kForwardWindowMs);
      }
    }
    return std::nullopt;
  }

  const Trace& trace_;
  const ProcessSpec& main_;
  const ProcessRecord& main_record_;
  std::vector<JournalEntry> receipts_;  // main's kSignal entries, by time
  std::optional<int64_t> ready_ns_;
  std::optional<Pid1ExitStart> exit_start_;
};

// "SIGHUP sent to PID 1 at 10.0 ms", "SIGTERM (the stop) sent to PID 1 at
// 0.0 ms", "SIGHUP sent to PID 1 at 10.0 ms, 20.0 ms and 30.0 ms".
std::string DescribeSends(const std::vector<const SentSignal*>& sends) {
  const bool one = sends.size() == 1;
  std::string out = fmt::format("{}{} sent to PID 1 at ", SignalName(sends.front()->signo),
                                one && sends.front()->kind == SentKind::kStop ? " (the stop)" : "");
  for (size_t i = 0; i < sends.size(); ++i) {
    if (i > 0) out += i + 1 == sends.size() ? " and " : ", ";
    out += FormatMs(sends[i]->t_ns);
    if (!one && sends[i]->kind == SentKind::kStop) out += " (the stop)";
  }
  return out;
}

std::string Explain(const Trace& trace, const ProcessRecord& main_record, const Judge& judge,
                    const std::vector<const SentSignal*>& lost) {
  const std::string& main = trace.scenario.main.name;
  const int arrives = trace.promises.Arrives(lost.front()->signo);
  const std::string name = SignalName(arrives);
  const std::string as = arrives == lost.front()->signo ? "" : fmt::format(" as {}, as the init promises,", name);
  std::string lived = main_record.exit_ns
                          ? fmt::format("lived until {}", FormatMs(*main_record.exit_ns))
                          : "was still running at the end of the trace";
  std::string text = fmt::format("{} never reached {}{} ({} caught {} and {}", DescribeSends(lost),
                                 main, as, main, name, lived);
  if (auto last = judge.LastReceiptBefore(arrives, lost.front()->t_ns)) {
    text += fmt::format("; its last {} arrived at {}, before {}", name, FormatMs(*last),
                        lost.size() == 1 ? "that send" : "these sends");
  }
  return text + ")";
}

// Why the lost send cannot be blamed on the init, if PID 1 was starved
// between it and main's end (or PID 1's, main's being unrecorded), or the
// last moment PID 1 is known not to have been exiting, if that is earlier.
std::optional<std::string> StarvedForwarding(const Trace& trace, const ProcessRecord& main_record,
                                             const std::optional<Pid1ExitStart>& start,
                                             const SentSignal& first_lost) {
  std::optional<int64_t> end = main_record.exit_ns;
  if (!end && trace.Init() != nullptr) end = trace.Init()->exit_ns;
  if (!end) return std::nullopt;
  std::string until = fmt::format("before it ended at {}", FormatMs(*end));
  if (start && start->sampled && start->KnownAliveUntil() && *start->KnownAliveUntil() < *end) {
    end = *start->KnownAliveUntil();
    until = fmt::format("while PID 1 was seen not exiting, until {}", FormatMs(*end));
  }
  return Pid1Starved(trace, kSignalForwardingId,
                     {first_lost.t_ns, *end,
                      fmt::format("to get {} sent at {} to {} {}", SignalName(first_lost.signo),
                                  FormatMs(first_lost.t_ns), main_record.name, until)},
                     kForwardWindowMs, kForwardStarvedMs);
}

}  // namespace

Verdict CheckSignalForwarding(const Trace& trace) {
  if (auto unknown = UnknownIfFaulty(kSignalForwardingId, trace)) return *unknown;
  if (auto not_applicable = NotApplicableWithoutMain(kSignalForwardingId, trace)) return *not_applicable;
  const std::string& main_name = trace.scenario.main.name;
  const ProcessRecord* main_record = trace.Find(main_name);
  if (main_record == nullptr || main_record->role != ProcessRole::kNode) {
    return UnknownVerdict(kSignalForwardingId,
                          fmt::format("the trace has no record of the main process {}", main_name));
  }

  const Judge judge(trace, *main_record);
  const std::vector<Send> sends = judge.Sends();
  Verdict verdict;
  verdict.property = std::string(kSignalForwardingId);
  verdict.value = VerdictValue::kHolds;
  if (sends.empty()) {
    verdict.note = "no signal was sent to PID 1 before the deadline";
    return verdict;
  }

  std::vector<std::string> judged;
  std::vector<std::string> not_judged;
  std::vector<int> lost_signals;  // in order of their first lost send
  for (const Send& s : sends) {
    if (s.not_judged) {
      not_judged.push_back(fmt::format("{} ({})", SendLabel(s.sent), *s.not_judged));
    } else if (s.dropped) {
      if (!s.received_ns) {
        judged.push_back(fmt::format("{} (dropped, as the init promises)", SendLabel(s.sent)));
        continue;
      }
      judged.push_back(fmt::format("{} (received at {}, though the init promises to drop it)", SendLabel(s.sent),
                                   FormatMs(*s.received_ns)));
      verdict.violations.push_back(MakeViolation(
          main_name, trace.IndexOf(*main_record), *s.received_ns,
          {{s.sent.t_ns, std::nullopt, fmt::format("{} sent to PID 1 at {}", SignalName(s.sent.signo), FormatMs(s.sent.t_ns))},
           {*s.received_ns, trace.IndexOf(*main_record),
            fmt::format("{} caught {} at {}, which the init promises to pass on to no one", main_name,
                        SignalName(s.sent.signo), FormatMs(*s.received_ns))}}));
    } else if (s.received_ns) {
      judged.push_back(
          fmt::format("{} (received at {})", SendLabel(s.sent), FormatMs(*s.received_ns)));
    } else {
      judged.push_back(fmt::format("{} (never received)", SendLabel(s.sent)));
      if (std::find(lost_signals.begin(), lost_signals.end(), s.sent.signo) ==
          lost_signals.end()) {
        lost_signals.push_back(s.sent.signo);
      }
    }
  }
  std::vector<std::string> starved;  // lost signals the machine, not the init, decided
  for (int signo : lost_signals) {
    std::vector<const SentSignal*> lost;
    for (const Send& s : sends) {
      if (s.sent.signo == signo && !s.not_judged && !s.received_ns) lost.push_back(&s.sent);
    }
    if (auto why = StarvedForwarding(trace, *main_record, judge.exit_start(), *lost.front())) {
      starved.push_back(std::move(*why));
      continue;
    }
    verdict.violations.push_back(MakeViolation(
        main_name, trace.IndexOf(*main_record), lost.front()->t_ns,
        {{lost.front()->t_ns, trace.IndexOf(*main_record), Explain(trace, *main_record, judge, lost)}}));
  }
  if (!verdict.violations.empty()) verdict.value = VerdictValue::kViolated;
  if (verdict.violations.empty() && !starved.empty()) {
    return UnknownVerdict(kSignalForwardingId, fmt::format("{}", fmt::join(starved, "; ")));
  }

  verdict.note = judged.empty() ? "nothing to judge: no send could be judged"
                                : fmt::format("judged: {}", fmt::join(judged, "; "));
  if (!not_judged.empty()) {
    verdict.note += fmt::format("; not judged: {}", fmt::join(not_judged, "; "));
  }
  if (!starved.empty()) verdict.note += fmt::format("; not counted: {}", fmt::join(starved, "; "));
  return verdict;
}

}  // namespace initcheck
