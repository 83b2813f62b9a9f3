// A Verdict as JSON and back: {id, holds, verdict, violations, note}.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "harness/model/json_path.h"
#include "properties/verdict.h"

namespace initcheck {

nlohmann::json VerdictToJson(const Verdict& verdict);

// Reads back what VerdictToJson wrote ("holds", "t_ms" and "explanation" are
// derived, so accepted and not read: the explanation is rendered again from
// the chain). Throws JsonError naming the path; path is where json sits in its
// document ("$.cells[3].verdicts[0]").
Verdict VerdictFromJson(const nlohmann::json& json, const std::string& path = "$");

}  // namespace initcheck
