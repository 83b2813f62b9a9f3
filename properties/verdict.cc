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
  return Verdict{std::string(property), VerdictValue::kHolds, {}, std::move(note)};
}

Verdict UnknownVerdict(std::string_view property, std::string reason) {
  return Verdict{std::string(property), VerdictValue::kUnknown, {}, std::move(reason)};
}

}  // namespace initcheck
