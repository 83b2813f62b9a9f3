// The rule the checkers about main share for a scenario with early_exit
// (a usage error, main's exec failing): PID 1 was to end before main ever
// ran, so a property about what main received or inherited does not apply.
// It does apply when main ran anyway (the init ignored the bad argument):
// then main journaled its start, and the checker judges it as usual.
#pragma once

#include <optional>
#include <string_view>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

// A holding verdict for property saying why it does not apply, when the
// scenario expects an early exit and main never journaled its start;
// nullopt otherwise.
std::optional<Verdict> NotApplicableWithoutMain(std::string_view property, const Trace& trace);

}  // namespace initcheck
