#include "properties/gen/scenario_gen.h"

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "harness/codec/scenario_json.h"
#include "harness/model/signal_names.h"
#include "properties/ideal_finish.h"
#include "harness/model/signal_defaults.h"

namespace initcheck {
namespace {

constexpr int Q = kQuantumMs;

// ---------------------------------------------------------------------------
// The instants the margin rule compares (see the header).

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

std::vector<SignalSend> SignalSends(const Scenario& s) {
  std::set<SignalSend> sends;
  if (s.stop) sends.insert({s.stop->at_ms, s.stop->signal, true});
  for (const auto& x : s.signals) sends.insert({x.at_ms, x.signal, false});
  return {sends.begin(), sends.end()};
}

// A time at which a process may end.
struct PossibleEnd {
  int at_ms;
  int killed_by;  // the signal sent at at_ms whose default action kills it; 0: it exits by itself

  bool operator<(const PossibleEnd& o) const {
    return std::tie(at_ms, killed_by) < std::tie(o.at_ms, o.killed_by);
  }
};

using Ends = std::set<PossibleEnd>;

std::string DescribeEnd(const PossibleEnd& e) {
  if (e.killed_by) return fmt::format("die by {} at {} ms", SignalName(e.killed_by), e.at_ms);
  return fmt::format("end at {} ms", e.at_ms);
}

bool Reaches(const ProcessSpec& node, int signo) {
  return IsUncatchable(signo) || !node.Blocks(signo);
}

// node's possible ends, given those of the children it waits for (the
// over-approximation the header defines).
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

// The instants every possible end is held away from.
struct FixedInstants {
  std::optional<int> deadline_ms;
  std::vector<SignalSend> sends;
};

// M3 and M5 for one end of process `who`.
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

// M4 for ends of two different processes. Two deaths by the same signal at
// the same instant decide nothing between themselves, unless one of them is
// main's: every init in the catalogue exits when main does, and the kernel's
// SIGKILL then races the other process's own death.
bool EndsClash(const PossibleEnd& a, const PossibleEnd& b, bool one_is_main) {
  if (!one_is_main && a.killed_by && a.killed_by == b.killed_by && a.at_ms == b.at_ms) return false;
  return std::abs(a.at_ms - b.at_ms) < kMarginMs;
}

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

int ClampedMaxProcesses(const ScenarioGenOptions& o) {
  return std::clamp(o.max_processes, 1, kGenMaxProcesses);
}
int ClampedMaxDepth(const ScenarioGenOptions& o) { return std::clamp(o.max_depth, 0, kGenMaxDepth); }

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
          auto it = signal_at.find(t);
          if (it != signal_at.end() && (it->second != signo || (s.stop && t == s.stop->at_ms))) {
            fits = false;
          }
          if (s.stop && t + kMarginMs > s.stop->DeadlineMs()) fits = false;
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
    for (int signo : extra_kinds) {
      // M6: no process may be stopped by a signal the schedule sends.
      const bool must = DefaultActionOf(signo) == DefaultAction::kStop && !p.Blocks(signo);
      if (must) {
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
    pending.exit_after = !s.stop || (options_.spontaneous_exits && draw_.Percent(15));
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

bool IsValid(const Scenario& s) {
  try {
    ValidateScenario(s);
    return true;
  } catch (const ScenarioError&) {
    return false;
  }
}

bool Acceptable(const Scenario& s, const ScenarioGenOptions& options) {
  return IsValid(s) && WithinGenLimits(s, options) && KeepsMargins(s);
}

// Used only if every attempt failed (never seen; kept so that generation
// cannot fail): main catches SIGTERM and cleans up for 100 ms.
Scenario FallbackScenario() {
  Scenario s;
  s.name = "generated";
  s.description = "drawn by properties/scenario_gen (fallback)";
  s.stop = StopProtocol{SIGTERM, 0, 1000};
  s.main.name = "main";
  s.main.on_signal[SIGTERM] = Disposition{SignalAction::kExit, 100, 0};
  return s;
}

Scenario GenerateScenario(const ScenarioGenOptions& options, const rc::Random& random, int size) {
  Generator generator(options, random, size);
  for (int attempt = 0; attempt < 20; ++attempt) {
    Scenario s = generator.Attempt();
    if (Acceptable(s, options)) return s;
  }
  return FallbackScenario();
}

// ---------------------------------------------------------------------------
// Shrinking.

// A node of a scenario being edited, with where it sits.
struct MutableRef {
  ProcessSpec* node;
  ProcessSpec* parent;  // nullptr for main
  size_t index;         // in parent->children
};

void CollectRefs(ProcessSpec& node, ProcessSpec* parent, size_t index,
                 std::vector<MutableRef>& out) {
  out.push_back({&node, parent, index});
  for (size_t i = 0; i < node.children.size(); ++i) {
    CollectRefs(node.children[i], &node, i, out);
  }
}

std::vector<MutableRef> Refs(Scenario& s) {
  std::vector<MutableRef> out;
  CollectRefs(s.main, nullptr, 0, out);
  return out;
}

// Shorter values for a duration: floor, half, one quantum less.
std::vector<int> Shorter(int ms, int floor) {
  std::vector<int> out;
  for (int c : {floor, (ms / 2) / Q * Q, ms - Q}) {
    if (c >= floor && c < ms && std::find(out.begin(), out.end(), c) == out.end()) {
      out.push_back(c);
    }
  }
  return out;
}

// The shrink candidates of one scenario as edits, applied (and filtered)
// lazily: RapidCheck stops at the first candidate that still fails, so most
// are never built.
using Edit = std::function<void(Scenario&)>;

class EditList {
 public:
  void Add(Edit edit) { edits_.push_back(std::move(edit)); }
  // An edit of the node node_index (depth-first).
  void AddForNode(size_t node_index, std::function<void(const MutableRef&)> edit) {
    edits_.push_back([node_index, edit = std::move(edit)](Scenario& c) { edit(Refs(c)[node_index]); });
  }
  std::vector<Edit> Take() { return std::move(edits_); }

 private:
  std::vector<Edit> edits_;
};

void AddNodeShrinks(size_t i, const ProcessSpec& node, EditList& out) {
  for (const auto& [signo, d] : node.on_signal) {
    const int sig = signo;
    out.AddForNode(i, [sig](const MutableRef& r) { r.node->on_signal.erase(sig); });
    if (d.action == SignalAction::kIgnore || d.action == SignalAction::kRecord) {
      out.AddForNode(i, [sig](const MutableRef& r) {
        r.node->on_signal[sig] = Disposition{SignalAction::kExit, Q, 0};
      });
    }
    if (d.action == SignalAction::kForward) {
      out.AddForNode(i, [sig](const MutableRef& r) {
        r.node->on_signal[sig].action = SignalAction::kExit;
      });
    }
    if (d.code != 0) {
      out.AddForNode(i, [sig](const MutableRef& r) { r.node->on_signal[sig].code = 0; });
    }
    if (d.action == SignalAction::kExit || d.action == SignalAction::kForward) {
      for (int ms : Shorter(d.after_ms, Q)) {
        out.AddForNode(i, [sig, ms](const MutableRef& r) { r.node->on_signal[sig].after_ms = ms; });
      }
    }
  }
  if (node.block.size() > 1) {
    out.AddForNode(i, [](const MutableRef& r) { r.node->block.clear(); });
  }
  for (size_t b = 0; b < node.block.size(); ++b) {
    out.AddForNode(i, [b](const MutableRef& r) {
      r.node->block.erase(r.node->block.begin() + static_cast<std::ptrdiff_t>(b));
    });
  }
  if (node.session != SessionMode::kInherit) {
    out.AddForNode(i, [](const MutableRef& r) { r.node->session = SessionMode::kInherit; });
  }
  if (node.daemonize) out.AddForNode(i, [](const MutableRef& r) { r.node->daemonize = false; });
  if (!node.reap) out.AddForNode(i, [](const MutableRef& r) { r.node->reap = true; });
  if (node.exit_after_ms) {
    out.AddForNode(i, [](const MutableRef& r) {
      r.node->exit_after_ms.reset();
      r.node->exit_code = 0;
    });
    if (node.exit_code != 0) out.AddForNode(i, [](const MutableRef& r) { r.node->exit_code = 0; });
    for (int ms : Shorter(*node.exit_after_ms, Q)) {
      out.AddForNode(i, [ms](const MutableRef& r) { r.node->exit_after_ms = ms; });
    }
  }
}

// Every shrink edit of s, in the order of the header's list. No two give the
// same scenario.
std::vector<Edit> ShrinkEdits(const Scenario& s) {
  EditList out;
  Scenario copy = s;
  const std::vector<MutableRef> refs = Refs(copy);  // for reading only

  // 1. every extra signal
  if (!s.signals.empty()) out.Add([](Scenario& c) { c.signals.clear(); });
  // 2. a process with its subtree
  for (size_t i = 1; i < refs.size(); ++i) {
    out.AddForNode(i, [](const MutableRef& r) {
      r.parent->children.erase(r.parent->children.begin() + static_cast<std::ptrdiff_t>(r.index));
    });
  }
  // 3. a process replaced by its children
  for (size_t i = 1; i < refs.size(); ++i) {
    if (refs[i].node->children.empty()) continue;
    out.AddForNode(i, [](const MutableRef& r) {
      std::vector<ProcessSpec> lifted = std::move(r.node->children);
      auto& siblings = r.parent->children;
      auto at = siblings.erase(siblings.begin() + static_cast<std::ptrdiff_t>(r.index));
      siblings.insert(at, std::make_move_iterator(lifted.begin()),
                      std::make_move_iterator(lifted.end()));
    });
  }
  // The copies of a burst give the same scenarios: only the first is edited.
  auto repeats_earlier = [&s](size_t k) {
    return std::find(s.signals.begin(), s.signals.begin() + static_cast<std::ptrdiff_t>(k),
                     s.signals[k]) != s.signals.begin() + static_cast<std::ptrdiff_t>(k);
  };
  // 4. one extra signal (when there are several: else 1. did it)
  for (size_t k = 0; s.signals.size() > 1 && k < s.signals.size(); ++k) {
    if (repeats_earlier(k)) continue;
    out.Add([k](Scenario& c) { c.signals.erase(c.signals.begin() + static_cast<std::ptrdiff_t>(k)); });
  }
  // 5. start
  if (s.start == StartMode::kRacy) out.Add([](Scenario& c) { c.start = StartMode::kReady; });
  // 6. the stop
  if (s.stop) {
    if (s.stop->signal != SIGTERM) out.Add([](Scenario& c) { c.stop->signal = SIGTERM; });
    for (int ms : Shorter(s.stop->at_ms, 0)) out.Add([ms](Scenario& c) { c.stop->at_ms = ms; });
    for (int ms : Shorter(s.stop->grace_ms, Q)) out.Add([ms](Scenario& c) { c.stop->grace_ms = ms; });
  }
  // 7. each process
  for (size_t i = 0; i < refs.size(); ++i) AddNodeShrinks(i, *refs[i].node, out);
  // 8. extra signal times
  for (size_t k = 0; k < s.signals.size(); ++k) {
    if (repeats_earlier(k)) continue;
    for (int ms : Shorter(s.signals[k].at_ms, 0)) {
      out.Add([k, ms](Scenario& c) { c.signals[k].at_ms = ms; });
    }
  }
  return out.Take();
}

// The shrinks of s, built and filtered as RapidCheck asks for them.
rc::Seq<Scenario> ShrinkSeq(const Scenario& s, const ScenarioGenOptions& options) {
  auto original = std::make_shared<const Scenario>(s);
  const int complexity = ScenarioComplexity(s);
  auto candidates = rc::seq::map(rc::seq::fromContainer(ShrinkEdits(s)), [original](const Edit& edit) {
    Scenario c = *original;
    edit(c);
    return c;
  });
  return rc::seq::filter(std::move(candidates), [original, options, complexity](const Scenario& c) {
    return !(c == *original) && ScenarioComplexity(c) < complexity && Acceptable(c, options);
  });
}

// Weights of ScenarioComplexity.
constexpr int kProcessWeight = 1000;
constexpr int kSignalWeight = 100;
constexpr int kFlagWeight = 10;
constexpr int kCodeWeight = 2;

int ActionWeight(SignalAction a) {
  switch (a) {
    case SignalAction::kDefault:
      return 5;
    case SignalAction::kExit:
      return 10;
    case SignalAction::kIgnore:
    case SignalAction::kRecord:
      return 20;
    case SignalAction::kForward:
      return 30;
  }
  return 30;
}

int NodeComplexity(const ProcessSpec& p) {
  int c = kProcessWeight;
  for (const auto& [signo, d] : p.on_signal) {
    c += ActionWeight(d.action) + d.after_ms / Q + (d.code != 0 ? kCodeWeight : 0);
  }
  c += kFlagWeight * static_cast<int>(p.block.size());
  if (p.session != SessionMode::kInherit) c += kFlagWeight;
  if (p.daemonize) c += kFlagWeight;
  if (!p.reap) c += kFlagWeight;
  if (p.exit_after_ms) c += kFlagWeight + *p.exit_after_ms / Q;
  if (p.exit_code != 0) c += kCodeWeight;
  for (const auto& child : p.children) c += NodeComplexity(child);
  return c;
}

}  // namespace

// ---------------------------------------------------------------------------
// Public API.

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

  // M6: nobody can be stopped.
  for (const auto& send : sends) {
    if (DefaultActionOf(send.signo) != DefaultAction::kStop) continue;
    for (const auto& ref : nodes) {
      const ProcessSpec& p = *ref.spec;
      if (Reaches(p, send.signo) &&
          (IsUncatchable(send.signo) || p.DispositionFor(send.signo).action == SignalAction::kDefault)) {
        return fmt::format("M6: {} at {} ms would stop {} (default action)",
                           SignalName(send.signo), send.at_ms, p.name);
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

bool WithinGenLimits(const Scenario& s, const ScenarioGenOptions& options) {
  const std::vector<NodeRef> nodes = Flatten(s);
  if (static_cast<int>(nodes.size()) > ClampedMaxProcesses(options)) return false;
  for (const auto& ref : nodes) {
    if (ref.depth > ClampedMaxDepth(options)) return false;
  }
  return true;
}

std::vector<Scenario> ScenarioShrinks(const Scenario& s, const ScenarioGenOptions& options) {
  std::vector<Scenario> out;
  auto seq = ShrinkSeq(s, options);
  while (auto next = seq.next()) out.push_back(std::move(*next));
  return out;
}

int ScenarioComplexity(const Scenario& s) {
  int c = NodeComplexity(s.main);
  for (const auto& x : s.signals) c += kSignalWeight + x.at_ms / Q;
  if (s.start == StartMode::kRacy) c += kFlagWeight;
  if (s.stop) {
    if (s.stop->signal != SIGTERM) c += kFlagWeight;
    c += s.stop->at_ms / Q + s.stop->grace_ms / Q;
  }
  return c;
}

rc::Gen<Scenario> GenScenario(const ScenarioGenOptions& options) {
  return rc::Gen<Scenario>([options](const rc::Random& random, int size) {
    return rc::shrinkable::shrinkRecur(GenerateScenario(options, random, size),
                                       [options](const Scenario& s) { return ShrinkSeq(s, options); });
  });
}

rc::Gen<ProcessSpec> GenProcessTree(const ScenarioGenOptions& options) {
  return rc::gen::map(GenScenario(options), [](Scenario s) { return std::move(s.main); });
}

void showValue(const Scenario& s, std::ostream& os) { os << ScenarioToJsonText(s); }

}  // namespace initcheck
