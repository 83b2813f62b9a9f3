#include "harness/cli/report_files.h"

#include <string>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "harness/cli/cli_common.h"
#include "harness/report/html_report.h"
#include "harness/report/matrix_json.h"
#include "harness/report/matrix_markdown.h"

namespace initcheck::cli {
void WriteReportFiles(const Matrix& matrix, const std::filesystem::path& dir, bool with_json) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw UsageError(fmt::format("mkdir({}): {}", dir.string(), ec.message()));
  if (with_json) WriteTextFile(dir / "report.json", MatrixToJson(matrix).dump(1) + "\n");
  WriteTextFile(dir / "report.md", RenderMarkdownMatrix(matrix));
  WriteTextFile(dir / "report.html", RenderHtmlReport(matrix));
}

}  // namespace initcheck::cli
