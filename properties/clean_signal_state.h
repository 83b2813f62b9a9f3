// Property `clean-signal-state` (DESIGN.md "Outcomes and properties").
//
// Definition: the main process starts with an empty blocked mask and no
// ignored signals, as its probe journals them in its kStart entry, the first
// thing it does after exec. The harness starts PID 1 with an empty mask and
// every disposition at its default, and exec resets caught signals to the
// default but keeps SIG_IGN and the mask, so anything blocked or ignored at
// that point was left by the init (often: a mask it used for sigwait or
// signalfd and forgot to restore before exec). Such leftovers change the
// workload: a blocked SIGTERM never arrives, an ignored SIGPIPE hides a broken
// pipe.
//
// The violation names main, the time of its kStart entry, and the blocked and
// ignored signals. Unknown (never holds) when main has no kStart entry: the
// journal does not say what main inherited.
#pragma once

#include <string_view>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

inline constexpr std::string_view kCleanSignalStateId = "clean-signal-state";

Verdict CheckCleanSignalState(const Trace& trace);

}  // namespace initcheck
