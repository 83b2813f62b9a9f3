// How checkers print times. Times the trace measured (ns after t = 0) are
// printed as milliseconds with one decimal ("101.4 ms"): the kernel's order
// of events is often sub-millisecond and the explanation must show it. Times
// the scenario states are whole milliseconds and are printed as such.
#pragma once

#include <cstdint>
#include <string>

namespace initcheck {

inline constexpr int64_t kNsPerMs = 1000000;

// 101400000 -> "101.4 ms"; -2500000 -> "-2.5 ms".
std::string FormatMs(int64_t ns);

}  // namespace initcheck
