#include "properties/ideal_finish.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <csignal>
#include <map>

#include "harness/model/signal_names.h"
#include "harness/model/signal_defaults.h"

namespace initcheck {
namespace {

// Blocks() is meaningless for SIGKILL and SIGSTOP: the kernel never blocks them.
bool EffectivelyBlocks(const ProcessSpec& node, int signo) {
  return !IsUncatchable(signo) && node.Blocks(signo);
}

// The disposition the kernel will actually apply.
Disposition EffectiveDisposition(const ProcessSpec& node, int signo) {
  if (IsUncatchable(signo)) return Disposition{};
  return node.DispositionFor(signo);
}

class IdealFinishCalculator {
 public:
  IdealFinishCalculator(const Scenario& scenario, const InitPromises& promises)
      : scenario_(scenario), promises_(promises) {}

  const IdealFinish& Of(const ProcessSpec& node) {
    auto it = memo_.find(&node);
    if (it != memo_.end()) return it->second;
    IdealFinish finish = Compute(node);
    return memo_.emplace(&node, std::move(finish)).first->second;
  }

 private:
  struct Candidate {
    FinishBasis basis;
    int at_ms;
    std::string how;
    std::optional<std::string> caveat;  // a forward inherits its children's
  };

  IdealFinish Compute(const ProcessSpec& node) {
    std::vector<Candidate> candidates;
    std::vector<std::string> never;  // why the stop signal does not end it

    if (node.exit_after_ms) {
      candidates.push_back({FinishBasis::kExitAfter, *node.exit_after_ms,
                            node.exit_signal ? fmt::format("was due to deal itself {} at {} ms",
                                                           SignalName(*node.exit_signal), *node.exit_after_ms)
                                             : fmt::format("was due to exit by itself at {} ms", *node.exit_after_ms),
                            std::nullopt});
    }
    if (node.exit_with_children) {
      std::vector<std::string> ignored;  // the stop signal's own reasons are what a person needs
      if (auto done = LastChildDone(node, 0, "waits", ignored)) {
        candidates.push_back({FinishBasis::kExitAfter, done->at_ms,
                              fmt::format("was due to exit once its children had (the last by {} ms)", done->at_ms),
                              done->caveat});
      }
    }
    if (scenario_.stop) {
      FromStopSignal(node, *scenario_.stop, candidates, never);
    } else if (!node.exit_after_ms) {
      never.push_back("has no exit_after_ms and the scenario has no stop");
    }

    IdealFinish finish;
    finish.node = node.name;
    if (candidates.empty()) {
      finish.basis = FinishBasis::kNever;
      finish.how = never.empty() ? "never ends by itself" : fmt::format("{}", fmt::join(never, "; "));
      return finish;
    }
    // Earliest wins; on a tie, the order pushed (exit_after_ms first).
    const Candidate& best = *std::min_element(
        candidates.begin(), candidates.end(),
        [](const Candidate& a, const Candidate& b) { return a.at_ms < b.at_ms; });
    finish.basis = best.basis;
    finish.at_ms = best.at_ms;
    finish.how = best.how;
    finish.caveat = best.caveat;
    if (!finish.caveat) finish.caveat = RacyStartCaveat(finish.basis);
    if (!finish.caveat) finish.caveat = ExtraSignalCaveat(node, finish);
    return finish;
  }

  void FromStopSignal(const ProcessSpec& node, const StopProtocol& stop,
                      std::vector<Candidate>& candidates, std::vector<std::string>& never) {
    // What the init promises to deliver for the stop (dumb-init -r 15:3:
    // SIGQUIT) is what an ideal init of that kind delivers.
    const int sig = promises_.Arrives(stop.signal);
    if (sig == 0) {
      never.push_back(fmt::format("the init promises to pass {} on to no one", SignalName(stop.signal)));
      return;
    }
    const std::string name = SignalName(sig);
    if (sig == SIGKILL) {
      never.push_back("the stop signal is SIGKILL, which ends no process gracefully");
      return;
    }
    if (EffectivelyBlocks(node, sig)) {
      never.push_back(fmt::format("blocks {}", name));
      return;
    }
    const Disposition d = EffectiveDisposition(node, sig);
    switch (d.action) {
      case SignalAction::kExit:
        if (d.deferred) {
          FromWaitingForChildren(node, stop.at_ms, name, d, candidates, never);
          return;
        }
        candidates.push_back({FinishBasis::kCleanup, stop.at_ms + d.after_ms,
                              fmt::format("needed {} ms of cleanup after {} at {} ms", d.after_ms,
                                          name, stop.at_ms),
                              std::nullopt});
        return;
      case SignalAction::kForward:
        FromWaitingForChildren(node, stop.at_ms, name, d, candidates, never);
        return;
      case SignalAction::kDefault:
        switch (DefaultActionOf(sig)) {
          case DefaultAction::kTerminate:
            candidates.push_back(
                {FinishBasis::kDefaultAction, stop.at_ms,
                 fmt::format("would be killed by {}'s default action at {} ms", name, stop.at_ms),
                 std::nullopt});
            return;
          case DefaultAction::kIgnore:
            never.push_back(fmt::format("{}'s default action ignores it", name));
            return;
          case DefaultAction::kStop:
            never.push_back(fmt::format("{}'s default action stops it", name));
            return;
        }
        return;
      case SignalAction::kIgnore:
        never.push_back(fmt::format("ignores {}", name));
        return;
      case SignalAction::kRecord:
        never.push_back(fmt::format("records {} and keeps running", name));
        return;
    }
  }

