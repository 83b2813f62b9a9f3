// The byte decoder's promise (scenario_bytes.h): every input is a scenario
// the generators could have drawn. A fallback is a repair bug, so it aborts
// here as well as a scenario that is not GenAcceptable; and the scenario must
// be a file `initcheck run` replays (its JSON round trip).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz/round_trip.h"
#include "properties/gen/scenario_bytes.h"
#include "harness/codec/scenario_json.h"
#include "properties/gen/gen_limits.h"
#include "properties/gen/margin_rule.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace initcheck;
  const DecodedScenario decoded = DecodeScenarioBytes({data, size});
  if (!decoded.fallback.empty()) {
    fprintf(stderr, "scenario_bytes fell back: %s\n", decoded.fallback.c_str());
    abort();
  }
  if (!GenAcceptable(decoded.scenario, ScenarioGenOptions{})) {
    fprintf(stderr, "scenario_bytes decoded a scenario that is not GenAcceptable (%s):\n%s\n",
            MarginViolation(decoded.scenario).value_or("valid? within limits?").c_str(),
            ScenarioToJsonText(decoded.scenario).c_str());
    abort();
  }
  fuzz::ExpectRoundTrip("decoded scenario", decoded.scenario, ScenarioToJsonText,
                        [](std::string_view text) { return ParseScenario(text); });
  return 0;
}
