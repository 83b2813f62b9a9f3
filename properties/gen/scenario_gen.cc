#include "properties/gen/scenario_gen.h"

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <utility>

#include <fmt/core.h>

#include "harness/codec/scenario_json.h"
#include "harness/model/signal_defaults.h"
#include "harness/model/signal_names.h"
#include "properties/ideal_finish.h"

namespace initcheck {
namespace {

constexpr int Q = kQuantumMs;

// ---------------------------------------------------------------------------
// Random draws, from a copy of the caller's rc::Random: nothing global.

class Draw {
 public:
  explicit Draw(const rc::Random& random) : random_(random) {}

  // Uniform in [lo, hi].
  int Int(int lo, int hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<int>(random_.next() % static_cast<uint64_t>(hi - lo + 1));
  }

  bool Percent(int p) { return Int(0, 99) < p; }

  // A multiple of the quantum in [lo_ms, hi_ms].
  int Quanta(int lo_ms, int hi_ms) { return Q * Int((lo_ms + Q - 1) / Q, hi_ms / Q); }

  template <typename T>
  T Weighted(std::initializer_list<std::pair<int, T>> choices) {
    int total = 0;
    for (const auto& [w, v] : choices) total += w;
    int pick = Int(0, total - 1);
    for (const auto& [w, v] : choices) {
      if (pick < w) return v;
      pick -= w;
    }
    return choices.begin()->second;
  }

 private:
  rc::Random random_;
};

// ---------------------------------------------------------------------------
// Generation.

// Signals the generator gives dispositions for or blocks.
const std::vector<int>& DispositionPool() {
  static const std::vector<int> pool = {SIGHUP,  SIGINT,   SIGQUIT, SIGUSR1, SIGUSR2,
                                        SIGTERM, SIGWINCH, SIGCONT, SIGTSTP};
  return pool;
}

// A cleanup (exit/forward disposition) or spontaneous exit whose duration is
// chosen once the margins around it are known.
struct PendingCleanup {
  int signo;
  SignalAction action;
  int code;
};

struct PendingNode {
  std::vector<PendingCleanup> cleanups;
  bool exit_after = false;
};

class Generator {
 public:
  Generator(const ScenarioGenOptions& options, const rc::Random& random, int size)
      : options_(options), draw_(random), size_(std::clamp(size, 0, 100)) {}

  // One attempt; the caller checks the result.
  Scenario Attempt() {
    Scenario s;
    s.name = "generated";
    s.description = "drawn by properties/scenario_gen";
    s.main = DrawTree();
    DrawStop(s);
    if (options_.extra_signals) DrawExtraSignals(s);
    if (options_.racy_start && draw_.Percent(5)) s.start = StartMode::kRacy;
    fixed_ = {s.stop ? std::optional<int>(s.stop->DeadlineMs()) : std::nullopt, SignalSends(s)};
    DrawNodeFlags(s.main, /*is_main=*/true);
    pending_.clear();
    DrawDispositions(s, s.main);
    occupied_.clear();
    AssignTimes(s, s.main);
    return s;
  }

 private:
  // --- The tree: its shape, names in depth-first order.
  struct Shape {
    int depth;
    std::vector<int> kids;
  };

  ProcessSpec DrawTree() {
    const int max_depth = ClampedMaxDepth(options_);
    const int cap = max_depth == 0
                        ? 1
                        : 1 + ((ClampedMaxProcesses(options_) - 1) * size_ + 99) / 100;
    // Half the time anywhere up to the cap, half in its upper half: small
    // trees stay common without main alone being a fifth of a suite.
    const int count = draw_.Percent(50) ? draw_.Int(1, cap) : draw_.Int((cap + 1) / 2, cap);
    std::vector<Shape> shape = {{0, {}}};
    for (int i = 1; i < count; ++i) {
      std::vector<int> open;
      for (int j = 0; j < i; ++j) {
        if (shape[j].depth < max_depth) open.push_back(j);
      }
      // Often under the newest node, so that deep chains are common.
      int parent = (draw_.Percent(40) && shape.back().depth < max_depth)
                       ? i - 1
                       : open[draw_.Int(0, static_cast<int>(open.size()) - 1)];
      shape.push_back({shape[parent].depth + 1, {}});
      shape[parent].kids.push_back(i);
    }
    int named = 0;
    return BuildNode(shape, 0, named);
  }

