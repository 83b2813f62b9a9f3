#include "properties/search/matrix.h"

#include "harness/model/enum_ids.h"

namespace initcheck {
namespace {
constexpr EnumId<CellStatus> kStatuses[] = {
    {CellStatus::kPass, "pass"},
    {CellStatus::kFail, "fail"},
    {CellStatus::kUnknown, "unknown"},
    {CellStatus::kSkipped, "skipped"},
};
}  // namespace

std::string_view CellStatusId(CellStatus status) { return IdOf<CellStatus>(kStatuses, status); }
std::optional<CellStatus> CellStatusFromId(std::string_view id) { return FromId<CellStatus>(kStatuses, id); }
std::span<const EnumId<CellStatus>> CellStatusIds() { return kStatuses; }

const MatrixCell* Matrix::Cell(const std::string& scenario, const std::string& init) const {
  for (const auto& c : cells) {
    if (c.scenario == scenario && c.init == init) return &c;
  }
  return nullptr;
}

}  // namespace initcheck
