// libFuzzer bytes -> a Scenario the generators could have drawn: valid,
// within the generator's limits and keeping the margin rule
// (GenAcceptable, properties/gen/gen_limits.h), so that a fuzzer's finding is
// a real behaviour of the init and not scheduling noise, and replays with
// `initcheck run` like any counterexample.
//
// THE LAYOUT. Fixed offsets, so that one byte changed changes one field of
// the scenario (libFuzzer mutates bytes; a format whose every later field
// shifts when one changes would make each mutation a new scenario). Bytes
// past the end of the input read as zero, so every input decodes, and a
// truncated input is the same as the input padded with zeros.
//   header  5 bytes: stop (signal SIGTERM / SIGINT / SIGQUIT, or none, 1 in
//           16), stop.at_ms (0..300), grace_ms (500..3000), process count
//           (1..kGenMaxProcesses), extra signal count (0..kMaxExtras)
//   extras  kMaxExtras x 3 bytes: signal (SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH,
//           SIGCONT, SIGTSTP or the stop signal again), time (before the stop
//           or inside its window), burst (1 copy, 2 at once, 3 a quantum apart)
//   nodes   kGenMaxProcesses x kNodeBytes, one record per process in the
//           order they are added (record 0 is main): parent (an earlier
//           process, at most kGenMaxDepth deep), session / daemonize / reap,
//           the stop signal's disposition, its after_ms and code, one
//           disposition per extra signal and their after_ms, exit_after_ms,
//           a blocked signal.
// Every duration is on the kQuantumMs grid. Names are "main", then p1, p2, ...
// depth-first, as the generator names them.
//
// THE MARGIN RULE is kept by repair, the way the generator keeps it: processes
// are timed children first, and each wanted action is added only if the
// process's possible ends still keep the margins against the fixed instants
// and every process already placed; a duration that clashes moves up the grid
// (wrapping) to the first that fits; an action with no room becomes `record`
// (a catch that ends nothing). An extra signal that would break M2 is
// dropped. So a change of one record can move the times of processes placed
// after it, but nothing else.
//
// THE FALLBACK: if the repaired scenario still fails GenAcceptable (a repair
// bug; scenario_bytes_fuzzer aborts on it so that it is found), the decoder
// returns FallbackBytesScenario() and says so in DecodedScenario::fallback.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "harness/model/scenario.h"
#include "properties/gen/gen_limits.h"

namespace initcheck {

inline constexpr size_t kBytesHeader = 5;
inline constexpr int kMaxExtras = 3;
inline constexpr size_t kBytesPerExtra = 3;
inline constexpr size_t kNodeBytes = 11;
// The whole layout: bytes past it are not read, so a fuzz target may give
// them another meaning (init_logic_fuzzer's interleaving choices).
inline constexpr size_t kScenarioBytes =
    kBytesHeader + kMaxExtras * kBytesPerExtra + static_cast<size_t>(kGenMaxProcesses) * kNodeBytes;

struct DecodedScenario {
  Scenario scenario;
  std::string fallback;  // empty, or why the repaired scenario was not acceptable
};

DecodedScenario DecodeScenarioBytes(std::span<const uint8_t> bytes);

// The scenario every repair failure decodes to: main catches SIGTERM and
// cleans up for 100 ms.
Scenario FallbackBytesScenario();

}  // namespace initcheck
