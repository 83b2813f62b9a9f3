#include "harness/report/baseline_json.h"

#include <fmt/format.h>

#include "harness/codec/json_reader.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

// A baseline holds judged verdicts only.
constexpr EnumId<VerdictValue> kJudged[] = {{VerdictValue::kHolds, "holds"}, {VerdictValue::kViolated, "violated"}};

}  // namespace

nlohmann::json BaselineToJson(const Baseline& baseline) {
  nlohmann::json verdicts = nlohmann::json::object();
  for (const auto& [scenario, row] : baseline.verdicts) {
    nlohmann::json r = nlohmann::json::object();
    for (const auto& [property, value] : row) r[property] = VerdictValueId(value);
    verdicts[scenario] = r;
  }
  return {{"format", kBaselineFormat}, {"init", baseline.init}, {"verdicts", verdicts}};
}

Baseline BaselineFromJson(const nlohmann::json& json) {
  if (!json.is_object()) FailType("$", "object", json);
  ObjectReader top(json, "$", {"format", "init", "verdicts"});
  if (const std::string format = top.String("format"); format != kBaselineFormat) {
    throw JsonError(top.PathOf("format"),
                    fmt::format("unknown format {}; expected {}", Quote(format), Quote(kBaselineFormat)));
  }
  Baseline baseline;
  baseline.init = top.String("init");
  const nlohmann::json& verdicts = top.Require("verdicts");
  if (!verdicts.is_object()) FailType(top.PathOf("verdicts"), "object", verdicts);
  std::vector<std::string> ids;
  for (const Property& p : AllProperties()) ids.push_back(std::string(p.id));
  for (const auto& [scenario, row] : verdicts.items()) {
    const std::string row_path = KeyPath(top.PathOf("verdicts"), scenario);
    if (scenario.empty()) throw JsonError(row_path, "a scenario name may not be empty");
    if (!row.is_object()) FailType(row_path, "object", row);
    for (const auto& [property, value] : row.items()) {
      const std::string path = KeyPath(row_path, property);
      if (!FindProperty(property)) {
        throw JsonError(path, fmt::format("unknown property {}; expected one of: {}", Quote(property),
                                          fmt::join(ids, ", ")));
      }
      baseline.verdicts[scenario][property] = GetEnum<VerdictValue>(value, path, kJudged, "baseline verdict");
    }
  }
  return baseline;
}

}  // namespace initcheck
