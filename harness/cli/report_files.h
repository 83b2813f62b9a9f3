// The files `initcheck compare` and `initcheck report` leave in their output
// directory: report.json (every cell's trace and verdicts), report.md (the
// matrix) and report.html (the matrix with a timeline per failing cell).
#pragma once

#include <filesystem>

#include "properties/search/matrix.h"

namespace initcheck::cli {

// Writes report.md and report.html into dir (created if missing), and
// report.json when with_json; throws UsageError naming a file it cannot write.
void WriteReportFiles(const Matrix& matrix, const std::filesystem::path& dir, bool with_json);

}  // namespace initcheck::cli
