// How checkers print times. Times the trace measured (ns after t = 0) are
// printed as milliseconds with one decimal ("101.4 ms"): the kernel's order
// of events is often sub-millisecond and the explanation must show it. Times
// the scenario states are whole milliseconds and are printed as such.
#pragma once

#include <cstdint>
#include <string>

namespace initcheck {

inline constexpr int64_t kNsPerMs = 1000000;

// A duration the scenario states, on the trace's clock.
constexpr int64_t MsToNs(int64_t ms) { return ms * kNsPerMs; }

// 101400000 -> "101.4 ms"; -2500000 -> "-2.5 ms".
std::string FormatMs(int64_t ns);

// The same without the unit, for a column headed "(ms)": "101.4".
std::string FormatMsValue(int64_t ns);

}  // namespace initcheck
