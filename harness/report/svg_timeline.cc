#include "harness/report/svg_timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "harness/model/scenario.h"
#include "harness/model/signal_names.h"
#include "harness/model/time_format.h"
#include "harness/model/wait_status.h"
#include "harness/report/display_text.h"
#include "harness/report/timeline_layout.h"

namespace initcheck {
namespace {

using namespace timeline;  // the layout this file draws

// Geometry in SVG user units (pixels at 100 %), beside timeline_layout.h's.
// The label column fits "session-leader (pid 123456)"; a lane fits a marker,
// a signal mark above the cleanup bar and a forward mark below it.
constexpr double kWidth = 900;
constexpr double kLabelX = 8;
constexpr double kTitleY = 16;
constexpr double kInfoY = 31;
constexpr double kVerdictY = 45;
constexpr double kMarkerLabelY = 62;  // "SIGTERM sent", "deadline"
constexpr double kAxisGap = 6;
constexpr double kLegendGap = 44;
constexpr double kLegendColumn = 176;
constexpr double kLegendRow = 18;
constexpr int kLegendColumns = 5;
constexpr double kRingRadius = 10;  // a violation's ring, around an exit marker
constexpr size_t kMaxLabelChars = 28;
constexpr size_t kMaxThinLabelChars = 34;  // the thin lanes' labels are smaller
constexpr size_t kMaxHeaderChars = 130;
// An exit label nearer the right edge than this goes left of its marker.
constexpr double kExitLabelRoom = 150;

// Outcome colours: the three SIGKILLs must never be confused, because one is
// the runtime's right (at the deadline) and two are the bug this tool hunts.
struct OutcomeStyle {
  Outcome outcome;
  std::string_view colour;
};
constexpr OutcomeStyle kOutcomeStyles[] = {
    {Outcome::kGraceful, "#2ca02c"},           // green
    {Outcome::kSignaled, "#1f77b4"},           // blue
    {Outcome::kSigkillBeforeStop, "#a0148c"},  // dark magenta
    {Outcome::kSigkillInGrace, "#d62728"},     // red
    {Outcome::kSigkillAtDeadline, "#ff8c00"},  // orange
    {Outcome::kStillRunning, "#000000"},       // black
};

constexpr std::string_view kInk = "#222222";
constexpr std::string_view kMutedInk = "#8a8a8a";
constexpr std::string_view kStripe = "#f4f4f4";
constexpr std::string_view kGrid = "#e2e2e2";
constexpr std::string_view kLifeLine = "#b0b0b0";
constexpr std::string_view kCleanupFill = "#c6d4e8";
constexpr std::string_view kCleanupStroke = "#5f7ea6";
constexpr std::string_view kGraceFill = "#fff1a8";
constexpr std::string_view kStopLine = "#333333";
constexpr std::string_view kDeadlineLine = "#7f7f7f";
constexpr std::string_view kSignalMark = "#333333";
constexpr std::string_view kForwardMark = "#6a3d9a";
constexpr std::string_view kZombieMark = "#8c564b";
constexpr std::string_view kViolationRing = "#d62728";

// Coordinates with one decimal: enough at 900 px, and stable in tests. A
// whole number drops its ".0": a report writes hundreds of thousands.
std::string Px(double v) {
  std::string s = fmt::format("{:.1f}", v);
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

std::string_view RoleText(ProcessRole role) {
  switch (role) {
    case ProcessRole::kInit: return "PID 1, the init under test";
    case ProcessRole::kNode: return "scenario node";
    case ProcessRole::kIntermediate: return "daemonize intermediate";
    case ProcessRole::kUnknown: return "started by the init or a probe, not in the scenario";
  }
  return "";
}

// What the kernel said, in words: "exit 0", "SIGKILL".
std::string ExitDetail(const ProcessRecord& p) {
  if (!p.exit_ns) return "no exit record: the harness gave up on it";
  return BriefExit(p.wait_status);
}

std::string StopSignalName(const Trace& trace) {
  for (const auto& s : trace.sent) {
    if (s.kind == SentKind::kStop) return SignalName(s.signo);
  }
  return trace.scenario.stop ? SignalName(trace.scenario.stop->signal) : "stop signal";
}

// --- shapes, shared by the lanes and the legend ---------------------------

// An outcome's colour comes from its class, "o-graceful" (Stylesheet()).
std::string OutcomeShape(Outcome outcome, double x, double y, double r) {
  const std::string_view id = OutcomeId(outcome);
  switch (outcome) {
    case Outcome::kGraceful:
      return fmt::format(R"(<circle class="o-{}" cx="{}" cy="{}" r="{}"/>)", id, Px(x), Px(y), Px(r));
    case Outcome::kSignaled:
      return fmt::format(R"(<path class="o-{}" d="M{} {}L{} {}L{} {}L{} {}Z"/>)", id, Px(x), Px(y - r),
                         Px(x + r), Px(y), Px(x), Px(y + r), Px(x - r), Px(y));
    case Outcome::kStillRunning:
      return fmt::format(R"(<path class="o-{}" d="M{} {}L{} {}L{} {}Z"/>)", id, Px(x - r), Px(y - r),
                         Px(x + r), Px(y), Px(x - r), Px(y + r));
    case Outcome::kSigkillBeforeStop:
    case Outcome::kSigkillInGrace:
    case Outcome::kSigkillAtDeadline:
      // A cross on a white disc: visible over a cleanup bar.
      return fmt::format(R"(<circle class="disc" cx="{}" cy="{}" r="{}"/>)"
                         R"(<path class="cross o-{}" d="M{} {}L{} {}M{} {}L{} {}"/>)",
                         Px(x), Px(y), Px(r + 1.5), id, Px(x - r), Px(y - r), Px(x + r), Px(y + r), Px(x - r),
                         Px(y + r), Px(x + r), Px(y - r));
  }
  return "";
}

// A received signal points down onto the lane from above the bar.
std::string SignalTriangle(double x, double mid) {
  return fmt::format(R"(<path class="received" d="M{} {}L{} {}L{} {}Z"/>)", Px(x), Px(mid - 5), Px(x - 4),
                     Px(mid - 12), Px(x + 4), Px(mid - 12));
}

// A forwarded signal points up, out of the lane, from below the bar.
std::string ForwardTriangle(double x, double mid) {
  return fmt::format(R"(<path class="forwarded" d="M{} {}L{} {}L{} {}Z"/>)", Px(x), Px(mid + 5), Px(x - 4),
                     Px(mid + 12), Px(x + 4), Px(mid + 12));
}

std::string ZombieSquare(double x, double mid) {
  return fmt::format(R"(<rect class="zombie-mark" x="{}" y="{}" width="7" height="7"/>)", Px(x - 3.5),
                     Px(mid - 3.5));
}

// The marks a report draws thousands of times (exit marks and labels, a
// ring and a chain per violation, a life line and a label per process, the
// axis) are styled once by class: in each standalone timeline, and in a
// report in the legend drawn above all of them (an inline SVG's <style>
// applies to the whole page, hence every selector names an SVG element or
// a class only timelines use).
std::string Stylesheet() {
  std::string out = fmt::format(
      "<style>svg text{{fill:{2}}}"
      ".ring{{fill:none;stroke:{0};stroke-width:1.5;stroke-dasharray:3 2}}"
      ".chain-line{{fill:none;stroke:{0};stroke-width:1;stroke-dasharray:2 2}}.chain-link{{fill:{0}}}"
      ".life{{stroke:{1};stroke-width:2}}.life.thin{{stroke-width:1}}.life.running{{stroke-dasharray:4 3}}"
      ".lane-label{{font-size:12px}}.lane-label.pid1{{font-weight:bold}}"
      ".lane-label.thin{{font-size:10px;fill:{3}}}.lane-label.muted{{fill:{3}}}"
      ".axis path.grid{{stroke:{4}}}.axis path.ticks{{stroke:{2}}}.axis text{{font-size:10px;text-anchor:middle}}"
      ".axis text.axis-title{{font-size:11px}}.stripe{{fill:{5}}}.received{{fill:{6}}}.forwarded{{fill:{7}}}"
      ".zombie-mark{{fill:{8}}}.disc{{fill:#ffffff}}circle.o-graceful{{stroke:#ffffff}}"
      ".cross{{fill:none;stroke-width:3;stroke-linecap:round}}.exit text{{font-size:10px}}"
      ".exit text.end{{text-anchor:end}}",
      kViolationRing, kLifeLine, kInk, kMutedInk, kGrid, kStripe, kSignalMark, kForwardMark, kZombieMark);
  for (const auto& style : kOutcomeStyles) {
    fmt::format_to(std::back_inserter(out), ".o-{0}{{fill:{1}}}.cross.o-{0}{{fill:none;stroke:{1}}}",
                   OutcomeId(style.outcome), style.colour);
  }
  return out + "</style>";
}

std::string ViolationRing(double x, double mid) {
  return fmt::format(R"(<circle class="ring" cx="{}" cy="{}" r="{}"/>)", Px(x), Px(mid), Px(kRingRadius));
}

std::string Title(std::string_view text) { return "<title>" + EscapeXml(text) + "</title>"; }

// --- pieces of the picture ------------------------------------------------

void RenderHeader(std::string& out, const Trace& trace, const std::vector<Verdict>& verdicts) {
  const std::string title = fmt::format("{} \u00b7 init {}", trace.scenario.name, trace.init);
  const std::string shown = Shorten(title, kMaxHeaderChars);
  fmt::format_to(std::back_inserter(out), R"(<text x="{}" y="{}" font-size="13" font-weight="bold">{}{}</text>)",
                 Px(kLabelX), Px(kTitleY), EscapeXml(shown), shown == title ? "" : Title(title));
  out += "\n";

  std::string info;
  if (trace.scenario.stop) {
    const StopProtocol& stop = *trace.scenario.stop;
    info = fmt::format("stop: {} at {}, grace {} ms", SignalName(stop.signal),
                       trace.stop.stop_sent_ns ? FormatMs(*trace.stop.stop_sent_ns) : "(never sent)",
                       stop.grace_ms);
  } else {
    info = "no stop: PID 1 is expected to end by itself";
  }
  info += fmt::format(" \u00b7 judged by {}", trace.observer.empty() ? "(unnamed observer)" : trace.observer);
  if (!trace.faults.empty()) {
    info += fmt::format(" \u00b7 {} harness fault{}: verdicts unknown", trace.faults.size(),
                        trace.faults.size() == 1 ? "" : "s");
  }
  fmt::format_to(std::back_inserter(out), R"(<text x="{}" y="{}" font-size="11">{}</text>)", Px(kLabelX),
                 Px(kInfoY), EscapeXml(Shorten(info, kMaxHeaderChars)));
  out += "\n";

  std::string violated;
  std::string unknown;
  for (const auto& v : verdicts) {
    std::string& list = v.value == VerdictValue::kViolated ? violated : unknown;
    if (v.Holds()) continue;
    list += (list.empty() ? "" : ", ") + v.property;
  }
  if (verdicts.empty()) return;
  std::string line;
  if (!violated.empty()) line = "violated: " + violated;
  if (!unknown.empty()) line += (line.empty() ? "" : " \u00b7 ") + ("unknown: " + unknown);
  if (line.empty()) line = "every property holds";
  fmt::format_to(std::back_inserter(out), R"(<text x="{}" y="{}" font-size="11" fill="{}">{}</text>)",
                 Px(kLabelX), Px(kVerdictY),
                 violated.empty() ? (unknown.empty() ? OutcomeColour(Outcome::kGraceful) : kInk)
                                  : OutcomeColour(Outcome::kSigkillInGrace),
                 EscapeXml(Shorten(line, kMaxHeaderChars)));
  out += "\n";
}

void RenderStripes(std::string& out, const std::vector<Lane>& lanes) {
  for (size_t i = 0; i < lanes.size(); i += 2) {
    fmt::format_to(std::back_inserter(out), R"(<rect class="stripe" x="0" y="{}" width="{}" height="{}"/>)",
                   Px(lanes[i].top), Px(kWidth), Px(lanes[i].height));
  }
  out += "\n";
}

// The grace window sits behind the lanes so that every exit inside it is
// visibly "in grace".
void RenderGraceWindow(std::string& out, const Trace& trace, const TimeScale& scale, double top,
                       double bottom) {
  if (!trace.stop.stop_sent_ns) return;
  const double x0 = scale.X(*trace.stop.stop_sent_ns);
  const double x1 = trace.stop.deadline_ns && scale.deadline_on_scale ? scale.X(*trace.stop.deadline_ns)
                                                                      : kPlotRight;
  const std::string until = trace.stop.deadline_ns ? FormatMs(*trace.stop.deadline_ns) : "(no deadline recorded)";
  fmt::format_to(std::back_inserter(out),
                 R"(<rect class="grace-window" x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="0.7">{}</rect>)",
                 Px(x0), Px(top), Px(std::max(x1 - x0, 1.0)), Px(bottom - top), kGraceFill,
                 Title(fmt::format("grace period open from {} until {}", FormatMs(*trace.stop.stop_sent_ns), until)));
  out += "\n";
}

void RenderAxis(std::string& out, const TimeScale& scale, double top, double axis_y) {
  const double lo_ms = static_cast<double>(scale.lo_ns) / kNsPerMs;
  const double hi_ms = static_cast<double>(scale.hi_ns) / kNsPerMs;
  const double step = NiceStep(hi_ms - lo_ms);
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  // The grid lines and the ticks are one path each, the axis line among the ticks.
  std::string grid, ticks = fmt::format("M{} {}H{}", Px(kPlotLeft), Px(axis_y), Px(kPlotRight));
  std::string labels;
  for (auto k = static_cast<int64_t>(std::ceil(lo_ms / step)); static_cast<double>(k) * step <= hi_ms; ++k) {
    const double t_ms = static_cast<double>(k) * step;
    const std::string x = Px(scale.X(std::llround(t_ms * kNsPerMs)));
    fmt::format_to(std::back_inserter(grid), "M{} {}V{}", x, Px(top), Px(axis_y));
    fmt::format_to(std::back_inserter(ticks), "M{} {}V{}", x, Px(axis_y), Px(axis_y + 4));
    fmt::format_to(std::back_inserter(labels), R"(<text x="{}" y="{}">{:.{}f}</text>)", x, Px(axis_y + 15), t_ms,
                   decimals);
  }
  fmt::format_to(std::back_inserter(out),
                 R"(<g class="axis"><path class="grid" d="{}"/><path class="ticks" d="{}"/>{})"
                 R"(<text class="axis-title" x="{}" y="{}">ms after t = 0</text></g>)",
                 grid, ticks, labels, Px((kPlotLeft + kPlotRight) / 2), Px(axis_y + 30));
  out += "\n";
}

// The stop line and the deadline line run across every lane, labelled above.
void RenderStopLines(std::string& out, const Trace& trace, const TimeScale& scale, double bottom) {
  if (!trace.stop.stop_sent_ns) return;
  const std::string signal = StopSignalName(trace);
  const double xs = scale.X(*trace.stop.stop_sent_ns);
  fmt::format_to(std::back_inserter(out),
                 R"(<g class="stop"><line class="stop-line" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="1.5"/>)"
                 R"(<text class="stop-label" x="{4}" y="{5}" font-size="11" font-weight="bold" fill="{3}">{6} sent{7}</text></g>)",
                 Px(xs), Px(kMarkerLabelY + 2), Px(bottom), kStopLine, Px(xs + 3), Px(kMarkerLabelY),
                 EscapeXml(signal),
                 Title(fmt::format("{} sent to PID 1 at {}", signal, FormatMs(*trace.stop.stop_sent_ns))));
  out += "\n";
  if (!trace.stop.deadline_ns) return;
  const int64_t deadline = *trace.stop.deadline_ns;
  const bool killed =
      std::any_of(trace.sent.begin(), trace.sent.end(), [](const SentSignal& s) { return s.kind == SentKind::kDeadline; });
  const std::string tip = fmt::format("grace period ends at {}{}", FormatMs(deadline),
                                      killed ? ": the runtime SIGKILLs PID 1" : " (PID 1 was already gone)");
  if (!scale.deadline_on_scale) {
    fmt::format_to(std::back_inserter(out),
                   R"(<text class="deadline-label" x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">grace period open until {} &#8594;{}</text>)",
                   Px(kPlotRight), Px(kMarkerLabelY), kDeadlineLine, FormatMs(deadline), Title(tip));
    out += "\n";
    return;
  }
  const double xd = scale.X(deadline);
  const std::string label = killed ? "deadline: SIGKILL to PID 1" : "deadline";
  // Keep the label clear of the stop label and inside the picture.
  const bool left = xd > kPlotRight - kExitLabelRoom;
  const double lx = left ? xd - 3 : std::max(xd + 3, xs + 100);
  fmt::format_to(std::back_inserter(out),
                 R"(<g class="deadline"><line class="deadline-line" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="1.5" stroke-dasharray="6 3"/>)"
                 R"(<text class="deadline-label" x="{4}" y="{5}" font-size="11" text-anchor="{6}" fill="{3}">{7}{8}</text></g>)",
                 Px(xd), Px(kMarkerLabelY + 2), Px(bottom), kDeadlineLine, Px(lx), Px(kMarkerLabelY),
                 left ? "end" : "start", label, Title(tip));
  out += "\n";
}

void RenderLabel(std::string& out, const Lane& lane) {
  const ProcessRecord& p = *lane.process;
  const std::string label = fmt::format("{} (pid {})", p.name, p.pid);
  std::string tip = fmt::format("{}: {}", label, RoleText(p.role));
  if (p.fork_ns) tip += fmt::format(", forked at {}", FormatMs(*p.fork_ns));
  const bool muted = lane.thin || p.role == ProcessRole::kUnknown;
  const char* style = p.role == ProcessRole::kInit ? " pid1" : lane.thin ? " thin" : muted ? " muted" : "";
  fmt::format_to(std::back_inserter(out), R"(<text class="lane-label{}" x="{}" y="{}">{}{}</text>)", style,
                 Px(kLabelX), Px(lane.Mid() + (lane.thin ? 3.5 : 4)),
                 EscapeXml(Shorten(label, lane.thin ? kMaxThinLabelChars : kMaxLabelChars)), Title(tip));
}

void RenderLifeLine(std::string& out, const Lane& lane, const TimeScale& scale) {
  const ProcessRecord& p = *lane.process;
  const double x0 = scale.X(p.fork_ns.value_or(scale.lo_ns));
  const double x1 = p.exit_ns ? scale.X(*p.exit_ns) : kPlotRight;
  fmt::format_to(std::back_inserter(out), R"(<line class="life{3}{4}" x1="{0}" y1="{2}" x2="{1}" y2="{2}"/>)", Px(x0),
                 Px(x1), Px(lane.Mid()), lane.thin ? " thin" : "", p.exit_ns ? "" : " running");
}

// The cleanup bar runs from kCleanupStart to the exit; when the process died
// first, a dashed outline shows how much cleanup it was denied.
void RenderCleanup(std::string& out, const Trace& trace, const Lane& lane, const TimeScale& scale) {
  const ProcessRecord& p = *lane.process;
  const auto cleanup = CleanupOf(trace, p);
  if (!cleanup) return;
  const double y = lane.Mid() - 5;
  const std::string signal = SignalName(cleanup->signo);
  if (cleanup->planned_end_ns && (!p.exit_ns || *p.exit_ns < *cleanup->planned_end_ns)) {
    const double x0 = scale.X(cleanup->start_ns);
    const double x1 = scale.X(*cleanup->planned_end_ns);
    fmt::format_to(std::back_inserter(out),
                   R"(<rect class="planned-cleanup" x="{}" y="{}" width="{}" height="10" fill="none" stroke="{}" stroke-dasharray="3 2">{}</rect>)",
                   Px(x0), Px(y), Px(std::max(x1 - x0, 1.0)), kCleanupStroke,
                   Title(fmt::format("{} needed {} ms of cleanup after {}, until {}", p.name,
                                     (*cleanup->planned_end_ns - cleanup->start_ns) / kNsPerMs, signal,
                                     FormatMs(*cleanup->planned_end_ns))));
  }
  const double x0 = scale.X(cleanup->start_ns);
  const double x1 = p.exit_ns ? scale.X(*p.exit_ns) : kPlotRight;
  const std::string done = p.exit_ns ? FormatMs(*p.exit_ns - cleanup->start_ns) : "unfinished";
  fmt::format_to(std::back_inserter(out),
                 R"(<rect class="cleanup" x="{}" y="{}" width="{}" height="10" fill="{}" stroke="{}">{}</rect>)",
                 Px(x0), Px(y), Px(std::max(x1 - x0, 1.0)), kCleanupFill, kCleanupStroke,
                 Title(fmt::format("{} cleaning up after {} from {} ({} of cleanup)", p.name, signal,
                                   FormatMs(cleanup->start_ns), done)));
}

// Signals the lane's process received (journal kSignal; for PID 1, what the
// harness sent it) and forwarded (journal kForwarded).
void RenderSignals(std::string& out, const Trace& trace, const Lane& lane, const TimeScale& scale) {
  const ProcessRecord& p = *lane.process;
  const double mid = lane.Mid();
  // Each harness send on its target's lane: PID 1's, or the node's it was aimed at.
  for (const auto& s : trace.sent) {
    const bool here = s.to.empty() ? p.role == ProcessRole::kInit : p.role == ProcessRole::kNode && p.name == s.to;
    if (!here) continue;
    const std::string why = s.kind == SentKind::kStop       ? " (the stop)"
                          : s.kind == SentKind::kDeadline ? " (the deadline)"
                                                          : "";
    fmt::format_to(std::back_inserter(out), R"(<g class="signal">{}{}</g>)", SignalTriangle(scale.X(s.t_ns), mid),
                   Title(fmt::format("{} sent to {}{} at {}", SignalName(s.signo), s.to.empty() ? "PID 1" : s.to, why,
                                     FormatMs(s.t_ns))));
  }
  if (p.role != ProcessRole::kNode) return;
  for (const auto& e : trace.journal) {
    if (e.node != p.name) continue;
    if (e.kind == JournalKind::kSignal) {
      fmt::format_to(std::back_inserter(out), R"(<g class="signal">{}{}</g>)", SignalTriangle(scale.X(e.t_ns), mid),
                     Title(fmt::format("{} received {} at {}", p.name, SignalName(e.signo), FormatMs(e.t_ns))));
    } else if (e.kind == JournalKind::kForwarded) {
      fmt::format_to(std::back_inserter(out), R"(<g class="forwarded">{}{}</g>)",
                     ForwardTriangle(scale.X(e.t_ns), mid),
                     Title(fmt::format("{} forwarded {} to its children at {}", p.name, SignalName(e.signo),
                                       FormatMs(e.t_ns))));
    }
  }
}

void RenderZombie(std::string& out, const Trace& trace, const Lane& lane, const TimeScale& scale) {
  const ProcessRecord& p = *lane.process;
  for (const auto& z : trace.zombies) {
    const bool sighted = z.process ? *z.process < trace.processes.size() && &trace.processes[*z.process] == &p
                                   : z.pid == p.pid;
    if (!sighted) continue;
    const double x = scale.X(z.t_ns);
    if (p.exit_ns) {
      fmt::format_to(std::back_inserter(out),
                     R"(<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="{3}" stroke-dasharray="1 2"/>)",
                     Px(scale.X(*p.exit_ns)), Px(x), Px(lane.Mid()), kZombieMark);
    }
    fmt::format_to(std::back_inserter(out), R"(<g class="zombie">{}{}</g>)", ZombieSquare(x, lane.Mid()),
                   Title(fmt::format("{} still unreaped (a zombie of PID 1) at {}", p.name, FormatMs(z.t_ns))));
  }
}

void RenderExit(std::string& out, const Lane& lane, const TimeScale& scale) {
  const ProcessRecord& p = *lane.process;
  const double x = p.exit_ns ? scale.X(*p.exit_ns) : kPlotRight;
  const double mid = lane.Mid();
  const double r = lane.thin ? 3.5 : 6;
  const std::string when = p.exit_ns ? FormatMs(*p.exit_ns) : "the end";
  fmt::format_to(std::back_inserter(out), R"(<g class="exit" data-process="{}" data-outcome="{}">{}{})",
                 EscapeXml(p.name), OutcomeId(p.outcome), OutcomeShape(p.outcome, x, mid, r),
                 Title(fmt::format("{} (pid {}): {} at {}, {}", p.name, p.pid, OutcomeId(p.outcome), when,
                                   ExitDetail(p))));
  if (!lane.thin) {
    // Starts clear of a violation ring. No white halo: renderers blend it
    // into the glyphs and shift the colour, and the colour is the message.
    const bool left = x > kPlotRight - kExitLabelRoom;
    fmt::format_to(std::back_inserter(out), R"(<text class="o-{}{}" x="{}" y="{}">{}{}</text>)",
                   OutcomeId(p.outcome), left ? " end" : "", Px(left ? x - kRingRadius - 3 : x + kRingRadius + 3),
                   Px(mid + 3.5), OutcomeId(p.outcome), p.exit_ns ? " " + FormatMs(*p.exit_ns) : "");
  }
  out += "</g>";
}

void RenderLane(std::string& out, const Trace& trace, const Lane& lane, const TimeScale& scale) {
  const ProcessRecord& p = *lane.process;
  fmt::format_to(std::back_inserter(out), R"(<g class="lane" data-process="{}" data-pid="{}">)",
                 EscapeXml(p.name), p.pid);
  RenderLabel(out, lane);
  RenderLifeLine(out, lane, scale);
  RenderCleanup(out, trace, lane, scale);
  RenderZombie(out, trace, lane, scale);
  RenderSignals(out, trace, lane, scale);
  RenderExit(out, lane, scale);
  out += "</g>\n";
}

// The causal chain across the lanes, cause to effect: a dot per link (its
// words on hover) joined by a dotted line, so the eye follows what led to
// the violation from one process to the next. A link that several chains
// share (in a wide tree, "PID 1 exited" leads to every death) is drawn once.
void RenderChain(std::string& out, const Trace& trace, const Violation& violation, const std::vector<Lane>& lanes,
                 const TimeScale& scale, std::set<std::string>& drawn_links) {
  std::string points, dots;
  for (const auto& link : violation.chain) {
    const Lane* lane = LaneOf(lanes, trace, link.process);
    if (!lane) continue;
    const double x = scale.X(link.t_ns), y = lane->Mid();
    points += fmt::format("{}{},{}", points.empty() ? "" : " ", Px(x), Px(y));
    std::string dot =
        fmt::format(R"(<circle class="chain-link" cx="{}" cy="{}" r="2.5">{}</circle>)", Px(x), Px(y), Title(link.what));
    if (drawn_links.insert(dot).second) dots += dot;
  }
  if (points.empty()) return;
  fmt::format_to(std::back_inserter(out),
                 R"(<g class="chain"><polyline class="chain-line" points="{}"/>{}</g>)", points, dots);
}

// A dashed red ring where each violation happened, its explanation on hover
// (in a report, which prints it below, its property), and its causal chain.
void RenderViolations(std::string& out, const Trace& trace, const std::vector<Verdict>& verdicts,
                      const std::vector<Lane>& lanes, const TimeScale& scale, TimelineUse use) {
  std::set<std::string> drawn_links;
  for (const auto& v : verdicts) {
    if (v.value != VerdictValue::kViolated) continue;
    for (const auto& violation : v.violations) {
      const Lane* lane = violation.record ? LaneOf(lanes, trace, violation.record) : nullptr;
      if (!lane) continue;  // the explanation is still in the report's text
      fmt::format_to(std::back_inserter(out), R"(<g class="violation" data-property="{}">)", EscapeXml(v.property));
      if (violation.chain.size() > 1) RenderChain(out, trace, violation, lanes, scale, drawn_links);
      out += ViolationRing(scale.X(violation.t_ns), lane->Mid());
      out += Title(use == TimelineUse::kStandalone ? v.property + ": " + violation.explanation
                                                   : v.property + " violated (explained below the timeline)");
      out += "</g>\n";
    }
  }
}

// Returns the legend's height.
double RenderLegend(std::string& out, double top) {
  struct Item {
    std::string shape;
    std::string label;
  };
  std::vector<Item> items;
  for (const auto& style : kOutcomeStyles) {
    items.push_back({OutcomeShape(style.outcome, 0, 0, 5), std::string(OutcomeId(style.outcome))});
  }
  items.push_back({fmt::format(R"(<rect x="-8" y="-5" width="16" height="10" fill="{}" stroke="{}"/>)",
                               kCleanupFill, kCleanupStroke),
                   "cleanup"});
  items.push_back({fmt::format(R"(<rect x="-8" y="-5" width="16" height="10" fill="none" stroke="{}" stroke-dasharray="3 2"/>)",
                               kCleanupStroke),
                   "cleanup it never finished"});
  items.push_back({SignalTriangle(0, 8), "signal received"});
  items.push_back({ForwardTriangle(0, -8), "signal forwarded"});
  items.push_back({fmt::format(R"(<rect x="-8" y="-6" width="16" height="12" fill="{}"/>)", kGraceFill),
                   "grace period"});
  items.push_back({ViolationRing(0, 0), "property violated"});
  items.push_back({R"(<polyline class="chain-line" points="-8,3 8,-3"/>)"
                   R"(<circle class="chain-link" cx="-8" cy="3" r="2.5"/><circle class="chain-link" cx="8" cy="-3" r="2.5"/>)",
                   "what led to it"});
  items.push_back({ZombieSquare(0, 0), "unreaped zombie"});

  out += R"(<g class="legend">)";
  for (size_t i = 0; i < items.size(); ++i) {
    const double x = kLabelX + 10 + static_cast<double>(i % kLegendColumns) * kLegendColumn;
    const double y = top + static_cast<double>(i / kLegendColumns) * kLegendRow + kLegendRow / 2;
    fmt::format_to(std::back_inserter(out),
                   R"svg(<g transform="translate({},{})">{}<text x="14" y="3.5" font-size="10">{}</text></g>)svg",
                   Px(x), Px(y), items[i].shape, EscapeXml(items[i].label));
  }
  out += "</g>\n";
  const size_t rows = (items.size() + kLegendColumns - 1) / kLegendColumns;
  return static_cast<double>(rows) * kLegendRow;
}

}  // namespace

std::string_view OutcomeColour(Outcome outcome) {
  for (const auto& style : kOutcomeStyles) {
    if (style.outcome == outcome) return style.colour;
  }
  return "#000000";
}

std::string RenderTimelineLegendSvg() {
  std::string body;
  const double height = RenderLegend(body, 4) + 8;
  return fmt::format(
             R"(<svg xmlns="http://www.w3.org/2000/svg" class="timeline-legend" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" role="img">)",
             Px(kWidth), Px(height)) +
         Title("What the timelines' marks mean") + Stylesheet() + "\n" + body + "</svg>\n";
}

std::string RenderTimelineSvg(const Trace& trace, const std::vector<Verdict>& verdicts, TimelineUse use) {
  const TimeScale scale = ChooseScale(trace);
  const std::vector<Lane> lanes = LayOutLanes(trace);
  const double lanes_bottom = lanes.empty() ? kLanesTop + kLaneHeight : lanes.back().top + lanes.back().height;
  const double axis_y = lanes_bottom + kAxisGap;
  const double legend_top = axis_y + kLegendGap;

  std::string body;
  RenderHeader(body, trace, verdicts);
  RenderStripes(body, lanes);
  RenderGraceWindow(body, trace, scale, kLanesTop, lanes_bottom);
  RenderAxis(body, scale, kLanesTop, axis_y);
  RenderStopLines(body, trace, scale, lanes_bottom);
  for (const auto& lane : lanes) RenderLane(body, trace, lane, scale);
  RenderViolations(body, trace, verdicts, lanes, scale, use);
  const double height =
      use == TimelineUse::kStandalone ? legend_top + RenderLegend(body, legend_top) + 8 : axis_y + kLegendGap;

  std::string out = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" role="img">)",
      Px(kWidth), Px(height));
  out += Title(fmt::format("Timeline of scenario {} under init {}", trace.scenario.name, trace.init));
  if (use == TimelineUse::kStandalone) out += Stylesheet();
  out += "\n";
  out += body;
  out += "</svg>\n";
  return out;
}

}  // namespace initcheck
