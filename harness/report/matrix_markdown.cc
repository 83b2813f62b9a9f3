#include "harness/report/matrix_markdown.h"

#include <fmt/format.h>

#include "harness/report/display_text.h"

namespace initcheck {
namespace {
std::string CellText(const MatrixCell* cell) {
  if (!cell) return "";
  switch (cell->status) {
    case CellStatus::kPass: return "pass";
    case CellStatus::kFail: return fmt::format("{}", fmt::join(cell->violated, "<br>"));  // property ids: ours
    case CellStatus::kUnknown: return "unknown";
    case CellStatus::kSkipped: return "skipped";
  }
  return "";
}
}  // namespace

std::string RenderMarkdownMatrix(const Matrix& matrix) {
  std::string out = "| scenario |";
  std::string rule = "|---|";
  for (const auto& init : matrix.inits) {
    out += fmt::format(" {} |", EscapeMarkdownCell(init.skip_reason.empty() ? init.name : init.name + " (skipped)"));
    rule += "---|";
  }
  out += "\n" + rule + "\n";
  for (const auto& scenario : matrix.scenarios) {
    out += fmt::format("| {} |", EscapeMarkdownCell(scenario.name));
    for (const auto& init : matrix.inits) out += fmt::format(" {} |", CellText(matrix.Cell(scenario.name, init.name)));
    out += "\n";
  }
  std::string notes;
  for (const auto& init : matrix.inits) {
    if (!init.skip_reason.empty()) {
      notes += fmt::format("- {} skipped: {}\n", EscapeTerminal(init.name), EscapeTerminal(init.skip_reason));
    }
  }
  for (const auto& cell : matrix.cells) {
    if (cell.status == CellStatus::kUnknown) {
      notes += fmt::format("- {} / {}: unknown: {}\n", EscapeTerminal(cell.scenario), EscapeTerminal(cell.init),
                           EscapeTerminal(cell.note));
    }
  }
  if (!notes.empty()) out += "\n" + notes;
  return out;
}

}  // namespace initcheck
