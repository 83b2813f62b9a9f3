#include "harness/report/verdict_json.h"

#include <stdexcept>

#include "harness/codec/trace_json.h"

namespace initcheck {
namespace {

nlohmann::json Index(std::optional<size_t> index) { return index ? nlohmann::json(*index) : nlohmann::json(nullptr); }

std::optional<size_t> IndexFrom(const nlohmann::json& json) {
  if (json.is_null()) return std::nullopt;
  return json.get<size_t>();
}

}  // namespace

nlohmann::json VerdictToJson(const Verdict& verdict) {
  nlohmann::json violations = nlohmann::json::array();
  for (const auto& v : verdict.violations) {
    nlohmann::json chain = nlohmann::json::array();
    for (const auto& link : v.chain) {
      chain.push_back({{"t_ms", MsJson(link.t_ns)}, {"t_ns", link.t_ns}, {"process", Index(link.process)},
                       {"what", link.what}});
    }
    violations.push_back({{"process", v.process},
                          {"record", Index(v.record)},
                          {"t_ms", MsJson(v.t_ns)},
                          {"t_ns", v.t_ns},
                          {"chain", chain},
                          {"context", v.context},
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
      std::vector<ChainLink> chain;
      for (const auto& link : v.at("chain")) {
        chain.push_back({link.at("t_ns").get<int64_t>(), IndexFrom(link.at("process")),
                         link.at("what").get<std::string>()});
      }
      verdict.violations.push_back(MakeViolation(v.at("process").get<std::string>(), IndexFrom(v.at("record")),
                                                 v.at("t_ns").get<int64_t>(), std::move(chain),
                                                 v.at("context").get<std::string>()));
    }
    verdict.note = json.at("note").get<std::string>();
    return verdict;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("not a verdict: ") + e.what());
  }
}

}  // namespace initcheck
