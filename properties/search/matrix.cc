#include "properties/search/matrix.h"

#include "harness/model/enum_ids.h"
#include "properties/properties.h"

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

void MatrixCell::Judged(std::vector<Verdict> judged) {
  verdicts = std::move(judged);
  violated = ViolatedProperties(verdicts);
  note.clear();
  for (const auto& v : verdicts) {
    if (v.value == VerdictValue::kUnknown && note.empty()) note = v.property + ": " + v.note;
  }
  status = !note.empty() ? CellStatus::kUnknown : violated.empty() ? CellStatus::kPass : CellStatus::kFail;
}

const MatrixCell* Matrix::Cell(const std::string& scenario, const std::string& init) const {
  for (const auto& c : cells) {
    if (c.scenario == scenario && c.init == init) return &c;
  }
  return nullptr;
}

}  // namespace initcheck
