#include "harness/report/verdict_json.h"

#include <stdexcept>

#include "harness/codec/trace_json.h"

namespace initcheck {

nlohmann::json VerdictToJson(const Verdict& verdict) {
  nlohmann::json violations = nlohmann::json::array();
  for (const auto& v : verdict.violations) {
    violations.push_back({{"process", v.process},
                          {"t_ms", MsJson(v.t_ns)},
                          {"t_ns", v.t_ns},
                          {"explanation", v.explanation}});
  }
  return {{"id", verdict.property},
          {"holds", verdict.Holds()},
          {"verdict", VerdictValueId(verdict.value)},
          {"violations", violations},
          {"note", verdict.note}};
}

Verdict VerdictFromJson(const nlohmann::json& json) {
  try {
    Verdict verdict;
    verdict.property = json.at("id").get<std::string>();
    auto value = VerdictValueFromId(json.at("verdict").get<std::string>());
    if (!value) throw std::runtime_error("unknown verdict " + json.at("verdict").dump());
    verdict.value = *value;
    for (const auto& v : json.at("violations")) {
      verdict.violations.push_back(
          {v.at("process").get<std::string>(), v.at("t_ns").get<int64_t>(), v.at("explanation").get<std::string>()});
    }
    verdict.note = json.at("note").get<std::string>();
    return verdict;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("not a verdict: ") + e.what());
  }
}

}  // namespace initcheck
