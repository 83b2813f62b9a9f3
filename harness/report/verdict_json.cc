#include "harness/report/verdict_json.h"

#include <string_view>
#include <utility>
#include <vector>

#include "harness/codec/json_reader.h"
#include "harness/codec/trace_json.h"

namespace initcheck {
namespace {

nlohmann::json Index(std::optional<size_t> index) { return index ? nlohmann::json(*index) : nlohmann::json(nullptr); }

// Present, and null when no single process is meant.
std::optional<size_t> NullableIndex(const ObjectReader& r, std::string_view key) {
  const nlohmann::json& v = r.Require(key);
  if (v.is_null()) return std::nullopt;
  return GetIndex(v, r.PathOf(key));
}

ChainLink DecodeLink(const nlohmann::json& json, const std::string& path) {
  ObjectReader r(json, path, {"t_ms", "t_ns", "process", "what"});
  return {r.Integer("t_ns"), NullableIndex(r, "process"), r.String("what")};
}

Violation DecodeViolation(const nlohmann::json& json, const std::string& path) {
  ObjectReader r(json, path, {"process", "record", "t_ms", "t_ns", "chain", "context", "explanation"});
  std::string process = r.String("process");
  std::optional<size_t> record = NullableIndex(r, "record");
  int64_t t_ns = r.Integer("t_ns");
  std::vector<ChainLink> chain = ReadArray(r.Require("chain"), r.PathOf("chain"), DecodeLink);
  return MakeViolation(std::move(process), record, t_ns, std::move(chain), r.String("context"));
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

Verdict VerdictFromJson(const nlohmann::json& json, const std::string& path) {
  ObjectReader r(json, path, {"id", "holds", "verdict", "violations", "note"});
  Verdict verdict;
  verdict.property = r.String("id");
  verdict.value = r.Enum("verdict", VerdictValueIds(), "verdict");
  verdict.violations = ReadArray(r.Require("violations"), r.PathOf("violations"), DecodeViolation);
  verdict.note = r.String("note");
  return verdict;
}

}  // namespace initcheck
