// A Verdict as JSON and back: {id, holds, verdict, violations, note}.
#pragma once

#include <nlohmann/json.hpp>

#include "properties/verdict.h"

namespace initcheck {

nlohmann::json VerdictToJson(const Verdict& verdict);

// Throws std::runtime_error naming the problem.
Verdict VerdictFromJson(const nlohmann::json& json);

}  // namespace initcheck
