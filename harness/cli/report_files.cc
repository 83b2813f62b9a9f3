#include "harness/cli/report_files.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "harness/cli/cli_common.h"
#include "harness/report/html_report.h"
#include "harness/report/matrix_json.h"
#include "harness/report/matrix_markdown.h"

namespace initcheck::cli {
namespace {

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw UsageError(fmt::format("write({}): {}", path.string(), std::strerror(errno)));
}

}  // namespace

void WriteReportFiles(const Matrix& matrix, const std::filesystem::path& dir, bool with_json) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw UsageError(fmt::format("mkdir({}): {}", dir.string(), ec.message()));
  if (with_json) WriteFile(dir / "report.json", MatrixToJson(matrix).dump(1) + "\n");
  WriteFile(dir / "report.md", RenderMarkdownMatrix(matrix));
  WriteFile(dir / "report.html", RenderHtmlReport(matrix));
}

}  // namespace initcheck::cli
