// The picture of one run: an inline SVG timeline with a lane per process,
// the stop signal, the grace window and each exit coloured by its outcome, so
// that "the kernel SIGKILLed worker while the grace period was open" can be
// seen rather than read. The HTML report embeds it; it also stands alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/model/process_outcome.h"
#include "harness/report/display_text.h"  // EscapeXml, for the HTML report
#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

// The colour an outcome is drawn in ("#d62728" for sigkill-in-grace), shared
// by the timeline's markers, its legend and the HTML report, so one outcome
// has one colour everywhere.
std::string_view OutcomeColour(Outcome outcome);

// A self-contained <svg xmlns="http://www.w3.org/2000/svg"> element (no XML
// declaration, so it can be inlined in HTML; no external references), about
// 900 px wide. PID 1's lane comes first, then the other processes in trace
// order; verdicts mark where each violation happened, with its explanation
// as a tooltip. In a report (the HTML report: many timelines, each with its
// explanations printed under it) a timeline leaves out its legend, which
// RenderTimelineLegendSvg() shows once (3 KB a timeline), and a violation's
// tooltip names its property instead of repeating the explanation.
enum class TimelineUse { kStandalone, kInReport };
std::string RenderTimelineSvg(const Trace& trace, const std::vector<Verdict>& verdicts,
                              TimelineUse use = TimelineUse::kStandalone);

// The legend alone, as its own <svg> element, the timelines' width.
std::string RenderTimelineLegendSvg();

}  // namespace initcheck
