// A gate's baseline file (properties/search/gate.h): the verdicts one init
// had, checked in beside the gate and rewritten by `--update`.
//
//   {
//     "format": "initcheck-baseline-1",
//     "init": "tini",
//     "verdicts": {
//       "mixed-tree-main-first": { "no-sigkill-in-grace": "violated", "exit-code": "holds", ... },
//       ...
//     }
//   }
//
// Only "holds" and "violated": a baseline records what was judged. Property
// ids must be this build's; an unknown one is an error, not ignored (a typo
// would otherwise gate nothing). Scenarios and properties are written in
// sorted order, so an update's diff shows only what changed.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "properties/search/gate.h"

namespace initcheck {

inline constexpr char kBaselineFormat[] = "initcheck-baseline-1";

nlohmann::json BaselineToJson(const Baseline& baseline);

// Throws JsonError naming the path, e.g. "$.verdicts.pipeline[\"exit-cod\"]:
// unknown property \"exit-cod\"; expected one of: ...".
Baseline BaselineFromJson(const nlohmann::json& json);

}  // namespace initcheck
