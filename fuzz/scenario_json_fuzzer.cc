// Scenario files are user input (and fuzzers' counterexamples): ParseScenario
// must turn any text into a Scenario or a ScenarioError, never a crash, and
// what it accepts must survive ScenarioToJsonText unchanged (round_trip.h).
// Run with -timeout=1 (BUILD): one input slower than that is a superlinear
// parse, a finding.
#include <cstddef>
#include <cstdint>

#include "fuzz/round_trip.h"
#include "harness/codec/scenario_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace initcheck;
  return fuzz::FuzzDecoder(
      "scenario", data, size, [](std::string_view text) { return ParseScenario(text); },
      ScenarioToJsonText);
}