  static ProcessSpec BuildNode(const std::vector<Shape>& shape, int index, int& named) {
    ProcessSpec p;
    p.name = index == 0 ? "main" : fmt::format("p{}", ++named);
    for (int kid : shape[index].kids) p.children.push_back(BuildNode(shape, kid, named));
    return p;
  }

  // --- The stop and the extra signals.
  void DrawStop(Scenario& s) {
    if (options_.allow_no_stop && draw_.Percent(6)) return;
    StopProtocol stop;
    switch (options_.stop_signals) {
      case StopSignals::kSigtermOnly: stop.signal = SIGTERM; break;
      case StopSignals::kConventional:
        stop.signal = draw_.Weighted<int>({{80, SIGTERM}, {10, SIGINT}, {10, SIGQUIT}});
        break;
      case StopSignals::kAny:
        stop.signal = draw_.Weighted<int>({{70, SIGTERM},
                                           {10, SIGINT},
                                           {8, SIGQUIT},
                                           {4, SIGHUP},
                                           {4, SIGUSR1},
                                           {2, SIGUSR2},
                                           {2, SIGWINCH}});
        break;
    }
    stop.at_ms = draw_.Quanta(0, 300);
    stop.grace_ms = draw_.Percent(75) ? draw_.Quanta(500, 1200) : draw_.Quanta(1250, 3000);
    s.stop = stop;
  }

  void DrawExtraSignals(Scenario& s) {
    if (!draw_.Percent(45)) return;
    const int groups = draw_.Int(1, std::min(4, 1 + size_ / 25));
    std::map<int, int> signal_at;  // time -> the one signal sent then (M2)
    if (s.stop) signal_at[s.stop->at_ms] = s.stop->signal;
    for (int g = 0; g < groups; ++g) {
      int signo = draw_.Weighted<int>({{22, SIGHUP},
                                       {18, SIGUSR1},
                                       {12, SIGUSR2},
                                       {15, SIGWINCH},
                                       {10, SIGCONT},
                                       {8, SIGTSTP},
                                       {15, 0}});
      if (signo == 0) signo = s.stop ? s.stop->signal : SIGHUP;  // a repeat of the stop signal
      const bool burst = draw_.Percent(25);
      const int copies = burst ? draw_.Int(2, 4) : 1;
      const bool spaced = burst && draw_.Percent(50);
      for (int attempt = 0; attempt < 8; ++attempt) {
        const int start = DrawSignalTime(s);
        std::vector<int> times;
        for (int c = 0; c < copies; ++c) times.push_back(start + (spaced ? c * Q : 0));
        bool fits = true;
        for (int t : times) {
          if (s.stop && t == s.stop->at_ms) fits = false;  // M2: nothing at the stop's time
          if (!FitsAmongSends(t, signo, signal_at, s.stop ? std::optional(s.stop->DeadlineMs()) : std::nullopt)) {
            fits = false;
          }
        }
        if (!fits) continue;
        for (int t : times) {
          signal_at[t] = signo;
          s.signals.push_back({t, signo});
        }
        break;
      }
    }
    std::stable_sort(s.signals.begin(), s.signals.end(),
                     [](const ScheduledSignal& a, const ScheduledSignal& b) { return a.at_ms < b.at_ms; });
  }

  // Before the stop, or inside the stop window (mostly), or anywhere in the
  // first second when there is no stop.
  int DrawSignalTime(const Scenario& s) {
    if (!s.stop) return draw_.Quanta(0, 1000);
    const int t = s.stop->at_ms;
    if (t >= Q && draw_.Percent(35)) return draw_.Quanta(0, t - Q);
    return draw_.Quanta(t + Q, std::min(s.stop->DeadlineMs() - Q, t + 1000));
  }

  // --- Per-process flags.
  void DrawNodeFlags(ProcessSpec& p, bool is_main) {
    // main's group and session are the init's to choose: tini and dumb-init
    // make it a group leader, and a group leader cannot setsid().
    if (options_.sessions && !is_main) {
      p.session = draw_.Weighted<SessionMode>({{60, SessionMode::kInherit},
                                               {20, SessionMode::kNewGroup},
                                               {20, SessionMode::kNewSession}});
    }
    if (!is_main && options_.daemons) p.daemonize = draw_.Percent(15);
    if (options_.unreaped) p.reap = !draw_.Percent(p.children.empty() ? 3 : 15);
    if (options_.blocking && draw_.Percent(12)) {
      const int n = draw_.Int(1, 2);
      for (int i = 0; i < n; ++i) {
        const auto& pool = DispositionPool();
        int signo = pool[draw_.Int(0, static_cast<int>(pool.size()) - 1)];
        if (!p.Blocks(signo)) p.block.push_back(signo);
      }
    }
    for (auto& child : p.children) DrawNodeFlags(child, false);
  }

