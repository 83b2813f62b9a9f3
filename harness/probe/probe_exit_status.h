// The exit status of a probe that could not play its part (bad arguments
// aside): the harness sees it in the kernel's exit record with no journaled
// exit, and reports a fault.
#pragma once

namespace initcheck {

inline constexpr int kProbeFailure = 125;

}  // namespace initcheck
