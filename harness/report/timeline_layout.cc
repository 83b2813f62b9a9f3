#include "harness/report/timeline_layout.h"

#include <cmath>

#include "harness/model/time_format.h"

namespace initcheck::timeline {

std::optional<Cleanup> CleanupOf(const Trace& trace, const ProcessRecord& p) {
  if (p.role != ProcessRole::kNode) return std::nullopt;
  for (const auto& e : trace.journal) {
    if (e.node != p.name || e.kind != JournalKind::kCleanupStart) continue;
    Cleanup c{e.t_ns, e.signo, std::nullopt};
    if (const ProcessSpec* spec = FindNode(trace.scenario, p.name)) {
      const Disposition d = spec->DispositionFor(e.signo);
      if (d.action == SignalAction::kExit || d.action == SignalAction::kForward) {
        c.planned_end_ns = e.t_ns + MsToNs(d.after_ms);
      }
    }
    return c;
  }
  return std::nullopt;
}

TimeScale ChooseScale(const Trace& trace) {
  int64_t lo = 0;
  int64_t hi = 0;
  auto take = [&](int64_t t) {
    lo = std::min(lo, t);
    hi = std::max(hi, t);
  };
  if (trace.stop.stop_sent_ns) take(*trace.stop.stop_sent_ns);
  for (const auto& s : trace.sent) {
    if (s.kind != SentKind::kDeadline) take(s.t_ns);
  }
  for (const auto& e : trace.journal) {
    if (e.kind == JournalKind::kSignal || e.kind == JournalKind::kCleanupStart ||
        e.kind == JournalKind::kForwarded || e.kind == JournalKind::kExiting) {
      take(e.t_ns);
    }
  }
  for (const auto& p : trace.processes) {
    if (p.role == ProcessRole::kIntermediate) continue;
    if (p.exit_ns) take(*p.exit_ns);
    if (auto c = CleanupOf(trace, p); c && c->planned_end_ns) take(*c->planned_end_ns);
  }
  for (const auto& z : trace.zombies) take(z.t_ns);

  TimeScale scale;
  if (const auto& deadline = trace.stop.deadline_ns) {
    const double span = static_cast<double>(std::max<int64_t>(hi - lo, kNsPerMs));
    if (*deadline <= hi || static_cast<double>(*deadline - lo) <= kMaxDeadlineStretch * span) {
      take(*deadline);
      scale.deadline_on_scale = true;
    }
  }
  const int64_t pad = std::max<int64_t>((hi - lo) * 3 / 100, kNsPerMs / 2);
  scale.lo_ns = lo - pad;
  scale.hi_ns = hi + pad;
  return scale;
}

double NiceStep(double span_ms) {
  const double raw = span_ms / 8;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

std::vector<Lane> LayOutLanes(const Trace& trace) {
  std::vector<const ProcessRecord*> order;
  const ProcessRecord* init = trace.Init();
  if (init) order.push_back(init);
  for (const auto& p : trace.processes) {
    if (&p != init) order.push_back(&p);
  }
  std::vector<Lane> lanes;
  double y = kLanesTop;
  for (const ProcessRecord* p : order) {
    const bool thin = p->role == ProcessRole::kIntermediate;
    const double h = thin ? kThinLaneHeight : kLaneHeight;
    lanes.push_back({p, y, h, thin});
    y += h;
  }
  return lanes;
}

const Lane* LaneOf(const std::vector<Lane>& lanes, const Trace& trace, std::optional<size_t> record) {
  const ProcessRecord* process = record ? (*record < trace.processes.size() ? &trace.processes[*record] : nullptr)
                                        : trace.Init();
  for (const auto& lane : lanes) {
    if (lane.process == process) return &lane;
  }
  return nullptr;
}

}  // namespace initcheck::timeline
