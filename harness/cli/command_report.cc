#include "harness/cli/command_report.h"

#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "harness/cli/cli_common.h"
#include "harness/cli/report_files.h"
#include "harness/codec/json_reader.h"
#include "harness/report/matrix_json.h"
#include "properties/properties.h"

namespace initcheck::cli {
namespace {

namespace fs = std::filesystem;

struct ReportFlags {
  std::string report_json;
  std::string out;  // default: beside report_json
  bool rejudge = false;
};

Matrix ReadReport(const std::string& path) {
  const std::string text = ReadTextFile(path);
  try {
    return MatrixFromJson(ParseJson(text));  // the strict reader: duplicate keys, NUL bytes
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("{}: not a report.json written by initcheck compare: {}", path, e.what()));
  }
}

std::string Summary(const MatrixCell& cell) {
  if (cell.status != CellStatus::kFail) return std::string(CellStatusId(cell.status));
  return fmt::format("{}", fmt::join(cell.violated, ", "));
}

// Judges every recorded run again with the checkers of this build, the same
// properties each cell was judged by; returns how many cells changed.
int Rejudge(Matrix& matrix) {
  int changed = 0;
  for (auto& cell : matrix.cells) {
    if (!cell.trace) continue;
    std::vector<std::string> ids;
    for (const auto& v : cell.verdicts) ids.push_back(v.property);
    const MatrixCell before = cell;
    cell.Judged(CheckAll(*cell.trace, ids));
    if (cell.status != before.status || cell.violated != before.violated) {
      ++changed;
      std::cout << fmt::format("{} on {}: {} -> {}\n", cell.init, cell.scenario, Summary(before), Summary(cell));
    }
  }
  return changed;
}

int Report(const ReportFlags& flags) {
  Matrix matrix = ReadReport(flags.report_json);
  if (flags.rejudge) {
    int changed = Rejudge(matrix);
    std::cout << fmt::format("{} of {} cells judged differently by this build\n", changed, matrix.cells.size());
  }
  fs::path out = flags.out.empty() ? fs::path(flags.report_json).parent_path() : fs::path(flags.out);
  if (out.empty()) out = ".";
  // Never over the report it read: report.json only goes to another directory.
  WriteReportFiles(matrix, out, /*with_json=*/!flags.out.empty());
  std::cout << fmt::format("report: {}\n", fs::absolute(out).lexically_normal().string());
  return kExitHolds;
}

}  // namespace

std::function<int()> AddReportCommand(CLI::App& app) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* command = app.add_subcommand(
      "report",
      "read a report.json that `initcheck compare` wrote and write report.md and report.html again, "
      "without rerunning anything; --rejudge first judges every recorded run with this build's checkers "
      "and lists the cells that changed");
  command->add_option("report_json", flags->report_json, "the report.json to read")->required();
  command->add_option("--out", flags->out,
                      "directory to write report.md, report.html and report.json to (default: the "
                      "report's own directory, where report.json is left as it was)");
  command->add_flag("--rejudge", flags->rejudge, "judge every recorded trace again before drawing");
  return [command, flags] { return *command ? Report(*flags) : -1; };
}

}  // namespace initcheck::cli