  // When the last child node waits for (not a daemon: reparented to PID 1)
  // is done, no earlier than from_ms, and the first caveat among them; or,
  // in never, why not: waiting, it "forwards SIGTERM and waits" for a child
  // that never ends.
  struct ChildrenDone {
    int at_ms;
    std::optional<std::string> caveat;
  };
  std::optional<ChildrenDone> LastChildDone(const ProcessSpec& node, int from_ms, const std::string& waiting,
                                            std::vector<std::string>& never) {
    ChildrenDone done{from_ms, std::nullopt};
    for (const auto& child : node.children) {
      if (child.daemonize) continue;
      const IdealFinish& c = Of(child);
      if (!c.at_ms) {
        never.push_back(fmt::format("{} for its child {}, which never ends ({})", waiting, child.name, c.how));
        return std::nullopt;
      }
      done.at_ms = std::max(done.at_ms, *c.at_ms);
      if (c.caveat && !done.caveat) done.caveat = fmt::format("it waits for its child {}: {}", child.name, *c.caveat);
    }
    return done;
  }

  // A forward, or a deferred trap: the cleanup waits for the children. name
  // is the stop signal as it arrives at stop_ms.
  void FromWaitingForChildren(const ProcessSpec& node, int stop_ms, const std::string& name, const Disposition& d,
                              std::vector<Candidate>& candidates, std::vector<std::string>& never) {
    const bool forwards = d.action == SignalAction::kForward;
    const std::optional<ChildrenDone> done = LastChildDone(
        node, stop_ms,
        forwards ? fmt::format("forwards {} and waits", name) : fmt::format("defers its {} trap and waits", name), never);
    if (!done) return;
    const std::string how =
        forwards ? fmt::format("forwarded {} at {} ms, waited for its children (the last done by {} ms), then needed "
                               "{} ms of cleanup",
                               name, stop_ms, done->at_ms, d.after_ms)
                 : fmt::format("got {} at {} ms, deferred its trap until its children ended (the last by {} ms), "
                               "then needed {} ms of cleanup",
                               name, stop_ms, done->at_ms, d.after_ms);
    candidates.push_back(
        {forwards ? FinishBasis::kForward : FinishBasis::kCleanup, done->at_ms + d.after_ms, how, done->caveat});
  }

  std::optional<std::string> RacyStartCaveat(FinishBasis basis) const {
    if (scenario_.start != StartMode::kRacy) return std::nullopt;
    if (basis == FinishBasis::kExitAfter || basis == FinishBasis::kNever) return std::nullopt;
    return std::string(
        "start is racy: the stop signal may reach it before it installed its dispositions or "
        "was forked");
  }

  // An extra signal that may reach the node before its shutdown began, and
  // then delay or prevent the finish the ideal assumed.
  std::optional<std::string> ExtraSignalCaveat(const ProcessSpec& node,
                                               const IdealFinish& finish) const {
    if (!finish.at_ms) return std::nullopt;
    // Before this time the ideal shutdown has not begun: a cleanup the extra
    // signal starts then is the one that counts.
    const int shutdown_begins_ms =
        finish.basis == FinishBasis::kExitAfter ? *finish.at_ms - 1 : scenario_.stop->at_ms;
    for (const auto& extra : scenario_.signals) {
      if (extra.at_ms > shutdown_begins_ms) continue;
      if (!extra.to.empty() && extra.to != node.name) continue;  // aimed at another process
      if (EffectivelyBlocks(node, extra.signal)) continue;
      const std::string name = SignalName(extra.signal);
      if (extra.signal == SIGKILL) {
        return fmt::format("{} at {} ms may kill it", name, extra.at_ms);
      }
      const Disposition d = EffectiveDisposition(node, extra.signal);
      switch (d.action) {
        case SignalAction::kExit:
          if (extra.at_ms + d.after_ms > *finish.at_ms) {
            return fmt::format(
                "{} at {} ms may start its {} ms cleanup first (done by {} ms), which a later "
                "signal does not restart",
                name, extra.at_ms, d.after_ms, extra.at_ms + d.after_ms);
          }
          break;
        case SignalAction::kForward:
          return fmt::format("{} at {} ms may start a forward and cleanup first, which a later "
                             "signal does not restart",
                             name, extra.at_ms);
        case SignalAction::kDefault:
          if (DefaultActionOf(extra.signal) == DefaultAction::kStop) {
            return fmt::format("{} at {} ms may stop it (default action)", name, extra.at_ms);
          }
          break;  // terminate: killed by a catchable signal, an accepted end
        case SignalAction::kIgnore:
        case SignalAction::kRecord:
          break;
      }
    }
    return std::nullopt;
  }

  const Scenario& scenario_;
  const InitPromises& promises_;
  std::map<const ProcessSpec*, IdealFinish> memo_;
};

}  // namespace

std::vector<IdealFinish> ComputeIdealFinish(const Scenario& scenario, const InitPromises& promises) {
  IdealFinishCalculator calculator(scenario, promises);
  std::vector<IdealFinish> out;
  for (const auto& ref : Flatten(scenario)) out.push_back(calculator.Of(*ref.spec));
  return out;
}

const IdealFinish* FindIdealFinish(const std::vector<IdealFinish>& finishes,
                                   const std::string& node) {
  for (const auto& f : finishes) {
    if (f.node == node) return &f;
  }
  return nullptr;
}

}  // namespace initcheck
