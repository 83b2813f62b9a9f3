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
std::span<const EnumId<VerdictValue>> VerdictValueIds() { return kValues; }

std::string RenderExplanation(const std::vector<ChainLink>& chain, const std::string& context) {
  std::string out;
  for (const auto& link : chain) {
    if (!out.empty()) out += " -> ";
    out += link.what;
  }
  if (!context.empty()) out += (out.empty() ? "" : "; ") + context;
  return out;
}

Violation MakeViolation(std::string process, std::optional<size_t> record, int64_t t_ns,
                        std::vector<ChainLink> chain, std::string context) {
  Violation v{std::move(process), record, t_ns, std::move(chain), std::move(context), ""};
  v.explanation = RenderExplanation(v.chain, v.context);
  return v;
}

Verdict HoldsVerdict(std::string_view property, std::string note) {
  return Verdict{std::string(property), VerdictValue::kHolds, {}, std::move(note)};
}

Verdict UnknownVerdict(std::string_view property, std::string reason) {
  return Verdict{std::string(property), VerdictValue::kUnknown, {}, std::move(reason)};
}

}  // namespace initcheck
