// Property `clean-signal-state` (DESIGN.md "Outcomes and properties").
//
// Definition: the main process starts with the signal state PID 1 itself
// was started with (the scenario's pid1_inherits; by default an empty mask
// and every disposition at its default), as its probe journals it in its
// kStart entry, the first thing it does after exec: the same blocked mask
// and the same ignored signals, no more, no less. exec resets caught signals
// to the default but keeps SIG_IGN and the mask, so anything else blocked or
// ignored was left by the init (often: a mask it used for sigwait or
// signalfd and forgot to restore before exec), and anything missing was
// taken away by it (an init that resets every disposition loses its
// parent's nohup). Either changes the workload: a blocked SIGTERM never
// arrives, an ignored SIGPIPE hides a broken pipe, a SIGHUP the runtime
// meant to be ignored kills it.
//
// The violation names main, the time of its kStart entry, and the signals
// added and taken away. Unknown (never holds) when main has no kStart entry: the
// journal does not say what main inherited.
#pragma once

#include <string_view>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

inline constexpr std::string_view kCleanSignalStateId = "clean-signal-state";

Verdict CheckCleanSignalState(const Trace& trace);

}  // namespace initcheck
