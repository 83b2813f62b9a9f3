// Where things go in a run's timeline: the time scale of the x axis, a lane
// per process, and the cleanup each probe journaled. Geometry in SVG user
// units (pixels at 100 %); the drawing is svg_timeline.cc's.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "harness/model/trace.h"

namespace initcheck::timeline {

constexpr double kPlotLeft = 200;
constexpr double kPlotRight = 884;
constexpr double kLanesTop = 68;
constexpr double kLaneHeight = 26;
constexpr double kThinLaneHeight = 16;  // daemonize intermediates: context, not the subject

// A deadline further from the first event than this many times the span of
// everything else is drawn off the scale (a note at the right edge): with
// docker's 10 s grace and a run that is over at 200 ms, drawing it would
// squeeze every event of interest into the first few pixels.
constexpr double kMaxDeadlineStretch = 6;

// Where times land on the x axis.
struct TimeScale {
  int64_t lo_ns = 0;
  int64_t hi_ns = 1;
  bool deadline_on_scale = false;

  double X(int64_t ns) const {
    const double f = static_cast<double>(ns - lo_ns) / static_cast<double>(hi_ns - lo_ns);
    return kPlotLeft + std::clamp(f, 0.0, 1.0) * (kPlotRight - kPlotLeft);
  }
};

// The cleanup a probe journaled: from kCleanupStart to its exit. A second
// signal does not restart a cleanup (DESIGN.md), so the first entry counts.
struct Cleanup {
  int64_t start_ns = 0;
  int signo = 0;
  std::optional<int64_t> planned_end_ns;  // start + the disposition's after_ms
};

std::optional<Cleanup> CleanupOf(const Trace& trace, const ProcessRecord& p);

// From a little before t = 0 (or the first event, if earlier) to a little
// after the last exit. Start-up (forks, an intermediate's exit) is left out:
// it happens before t = 0 and would push the events that matter together.
TimeScale ChooseScale(const Trace& trace);

// 1, 2 or 5 times a power of ten, giving about eight ticks over span_ms.
double NiceStep(double span_ms);

struct Lane {
  const ProcessRecord* process;
  double top;
  double height;
  bool thin;

  double Mid() const { return top + height / 2; }
};

// PID 1 first, then every other process in trace order.
std::vector<Lane> LayOutLanes(const Trace& trace);

// The lane of one of the trace's records, joined by identity; a link
// about the harness's own act (a signal it sent to PID 1) goes on PID 1's lane.
const Lane* LaneOf(const std::vector<Lane>& lanes, const Trace& trace, std::optional<size_t> record);

}  // namespace initcheck::timeline
