// The rule every checker applies first: a trace with harness faults (observer
// failure, journal and kernel disagree, a process the harness gave up on)
// proves nothing, so its verdict is unknown, never a pass and never a
// violation the init could be blamed for.
#pragma once

#include <optional>
#include <string_view>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

// An unknown verdict for property, with every fault in the note, if the trace
// has faults; nullopt if it has none and the checker may judge it.
std::optional<Verdict> UnknownIfFaulty(std::string_view property, const Trace& trace);

}  // namespace initcheck
