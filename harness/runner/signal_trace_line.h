// One line of a tracefs instance's trace_pipe with signal:signal_generate
// enabled and trace_clock "mono" (harness/runner/signal_tracer.h):
//
//   "   tini-4242 [001] d..1. 12002.290407: signal_generate: sig=28 errno=0
//    code=0 comm=probe pid=4243 grp=1 res=0"
//
// The task that generated the signal and the target's comm come from
// processes under test, which choose their own names (up to 15 bytes, any
// byte but NUL). So the line is read from its fixed parts: the event name,
// which no comm is long enough to hold, ends the prefix; the sender's pid is
// the number before the prefix's last " [" (the CPU field, after the comm);
// the target's pid, group and result are the fields after the last
// " pid=". Parsing only, no OS call.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "harness/model/trace.h"
#include "harness/runner/monotonic_ns.h"

namespace initcheck {

// The event, its t_ns still on CLOCK_MONOTONIC (µs precision: tracefs
// prints seconds with six decimals). nullopt for any other line.
std::optional<GeneratedSignal> ParseSignalGenerateLine(std::string_view line);

// "CPU:1 [LOST 12 EVENTS]": the ring buffer overflowed; how many were lost.
std::optional<int64_t> ParseLostEventsLine(std::string_view line);

}  // namespace initcheck
