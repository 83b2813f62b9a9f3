// report.json: the whole matrix, every cell with its trace and verdicts, so
// a report can be read back (and redrawn) without rerunning anything.
#pragma once

#include <nlohmann/json.hpp>

#include "properties/search/matrix.h"

namespace initcheck {

nlohmann::json MatrixToJson(const Matrix& matrix);

// Throws std::runtime_error naming what is wrong.
Matrix MatrixFromJson(const nlohmann::json& json);

}  // namespace initcheck
