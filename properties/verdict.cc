#include "properties/verdict.h"

namespace initcheck {
namespace {
struct ValueName {
  VerdictValue value;
  std::string_view id;
};
constexpr ValueName kValues[] = {
    {VerdictValue::kHolds, "holds"},
    {VerdictValue::kViolated, "violated"},
    {VerdictValue::kUnknown, "unknown"},
};
}  // namespace

std::string_view VerdictValueId(VerdictValue value) {
  for (const auto& v : kValues) {
    if (v.value == value) return v.id;
  }
  return "unknown";
}

std::optional<VerdictValue> VerdictValueFromId(std::string_view id) {
  for (const auto& v : kValues) {
    if (v.id == id) return v.value;
  }
  return std::nullopt;
}

Verdict HoldsVerdict(std::string_view property, std::string note) {
  Verdict verdict;
  verdict.property = std::string(property);
  verdict.value = VerdictValue::kHolds;
  verdict.note = std::move(note);
  return verdict;
}

}  // namespace initcheck
