#include "properties/gen/scenario_bytes.h"

#include <algorithm>
#include <array>
#include <csignal>
#include <functional>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "harness/model/scenario_validation.h"
#include "harness/model/signal_defaults.h"
#include "properties/gen/gen_limits.h"
#include "properties/gen/margin_rule.h"

namespace initcheck {
namespace {

constexpr int Q = kQuantumMs;

// One record of the layout (scenario_bytes.h): its bytes at fixed offsets,
// zero past the end of the input.
class Record {
 public:
  Record(std::span<const uint8_t> bytes, size_t base) : bytes_(bytes), base_(base) {}
  uint8_t operator[](size_t field) const {
    const size_t at = base_ + field;
    return at < bytes_.size() ? bytes_[at] : 0;
  }

 private:
  std::span<const uint8_t> bytes_;
  size_t base_;
};

// The fields of a process record.
enum NodeField : size_t {
  kParent,
  kFlags,       // bits 0-1 session, 2-4 all set: daemonize, 5-7 all set: reap false
  kStopAction,
  kStopAfter,
  kCode,        // of every exit of the process
  kExtraAction, // kMaxExtras bytes, one per extra signal slot
  kExtraAfter = kExtraAction + kMaxExtras,
  kExitAfter,
  kBlock,
};
static_assert(kBlock + 1 == kNodeBytes);

Record HeaderRecord(std::span<const uint8_t> bytes) { return {bytes, 0}; }
Record ExtraRecord(std::span<const uint8_t> bytes, int slot) {
  return {bytes, kBytesHeader + slot * kBytesPerExtra};
}
Record NodeRecord(std::span<const uint8_t> bytes, int index) {
  return {bytes, kBytesHeader + kMaxExtras * kBytesPerExtra + index * kNodeBytes};
}

// The signals a process may block, and the extra signals (0: the stop
// signal again), as the generator draws them.
constexpr int kBlockable[] = {SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGWINCH, SIGCONT, SIGTSTP};
constexpr int kExtraSignals[] = {SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT, SIGTSTP, 0};

int Code(uint8_t b) { return b < 160 ? 0 : b - 160; }

void DecodeStop(Record h, Scenario& s) {
  const int kind = h[0] % 16;
  if (kind == 15) return;  // no stop: every process ends by itself (M7)
  s.stop = StopProtocol{kind < 12 ? SIGTERM : kind < 14 ? SIGINT : SIGQUIT, Q * (h[1] % 7),
                        Q * (10 + h[2] % 51)};
}

// The times an extra signal may be sent: before the stop, or in its window
// up to a second in (clear of the deadline); anywhere in the first second
// without a stop.
std::vector<int> ExtraTimes(const Scenario& s) {
  std::vector<int> times;
  if (!s.stop) {
    for (int t = 0; t <= 1000; t += Q) times.push_back(t);
    return times;
  }
  const int last = std::min(s.stop->DeadlineMs() - kMarginMs, s.stop->at_ms + 1000);
  for (int t = 0; t <= last; t += Q) {
    if (t != s.stop->at_ms) times.push_back(t);
  }
  return times;
}

// The extra signals; slot_kind[k] is slot k's signal if it is kept and is
// not the stop signal (the processes get a disposition for it), else 0.
void DecodeExtras(std::span<const uint8_t> bytes, Scenario& s, std::vector<int>& slot_kind) {
  const int count = HeaderRecord(bytes)[4] % (kMaxExtras + 1);
  const std::vector<int> times = ExtraTimes(s);
  std::map<int, int> signal_at;  // M2: one signal a time, none at the stop's
  if (s.stop) signal_at[s.stop->at_ms] = s.stop->signal;
  slot_kind.assign(kMaxExtras, 0);
  for (int k = 0; k < count; ++k) {
    const Record r = ExtraRecord(bytes, k);
    int signo = kExtraSignals[r[0] % std::size(kExtraSignals)];
    if (signo == 0) signo = s.stop ? s.stop->signal : SIGHUP;
    const int start = times[r[1] % times.size()];
    std::vector<int> at;
    switch (r[2] % 4) {
      case 2: at = {start, start}; break;
      case 3: at = {start, start + Q, start + 2 * Q}; break;
      default: at = {start}; break;
    }
    const bool fits = std::all_of(at.begin(), at.end(), [&](int t) {
      return (!s.stop || t != s.stop->at_ms) &&
             FitsAmongSends(t, signo, signal_at, s.stop ? std::optional(s.stop->DeadlineMs()) : std::nullopt);
    });
    if (!fits) continue;  // dropped: it would break M2
    for (int t : at) {
      signal_at[t] = signo;
      s.signals.push_back({t, signo});
    }
    if (!s.stop || signo != s.stop->signal) slot_kind[k] = signo;
  }
  std::stable_sort(s.signals.begin(), s.signals.end(),
                   [](const ScheduledSignal& a, const ScheduledSignal& b) { return a.at_ms < b.at_ms; });
}

// The tree's shape from the parent bytes: record i hangs under an earlier
// record, moved up while that one is at the depth limit.
struct Shape {
  int parent;
  int depth;
  std::vector<int> kids;
};

std::vector<Shape> DecodeShape(std::span<const uint8_t> bytes) {
  const int count = 1 + HeaderRecord(bytes)[3] % kGenMaxProcesses;
  std::vector<Shape> shape = {{-1, 0, {}}};
  for (int i = 1; i < count; ++i) {
    int parent = NodeRecord(bytes, i)[kParent] % i;
    while (shape[parent].depth >= kGenMaxDepth) parent = shape[parent].parent;
    shape.push_back({parent, shape[parent].depth + 1, {}});
    shape[parent].kids.push_back(i);
  }
  return shape;
}

// Names depth-first, and the flags that shape the possible ends (session,
// daemonize, reap, block), which must be known before anything is timed.
ProcessSpec BuildNode(std::span<const uint8_t> bytes, const std::vector<Shape>& shape, int index,
                      int& named) {
  ProcessSpec p;
  p.name = index == 0 ? "main" : fmt::format("p{}", ++named);
  const Record r = NodeRecord(bytes, index);
  // main's group and session are the init's to choose (scenario_gen.cc).
  if (index != 0) {
    p.session = std::array{SessionMode::kInherit, SessionMode::kInherit, SessionMode::kNewGroup,
                           SessionMode::kNewSession}[r[kFlags] & 3];
    p.daemonize = ((r[kFlags] >> 2) & 7) == 7;
  }
  p.reap = ((r[kFlags] >> 5) & 7) != 7;
  if (r[kBlock] % 12 == 11) p.block.push_back(kBlockable[(r[kBlock] / 12) % std::size(kBlockable)]);
  for (int kid : shape[index].kids) p.children.push_back(BuildNode(bytes, shape, kid, named));
  return p;
}

// A disposition a record asks for; absent: no entry (the default).
struct Wanted {
  int signo;
  Disposition disposition;
  bool absent = false;
};

// Times the processes, children first, keeping the margin rule by repair
// (scenario_bytes.h).
class Placer {
 public:
  Placer(std::span<const uint8_t> bytes, const Scenario& s, const std::vector<Shape>& shape,
         const std::vector<int>& slot_kind)
      : bytes_(bytes),
        s_(s),
        shape_(shape),
        slot_kind_(slot_kind),
        sends_(SignalSends(s)),
        fixed_{s.stop ? std::optional<int>(s.stop->DeadlineMs()) : std::nullopt, sends_} {}

