// report.json: the whole matrix, every cell with its trace and verdicts, so
// a report can be read back (and redrawn) without rerunning anything.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "harness/model/json_path.h"
#include "properties/search/matrix.h"

namespace initcheck {

nlohmann::json MatrixToJson(const Matrix& matrix);

// Reads back what MatrixToJson wrote. Throws JsonError naming the path in the
// report, e.g. "$.cells[3].trace.processes[0].outcome: unknown outcome \"x\";
// expected one of: graceful, ...".
Matrix MatrixFromJson(const nlohmann::json& json);

}  // namespace initcheck
