// The behaviour matrix `initcheck compare` builds: every init against every
// scenario, one cell each. Plain data; the JSON codec, the Markdown table
// and the HTML report read it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/model/enum_ids.h"
#include "harness/model/scenario.h"
#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

struct MatrixInit {
  std::string name;         // as the catalogue names it ("tini-g"), or the --init-cmd line
  std::string command;      // the argv prefix it ran as, joined by spaces; empty if skipped
  std::string skip_reason;  // non-empty: the binary is missing, the column is skipped

  bool operator==(const MatrixInit&) const = default;
};

enum class CellStatus {
  kPass,     // every property holds
  kFail,     // at least one property is violated (violated lists them)
  kUnknown,  // the run could not be trusted: a harness fault or error (note says why)
  kSkipped,  // the init is missing
};

std::string_view CellStatusId(CellStatus status);  // "pass", "fail", "unknown", "skipped"
std::optional<CellStatus> CellStatusFromId(std::string_view id);
std::span<const EnumId<CellStatus>> CellStatusIds();

struct MatrixCell {
  std::string scenario;  // Scenario::name
  std::string init;      // MatrixInit::name
  CellStatus status = CellStatus::kUnknown;
  std::vector<std::string> violated;  // property ids, in registry order
  std::string note;                   // why unknown or skipped
  std::optional<Trace> trace;         // the run behind the cell (absent when skipped or errored)
  std::vector<Verdict> verdicts;

  bool operator==(const MatrixCell&) const = default;

  // Takes the verdicts of the cell's run and derives violated, the status
  // (unknown if any verdict is) and the note (the first unknown's reason).
  void Judged(std::vector<Verdict> judged);
};

struct Matrix {
  std::vector<MatrixInit> inits;      // columns, in the order asked for
  std::vector<Scenario> scenarios;    // rows, in the order asked for
  std::vector<MatrixCell> cells;      // scenario-major: row by row
  std::string observer;               // which observer judged (the first cell's, if all agree)
  double elapsed_s = 0;

  bool operator==(const Matrix&) const = default;
  const MatrixCell* Cell(const std::string& scenario, const std::string& init) const;
};

}  // namespace initcheck
