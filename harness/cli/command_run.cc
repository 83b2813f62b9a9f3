#include "harness/cli/command_run.h"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "harness/cli/cli_common.h"
#include "harness/report/run_report.h"
#include "harness/codec/scenario_json.h"
#include "properties/search/judge.h"

namespace initcheck::cli {
namespace {

struct RunCommandFlags {
  InitChoice init;
  std::vector<std::string> properties;
  RunFlags run;
  std::string scenario_path;
  bool json = false;
};

int RunScenario(const RunCommandFlags& flags) {
  Scenario scenario;
  try {
    scenario = LoadScenarioFile(flags.scenario_path);
  } catch (const ScenarioError& e) {
    throw UsageError(e.what());  // it names the file
  }
  CheckPropertyIds(flags.properties);
  InitCommand init = ResolveInitOrThrow(flags.init);
  Judgement judged = RunAndJudge(Run, init, scenario, MakeRunOptions(flags.run), flags.properties);
  if (!judged.trace) throw RunError(judged.error);
  const Trace& trace = *judged.trace;
  const std::vector<Verdict>& verdicts = judged.verdicts;

  if (flags.json) {
    std::cout << RunReportJson(trace, verdicts).dump(2) << "\n";
  } else {
    std::cout << RenderRunTable(trace, verdicts);
  }
  bool violated = false;
  for (const auto& v : verdicts) {
    if (v.value == VerdictValue::kUnknown) {
      std::cerr << OneLine("initcheck: no verdict: " + v.property + " is unknown: " + v.note) << "\n";
      return kExitUnjudged;
    }
    violated |= v.value == VerdictValue::kViolated;
  }
  return violated ? kExitViolated : kExitHolds;
}

}  // namespace

std::function<int()> AddRunCommand(CLI::App& app) {
  auto flags = std::make_shared<RunCommandFlags>();
  CLI::App* command = app.add_subcommand("run", "run one scenario against one init and check it");
  AddInitOption(*command, flags->init);
  AddPropertyOption(*command, flags->properties);
  AddRunOptions(*command, flags->run);
  command->add_option("scenario", flags->scenario_path, "scenario JSON file (format: DESIGN.md)")->required();
  command->add_flag("--json", flags->json, "print one JSON object instead of the table");
  return [command, flags] { return *command ? RunScenario(*flags) : -1; };
}

}  // namespace initcheck::cli
