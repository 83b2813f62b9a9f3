// The rule every checker applies first: a trace with harness faults (observer
// failure, journal and kernel disagree, a process the harness gave up on) or
// whose schedule slipped beyond the allowance (schedule_slip.h) proves
// nothing, so its verdict is unknown, never a pass and never a violation the
// init could be blamed for. Applied here, once, so no checker can forget it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

// Why the trace cannot be trusted: each harness fault, then the schedule
// slip if any; empty when it can be judged. What the search counts as a
// harness error (properties/search/judge.h).
std::vector<std::string> TraceDoubts(const Trace& trace);

// An unknown verdict for property, with every doubt in the note, if the trace
// has any; nullopt if it has none and the checker may judge it.
std::optional<Verdict> UnknownIfFaulty(std::string_view property, const Trace& trace);

}  // namespace initcheck