  const Ends& Place(ProcessSpec& p, int index) {
    std::vector<const Ends*> waited;
    for (size_t j = 0; j < p.children.size(); ++j) {
      const Ends& e = Place(p.children[j], shape_[index].kids[j]);
      if (!p.children[j].daemonize) waited.push_back(&e);
    }
    const bool is_main = index == 0;
    auto fits = [&] {
      for (const auto& e : EndsOf(p, sends_, waited)) {
        if (ClashWithFixed(e, p.name, fixed_)) return false;
        for (const auto& [owner, ends] : placed_) {
          for (const auto& other : ends) {
            if (EndsClash(e, other, is_main || owner == &s_.main)) return false;
          }
        }
      }
      return true;
    };

    // The baseline: no signal sent ends or stops p, so it fits whatever is
    // placed; each wanted action is then added only if it still fits.
    std::map<int, Disposition> baseline;
    for (const auto& send : sends_) {
      const DefaultAction a = DefaultActionOf(send.signo);
      if (a == DefaultAction::kTerminate || a == DefaultAction::kStop) {
        baseline[send.signo] = Disposition{SignalAction::kRecord, 0, 0};
      }
    }
    p.on_signal = baseline;
    std::set<int> decided;
    for (const Wanted& w : WantedOf(index, !waited.empty())) {
      if (!decided.insert(w.signo).second) continue;
      const bool would_stop = w.disposition.action == SignalAction::kDefault &&
                              DefaultActionOf(w.signo) == DefaultAction::kStop;
      if (would_stop) continue;  // M6: keep the baseline's catch
      const bool timed = w.disposition.action == SignalAction::kExit ||
                         w.disposition.action == SignalAction::kForward;
      auto apply = [&](int after_ms) {
        if (w.absent) {
          p.on_signal.erase(w.signo);
        } else {
          p.on_signal[w.signo] = Disposition{w.disposition.action, after_ms, w.disposition.code};
        }
        return fits();
      };
      const bool placed = timed ? OnGrid(w.disposition.after_ms, 1000, apply) : apply(0);
      if (placed) continue;
      if (auto it = baseline.find(w.signo); it != baseline.end()) {
        p.on_signal[w.signo] = it->second;
      } else {
        p.on_signal[w.signo] = Disposition{SignalAction::kRecord, 0, 0};
      }
    }

    const Record r = NodeRecord(bytes_, index);
    if (!s_.stop || r[kExitAfter] % 8 == 7) {
      const int drawn = s_.stop ? Q * (1 + (r[kExitAfter] / 8) % 40) : Q * (1 + r[kExitAfter] % 80);
      const bool placed = OnGrid(drawn, s_.stop ? 2000 : 4000, [&](int ms) {
        p.exit_after_ms = ms;
        p.exit_code = Code(r[kCode]);
        return fits();
      });
      if (!placed) {  // with no stop this breaks M7: the fallback says so
        p.exit_after_ms.reset();
        p.exit_code = 0;
      }
    }
    Ends& mine = placed_[&p];
    mine = EndsOf(p, sends_, waited);
    return mine;
  }

