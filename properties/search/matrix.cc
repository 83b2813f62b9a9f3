#include "properties/search/matrix.h"

namespace initcheck {
namespace {
struct StatusName {
  CellStatus status;
  std::string_view id;
};
constexpr StatusName kStatuses[] = {
    {CellStatus::kPass, "pass"},
    {CellStatus::kFail, "fail"},
    {CellStatus::kUnknown, "unknown"},
    {CellStatus::kSkipped, "skipped"},
};
}  // namespace

std::string_view CellStatusId(CellStatus status) {
  for (const auto& s : kStatuses) {
    if (s.status == status) return s.id;
  }
  return "unknown";
}

std::optional<CellStatus> CellStatusFromId(std::string_view id) {
  for (const auto& s : kStatuses) {
    if (s.id == id) return s.status;
  }
  return std::nullopt;
}

const MatrixCell* Matrix::Cell(const std::string& scenario, const std::string& init) const {
  for (const auto& c : cells) {
    if (c.scenario == scenario && c.init == init) return &c;
  }
  return nullptr;
}

}  // namespace initcheck
