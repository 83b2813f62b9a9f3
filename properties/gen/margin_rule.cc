#include "properties/gen/margin_rule.h"

#include <cstdlib>
#include <map>

#include <fmt/core.h>

#include "harness/model/signal_defaults.h"
#include "harness/model/scenario_validation.h"
#include "harness/model/signal_names.h"
#include "properties/ideal_finish.h"
#include "properties/signal_forwarding.h"

namespace initcheck {
namespace {
constexpr int Q = kQuantumMs;
}  // namespace

std::vector<SignalSend> SignalSends(const Scenario& s) {
  std::set<SignalSend> sends;
  if (s.stop) sends.insert({s.stop->at_ms, s.stop->signal, true});
  for (const auto& x : s.signals) sends.insert({x.at_ms, x.signal, false});
  return {sends.begin(), sends.end()};
}

std::string DescribeEnd(const PossibleEnd& e) {
  if (e.killed_by) return fmt::format("die by {} at {} ms", SignalName(e.killed_by), e.at_ms);
  return fmt::format("end at {} ms", e.at_ms);
}

bool Reaches(const ProcessSpec& node, int signo) {
  return IsUncatchable(signo) || !node.Blocks(signo);
}

Ends EndsOf(const ProcessSpec& node, const std::vector<SignalSend>& sends,
            const std::vector<const Ends*>& waited_children) {
  Ends out;
  if (node.exit_after_ms) out.insert({*node.exit_after_ms, 0});
  for (const auto& send : sends) {
    if (!Reaches(node, send.signo)) continue;
    const Disposition d =
        IsUncatchable(send.signo) ? Disposition{} : node.DispositionFor(send.signo);
    switch (d.action) {
      case SignalAction::kExit:
        out.insert({send.at_ms + d.after_ms, 0});
        break;
      case SignalAction::kForward:
        out.insert({send.at_ms + d.after_ms, 0});
        for (const Ends* child : waited_children) {
          for (const auto& e : *child) {
            if (e.at_ms > send.at_ms) out.insert({e.at_ms + d.after_ms, 0});
          }
        }
        break;
      case SignalAction::kDefault:
        if (DefaultActionOf(send.signo) == DefaultAction::kTerminate) {
          out.insert({send.at_ms, send.signo});
        }
        break;
      case SignalAction::kIgnore:
      case SignalAction::kRecord:
        break;
    }
  }
  return out;
}


bool FitsAmongSends(int at_ms, int signo, const std::map<int, int>& sent_at, std::optional<int> deadline_ms) {
  for (const auto& [t, other] : sent_at) {
    if (other == signo) continue;
    if (t == at_ms || std::abs(t - (at_ms + kForwardWindowMs)) < kMarginMs ||
        std::abs(at_ms - (t + kForwardWindowMs)) < kMarginMs) {
      return false;
    }
  }
  return !deadline_ms || (at_ms + kMarginMs <= *deadline_ms &&
                          std::abs(at_ms + kForwardWindowMs - *deadline_ms) >= kMarginMs);
}

std::optional<std::string> ClashWithFixed(const PossibleEnd& e, const std::string& who,
                                          const FixedInstants& fixed) {
  if (fixed.deadline_ms && std::abs(e.at_ms - *fixed.deadline_ms) < kMarginMs) {
    return fmt::format("M3: {} may {}, within {} ms of the deadline at {} ms", who,
                       DescribeEnd(e), kMarginMs, *fixed.deadline_ms);
  }
  for (const auto& send : fixed.sends) {
    if (e.killed_by == send.signo && e.at_ms == send.at_ms) continue;
    if (std::abs(e.at_ms - send.at_ms) < kMarginMs) {
      return fmt::format("M5: {} may {}, within {} ms of {} sent at {} ms", who, DescribeEnd(e),
                         kMarginMs, SignalName(send.signo), send.at_ms);
    }
  }
  return std::nullopt;
}

bool EndsClash(const PossibleEnd& a, const PossibleEnd& b, bool one_is_main) {
  if (!one_is_main && a.killed_by && a.killed_by == b.killed_by && a.at_ms == b.at_ms) return false;
  return std::abs(a.at_ms - b.at_ms) < kMarginMs;
}

namespace {

// Fills ends for node and its subtree; returns node's.
const Ends& TreeEnds(const ProcessSpec& node, const std::vector<SignalSend>& sends,
                     std::map<const ProcessSpec*, Ends>& ends) {
  std::vector<const Ends*> waited;
  for (const auto& child : node.children) {
    const Ends& e = TreeEnds(child, sends, ends);
    if (!child.daemonize) waited.push_back(&e);
  }
  return ends[&node] = EndsOf(node, sends, waited);
}

}  // namespace

std::optional<std::string> MarginViolation(const Scenario& s) {
  // M1: durations on the quantum grid.
  auto off_grid = [](int ms, int floor, const std::string& what) -> std::optional<std::string> {
    if (ms % Q != 0 || ms < floor) {
      return fmt::format("M1: {} is {} ms; durations must be multiples of {} ms{}", what, ms, Q,
                         floor > 0 ? fmt::format(", at least {} ms", floor) : "");
    }
    return std::nullopt;
  };
  std::optional<std::string> bad;
  if (s.stop) {
    if ((bad = off_grid(s.stop->at_ms, 0, "stop.at_ms"))) return bad;
    if ((bad = off_grid(s.stop->grace_ms, Q, "stop.grace_ms"))) return bad;
  }
  for (size_t i = 0; i < s.signals.size(); ++i) {
    if ((bad = off_grid(s.signals[i].at_ms, 0, fmt::format("signals[{}].at_ms", i)))) return bad;
  }
  const std::vector<NodeRef> nodes = Flatten(s);
  for (const auto& ref : nodes) {
    const ProcessSpec& p = *ref.spec;
    for (const auto& [signo, d] : p.on_signal) {
      if (d.action != SignalAction::kExit && d.action != SignalAction::kForward) continue;
      std::string what = fmt::format("{}'s after_ms for {}", p.name, SignalName(signo));
      if ((bad = off_grid(d.after_ms, Q, what))) return bad;
    }
    if (p.exit_after_ms) {
      if ((bad = off_grid(*p.exit_after_ms, Q, p.name + "'s exit_after_ms"))) return bad;
    }
  }

  // M2: one signal at a time; extras clear of the stop and the deadline.
  const std::vector<SignalSend> sends = SignalSends(s);
  for (size_t i = 1; i < sends.size(); ++i) {
    if (sends[i].at_ms == sends[i - 1].at_ms && sends[i].signo == sends[i - 1].signo) {
      return fmt::format("M2: an extra {} is sent at the stop time, {} ms", SignalName(sends[i].signo),
                         sends[i].at_ms);
    }
    if (sends[i].at_ms == sends[i - 1].at_ms) {
      return fmt::format("M2: {} and {} are both sent at {} ms", SignalName(sends[i - 1].signo),
                         SignalName(sends[i].signo), sends[i].at_ms);
    }
  }
  if (s.stop) {
    for (const auto& x : s.signals) {
      if (std::abs(x.at_ms - s.stop->DeadlineMs()) < kMarginMs) {
        return fmt::format("M2: {} at {} ms is within {} ms of the deadline at {} ms",
                           SignalName(x.signal), x.at_ms, kMarginMs, s.stop->DeadlineMs());
      }
    }
  }
  for (const auto& a : sends) {
    const int window_end = a.at_ms + kForwardWindowMs;
    if (s.stop && std::abs(window_end - s.stop->DeadlineMs()) < kMarginMs) {
      return fmt::format("M2: the forwarding window of {} sent at {} ms ends at {} ms, within {} ms of the "
                         "deadline at {} ms",
                         SignalName(a.signo), a.at_ms, window_end, kMarginMs, s.stop->DeadlineMs());
    }
    for (const auto& b : sends) {
      if (b.signo != a.signo && std::abs(b.at_ms - window_end) < kMarginMs) {
        return fmt::format("M2: {} at {} ms is within {} ms of the end of the forwarding window of {} sent at "
                           "{} ms ({} ms)",
                           SignalName(b.signo), b.at_ms, kMarginMs, SignalName(a.signo), a.at_ms, window_end);
      }
    }
  }

  // M6: whoever can be stopped does nothing timed of its own.
  for (const auto& send : sends) {
    if (DefaultActionOf(send.signo) != DefaultAction::kStop) continue;
    for (const auto& ref : nodes) {
      const ProcessSpec& p = *ref.spec;
      if (!Reaches(p, send.signo) ||
          (!IsUncatchable(send.signo) && p.DispositionFor(send.signo).action != SignalAction::kDefault)) {
        continue;
      }
      if (p.exit_after_ms) {
        return fmt::format("M6: {} at {} ms may stop {}, which has exit_after_ms", SignalName(send.signo),
                           send.at_ms, p.name);
      }
      for (const auto& other : sends) {
        if (Reaches(p, other.signo) && CleansUpAndExits(p.DispositionFor(other.signo).action)) {
          return fmt::format("M6: {} at {} ms may stop {}, which cleans up on {}", SignalName(send.signo),
                             send.at_ms, p.name, SignalName(other.signo));
        }
      }
    }
  }

  // M7: with no stop, everything ends by itself.
  if (!s.stop) {
    for (const auto& ref : nodes) {
      if (!ref.spec->exit_after_ms) {
        return fmt::format("M7: the scenario has no stop and {} has no exit_after_ms",
                           ref.spec->name);
      }
    }
  }

  // M3..M5 over the possible ends, the ideal finishes among them.
  std::map<const ProcessSpec*, Ends> ends;
  TreeEnds(s.main, sends, ends);
  const std::vector<IdealFinish> ideal = ComputeIdealFinish(s);
  for (size_t i = 0; i < nodes.size() && i < ideal.size(); ++i) {
    if (!ideal[i].at_ms) continue;
    const int killed_by = ideal[i].basis == FinishBasis::kDefaultAction ? s.stop->signal : 0;
    ends[nodes[i].spec].insert({*ideal[i].at_ms, killed_by});
  }
  const FixedInstants fixed{s.stop ? std::optional<int>(s.stop->DeadlineMs()) : std::nullopt,
                            sends};
  for (const auto& ref : nodes) {
    for (const auto& e : ends[ref.spec]) {
      if (auto clash = ClashWithFixed(e, ref.spec->name, fixed)) return clash;
    }
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    for (size_t j = i + 1; j < nodes.size(); ++j) {
      for (const auto& a : ends[nodes[i].spec]) {
        for (const auto& b : ends[nodes[j].spec]) {
          if (EndsClash(a, b, /*one_is_main=*/i == 0)) {
            return fmt::format("M4: {} may {}, and {} may {}: less than {} ms apart",
                               nodes[i].spec->name, DescribeEnd(a), nodes[j].spec->name,
                               DescribeEnd(b), kMarginMs);
          }
        }
      }
    }
  }
  return std::nullopt;
}

bool KeepsMargins(const Scenario& s) { return !MarginViolation(s); }

}  // namespace initcheck