 private:
  // The stop signal's disposition, then one per extra signal kind.
  std::vector<Wanted> WantedOf(int index, bool waits_for_children) const {
    const Record r = NodeRecord(bytes_, index);
    const int code = Code(r[kCode]);
    const SignalAction forward = waits_for_children ? SignalAction::kForward : SignalAction::kExit;
    std::vector<Wanted> wanted;
    if (s_.stop) {
      const int after = Q * (1 + r[kStopAfter] % 20);
      switch (r[kStopAction] % 8) {
        case 0: wanted.push_back({s_.stop->signal, {}, true}); break;
        case 1: wanted.push_back({s_.stop->signal, {}}); break;
        case 2: wanted.push_back({s_.stop->signal, {SignalAction::kIgnore, 0, 0}}); break;
        case 6: wanted.push_back({s_.stop->signal, {SignalAction::kRecord, 0, 0}}); break;
        case 7: wanted.push_back({s_.stop->signal, {forward, after, code}}); break;
        default: wanted.push_back({s_.stop->signal, {SignalAction::kExit, after, code}}); break;
      }
    }
    const int after = Q * (1 + r[kExtraAfter] % 12);
    for (int k = 0; k < kMaxExtras; ++k) {
      const int signo = slot_kind_[k];
      if (signo == 0) continue;
      switch (r[kExtraAction + k] % 8) {
        case 3: wanted.push_back({signo, {SignalAction::kIgnore, 0, 0}}); break;
        case 4: wanted.push_back({signo, {SignalAction::kRecord, 0, 0}}); break;
        case 5:
        case 6: wanted.push_back({signo, {SignalAction::kExit, after, code}}); break;
        case 7: wanted.push_back({signo, {forward, after, code}}); break;
        default: wanted.push_back({signo, {}, true}); break;
      }
    }
    return wanted;
  }

  // The first multiple of the quantum in [Q, hi_ms] that fits, from the
  // drawn one upward, wrapping around.
  static bool OnGrid(int drawn_ms, int hi_ms, const std::function<bool(int)>& try_ms) {
    const int slots = hi_ms / Q;
    const int first = std::clamp(drawn_ms / Q, 1, slots) - 1;
    for (int i = 0; i < slots; ++i) {
      if (try_ms(Q * (1 + (first + i) % slots))) return true;
    }
    return false;
  }

  std::span<const uint8_t> bytes_;
  const Scenario& s_;
  const std::vector<Shape>& shape_;
  const std::vector<int>& slot_kind_;
  std::vector<SignalSend> sends_;
  FixedInstants fixed_;
  std::map<const ProcessSpec*, Ends> placed_;
};

// Why s is not acceptable, for DecodedScenario::fallback.
std::string WhyNotAcceptable(const Scenario& s) {
  try {
    ValidateScenario(s);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  if (auto breach = MarginViolation(s)) return *breach;
  return "outside the generator's limits";
}

}  // namespace

Scenario FallbackBytesScenario() {
  return FallbackScenario("fuzzed", "decoded by fuzz/scenario_bytes (the fallback)");
}

DecodedScenario DecodeScenarioBytes(std::span<const uint8_t> bytes) {
  Scenario s;
  s.name = "fuzzed";
  s.description = "decoded from fuzzer bytes by properties/gen/scenario_bytes";
  DecodeStop(HeaderRecord(bytes), s);
  std::vector<int> slot_kind;
  DecodeExtras(bytes, s, slot_kind);
  const std::vector<Shape> shape = DecodeShape(bytes);
  int named = 0;
  s.main = BuildNode(bytes, shape, 0, named);
  Placer(bytes, s, shape, slot_kind).Place(s.main, 0);
  if (GenAcceptable(s, ScenarioGenOptions{})) return {std::move(s), ""};
  return {FallbackBytesScenario(), WhyNotAcceptable(s)};
}

}  // namespace initcheck
