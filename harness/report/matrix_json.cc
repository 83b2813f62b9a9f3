#include "harness/report/matrix_json.h"

#include <string>
#include <string_view>

#include <fmt/core.h>

#include "harness/codec/json_reader.h"
#include "harness/codec/scenario_json.h"
#include "harness/codec/trace_json.h"
#include "harness/report/verdict_json.h"

namespace initcheck {
namespace {

constexpr std::string_view kFormat = "initcheck-matrix/1";

// First of all, so that another document (or another version of this one)
// is named as such rather than by its first unknown key.
void CheckFormat(const nlohmann::json& json) {
  if (!json.is_object()) FailType("$", "object", json);
  const auto it = json.find("format");
  if (it == json.end()) {
    throw JsonError("$", fmt::format("missing required key \"format\" (not an initcheck report, "
                                     "which says \"{}\")",
                                     kFormat));
  }
  if (std::string format = GetString(*it, "$.format"); format != kFormat) {
    throw JsonError("$.format", fmt::format("unknown format {}; expected \"{}\" (not an initcheck "
                                            "report)",
                                            Quote(format), kFormat));
  }
}

MatrixInit DecodeInit(const nlohmann::json& json, const std::string& path) {
  ObjectReader r(json, path, {"name", "command", "skip_reason"});
  return {r.String("name"), r.String("command"), r.String("skip_reason")};
}

MatrixCell DecodeCell(const nlohmann::json& json, const std::string& path) {
  ObjectReader r(json, path, {"scenario", "init", "status", "violated", "note", "trace", "verdicts"});
  MatrixCell cell;
  cell.scenario = r.String("scenario");
  cell.init = r.String("init");
  cell.status = r.Enum("status", CellStatusIds(), "cell status");
  cell.violated = ReadArray(r.Require("violated"), r.PathOf("violated"), GetString);
  cell.note = r.String("note");
  if (const nlohmann::json& trace = r.Require("trace"); !trace.is_null()) {
    cell.trace = TraceFromJson(trace, r.PathOf("trace"));
  }
  cell.verdicts = ReadArray(r.Require("verdicts"), r.PathOf("verdicts"), VerdictFromJson);
  return cell;
}

}  // namespace

nlohmann::json MatrixToJson(const Matrix& matrix) {
  nlohmann::json inits = nlohmann::json::array();
  for (const auto& i : matrix.inits) {
    inits.push_back({{"name", i.name}, {"command", i.command}, {"skip_reason", i.skip_reason}});
  }
  nlohmann::json scenarios = nlohmann::json::array();
  for (const auto& s : matrix.scenarios) scenarios.push_back(ScenarioToJson(s));
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& c : matrix.cells) {
    nlohmann::json verdicts = nlohmann::json::array();
    for (const auto& v : c.verdicts) verdicts.push_back(VerdictToJson(v));
    cells.push_back({{"scenario", c.scenario},
                     {"init", c.init},
                     {"status", CellStatusId(c.status)},
                     {"violated", c.violated},
                     {"note", c.note},
                     {"trace", c.trace ? TraceToJson(*c.trace) : nlohmann::json(nullptr)},
                     {"verdicts", verdicts}});
  }
  return {{"format", "initcheck-matrix/1"},
          {"observer", matrix.observer},
          {"elapsed_s", matrix.elapsed_s},
          {"inits", inits},
          {"scenarios", scenarios},
          {"cells", cells}};
}

Matrix MatrixFromJson(const nlohmann::json& json) {
  CheckFormat(json);
  ObjectReader r(json, "$", {"format", "observer", "elapsed_s", "inits", "scenarios", "cells"});
  Matrix m;
  m.observer = r.String("observer");
  m.elapsed_s = GetNumber(r.Require("elapsed_s"), r.PathOf("elapsed_s"));
  m.inits = ReadArray(r.Require("inits"), r.PathOf("inits"), DecodeInit);
  m.scenarios = ReadArray(r.Require("scenarios"), r.PathOf("scenarios"), ScenarioFromJson);
  m.cells = ReadArray(r.Require("cells"), r.PathOf("cells"), DecodeCell);
  return m;
}

}  // namespace initcheck