  // --- Dispositions; the durations of cleanups come later (AssignTimes).
  int DrawCode() {
    if (draw_.Percent(70)) return 0;
    return draw_.Percent(67) ? draw_.Int(1, 3) : draw_.Int(0, 255);
  }

  void DrawDispositions(const Scenario& s, ProcessSpec& p) {
    PendingNode& pending = pending_[&p];
    bool waits_for_children = false;
    for (const auto& c : p.children) waits_for_children = waits_for_children || !c.daemonize;

    const int stop_signal = s.stop ? s.stop->signal : SIGTERM;
    SetAction(p, pending, stop_signal,
              draw_.Weighted<SignalAction>({{18, SignalAction::kDefault},
                                            {7, SignalAction::kIgnore},
                                            {45, SignalAction::kExit},
                                            {7, SignalAction::kRecord},
                                            {waits_for_children ? 23 : 5, SignalAction::kForward}}));
    std::set<int> extra_kinds;
    for (const auto& x : s.signals) extra_kinds.insert(x.signal);
    extra_kinds.erase(stop_signal);
    // M6: a process a sent signal may stop does nothing timed of its own;
    // one that cleans up on the stop signal must catch every stopping one.
    bool stoppable = false;
    for (int signo : extra_kinds) {
      const bool stops = DefaultActionOf(signo) == DefaultAction::kStop && !p.Blocks(signo);
      if (stops && s.stop && (stoppable || (pending.cleanups.empty() && draw_.Percent(25)))) {
        stoppable = true;  // left at the default: no-process-left-stopped judges what becomes of it
        continue;
      }
      if (stops) {
        SetAction(p, pending, signo,
                  draw_.Weighted<SignalAction>({{45, SignalAction::kRecord},
                                                {25, SignalAction::kIgnore},
                                                {30, SignalAction::kExit}}));
      } else if (draw_.Percent(45)) {
        SetAction(p, pending, signo,
                  draw_.Weighted<SignalAction>({{35, SignalAction::kRecord},
                                                {20, SignalAction::kIgnore},
                                                {25, SignalAction::kExit},
                                                {10, SignalAction::kDefault},
                                                {10, SignalAction::kForward}}));
      }
    }
    // A stoppable process keeps no cleanup drawn for a signal met after the
    // stopping one was left at its default.
    if (stoppable) {
      for (const PendingCleanup& c : pending.cleanups) p.on_signal[c.signo] = Disposition{SignalAction::kRecord, 0, 0};
      pending.cleanups.clear();
    }
    // Now and then a disposition for a signal nobody sends: it never acts,
    // but the format allows it and the init may still send it.
    if (draw_.Percent(8)) {
      std::vector<int> unsent;
      for (int signo : DispositionPool()) {
        if (signo != stop_signal && !extra_kinds.count(signo) && !p.on_signal.count(signo)) {
          unsent.push_back(signo);
        }
      }
      if (!unsent.empty()) {
        int signo = unsent[draw_.Int(0, static_cast<int>(unsent.size()) - 1)];
        SignalAction a = draw_.Weighted<SignalAction>(
            {{40, SignalAction::kRecord}, {30, SignalAction::kIgnore}, {30, SignalAction::kExit}});
        p.on_signal[signo] = a == SignalAction::kExit
                                 ? Disposition{a, draw_.Quanta(Q, 500), DrawCode()}
                                 : Disposition{a, 0, 0};
      }
    }
    pending.exit_after = !stoppable && (!s.stop || (options_.spontaneous_exits && draw_.Percent(15)));
    for (auto& child : p.children) DrawDispositions(s, child);
  }

  void SetAction(ProcessSpec& p, PendingNode& pending, int signo, SignalAction action) {
    switch (action) {
      case SignalAction::kDefault:
        if (draw_.Percent(50)) p.on_signal[signo] = Disposition{};  // explicit "default"
        return;
      case SignalAction::kIgnore:
      case SignalAction::kRecord:
        p.on_signal[signo] = Disposition{action, 0, 0};
        return;
      case SignalAction::kExit:
      case SignalAction::kForward:
        pending.cleanups.push_back({signo, action, DrawCode()});
        return;
    }
  }

