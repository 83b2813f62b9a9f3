#include "properties/verdict.h"

#include "harness/model/enum_ids.h"

namespace initcheck {
namespace {
constexpr EnumId<VerdictValue> kValues[] = {
    {VerdictValue::kHolds, "holds"},
    {VerdictValue::kViolated, "violated"},
    {VerdictValue::kUnknown, "unknown"},
};
}  // namespace

std::string_view VerdictValueId(VerdictValue value) { return IdOf<VerdictValue>(kValues, value); }
std::optional<VerdictValue> VerdictValueFromId(std::string_view id) { return FromId<VerdictValue>(kValues, id); }

Verdict HoldsVerdict(std::string_view property, std::string note) {
  return Verdict{std::string(property), VerdictValue::kHolds, {}, std::move(note)};
}

Verdict UnknownVerdict(std::string_view property, std::string reason) {
  return Verdict{std::string(property), VerdictValue::kUnknown, {}, std::move(reason)};
}

}  // namespace initcheck
