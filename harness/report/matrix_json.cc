#include "harness/report/matrix_json.h"

#include <stdexcept>

#include "harness/report/verdict_json.h"
#include "harness/codec/scenario_json.h"
#include "harness/codec/trace_json.h"

namespace initcheck {

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
  try {
    if (json.at("format") != "initcheck-matrix/1") {
      throw std::runtime_error("unknown format " + json.at("format").dump());
    }
    Matrix m;
    m.observer = json.at("observer").get<std::string>();
    m.elapsed_s = json.at("elapsed_s").get<double>();
    for (const auto& i : json.at("inits")) {
      m.inits.push_back({i.at("name").get<std::string>(), i.at("command").get<std::string>(),
                         i.at("skip_reason").get<std::string>()});
    }
    for (const auto& s : json.at("scenarios")) m.scenarios.push_back(ScenarioFromJson(s));
    for (const auto& c : json.at("cells")) {
      MatrixCell cell;
      cell.scenario = c.at("scenario").get<std::string>();
      cell.init = c.at("init").get<std::string>();
      auto status = CellStatusFromId(c.at("status").get<std::string>());
      if (!status) throw std::runtime_error("unknown cell status " + c.at("status").dump());
      cell.status = *status;
      cell.violated = c.at("violated").get<std::vector<std::string>>();
      cell.note = c.at("note").get<std::string>();
      if (!c.at("trace").is_null()) cell.trace = TraceFromJson(c.at("trace"));
      for (const auto& v : c.at("verdicts")) cell.verdicts.push_back(VerdictFromJson(v));
      m.cells.push_back(std::move(cell));
    }
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("not an initcheck report: ") + e.what());
  } catch (const ScenarioError& e) {
    throw std::runtime_error(std::string("not an initcheck report: a scenario: ") + e.what());
  }
}

}  // namespace initcheck
