#include "properties/gen/scenario_shrink.h"

#include <algorithm>
#include <csignal>
#include <functional>
#include <memory>

#include "properties/gen/margin_rule.h"

namespace initcheck {
namespace {

constexpr int Q = kQuantumMs;

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

rc::Seq<Scenario> ScenarioShrinkSeq(const Scenario& s, const ScenarioGenOptions& options) {
  auto original = std::make_shared<const Scenario>(s);
  const int complexity = ScenarioComplexity(s);
  auto candidates = rc::seq::map(rc::seq::fromContainer(ShrinkEdits(s)), [original](const Edit& edit) {
    Scenario c = *original;
    edit(c);
    return c;
  });
  return rc::seq::filter(std::move(candidates), [original, options, complexity](const Scenario& c) {
    return !(c == *original) && ScenarioComplexity(c) < complexity && GenAcceptable(c, options);
  });
}

std::vector<Scenario> ScenarioShrinks(const Scenario& s, const ScenarioGenOptions& options) {
  std::vector<Scenario> out;
  auto seq = ScenarioShrinkSeq(s, options);
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

}  // namespace initcheck