  // --- Durations, children first (a forward's ends follow its children's),
  // each chosen so that the process's possible ends keep the margins against
  // the fixed instants and against every process already timed.
  const Ends& AssignTimes(const Scenario& s, ProcessSpec& p) {
    std::vector<const Ends*> waited;
    for (auto& child : p.children) {
      const Ends& e = AssignTimes(s, child);
      if (!child.daemonize) waited.push_back(&e);
    }
    const PendingNode& pending = pending_[&p];
    auto fits = [&] {
      for (const auto& e : EndsOf(p, fixed_.sends, waited)) {
        if (ClashWithFixed(e, p.name, fixed_)) return false;
        for (const auto& [owner, ends] : occupied_) {
          for (const auto& other : ends) {
            if (EndsClash(e, other, &p == &s.main || owner == &s.main)) return false;
          }
        }
      }
      return true;
    };
    const int stop_signal = s.stop ? s.stop->signal : SIGTERM;
    for (const auto& c : pending.cleanups) {
      int drawn;
      int lo = Q, hi;
      if (c.action == SignalAction::kForward) {
        drawn = draw_.Quanta(Q, 300);
        hi = 500;
      } else if (c.signo == stop_signal) {
        drawn = draw_.Percent(70) ? draw_.Quanta(Q, 400) : draw_.Quanta(450, 1000);
        hi = 1000;
      } else {
        drawn = draw_.Quanta(Q, 600);
        hi = 1000;
      }
      const bool found = Choose(drawn, lo, hi, [&](int ms) {
        p.on_signal[c.signo] = Disposition{c.action, ms, c.code};
        return fits();
      });
      // No room: keep the catch but without a cleanup to time.
      if (!found) p.on_signal[c.signo] = Disposition{SignalAction::kRecord, 0, 0};
    }
    if (pending.exit_after) {
      const int code = DrawCode();
      const int drawn = s.stop ? draw_.Quanta(Q, 1500) : draw_.Quanta(Q, 1000);
      const int hi = s.stop ? 2000 : 4000;
      const bool found = Choose(drawn, Q, hi, [&](int ms) {
        p.exit_after_ms = ms;
        p.exit_code = code;
        return fits();
      });
      if (!found) {  // with no stop this breaks M7: the caller retries
        p.exit_after_ms.reset();
        p.exit_code = 0;
      }
    }
    Ends& mine = occupied_[&p];
    mine = EndsOf(p, fixed_.sends, waited);
    return mine;
  }

  // The first value that fits: the drawn one, a few more draws, then every
  // multiple of the quantum from the drawn one upward, wrapping around.
  bool Choose(int drawn, int lo, int hi, const std::function<bool(int)>& try_value) {
    if (try_value(drawn)) return true;
    for (int i = 0; i < 4; ++i) {
      if (try_value(draw_.Quanta(lo, hi))) return true;
    }
    const int slots = (hi - lo) / Q + 1;
    const int first = (std::clamp(drawn, lo, hi) - lo) / Q;
    for (int i = 1; i < slots; ++i) {
      if (try_value(lo + ((first + i) % slots) * Q)) return true;
    }
    return false;
  }

  const ScenarioGenOptions& options_;
  Draw draw_;
  int size_;
  FixedInstants fixed_;
  std::map<const ProcessSpec*, PendingNode> pending_;
  std::map<const ProcessSpec*, Ends> occupied_;
};

Scenario GenerateScenario(const ScenarioGenOptions& options, const rc::Random& random, int size) {
  Generator generator(options, random, size);
  for (int attempt = 0; attempt < 20; ++attempt) {
    Scenario s = generator.Attempt();
    if (GenAcceptable(s, options)) return s;
  }
  // Only if every attempt failed (never seen): generation cannot fail.
  return FallbackScenario("generated", "drawn by properties/scenario_gen (fallback)");
}

}  // namespace

rc::Gen<Scenario> GenScenario(const ScenarioGenOptions& options) {
  return rc::Gen<Scenario>([options](const rc::Random& random, int size) {
    return rc::shrinkable::shrinkRecur(GenerateScenario(options, random, size),
                                       [options](const Scenario& s) { return ScenarioShrinkSeq(s, options); });
  });
}

void showValue(const Scenario& s, std::ostream& os) { os << ScenarioToJsonText(s); }

}  // namespace initcheck
