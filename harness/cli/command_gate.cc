#include "harness/cli/command_gate.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "harness/cli/bazel_test_env.h"
#include "harness/cli/cli_common.h"
#include "harness/codec/json_reader.h"
#include "harness/codec/scenario_json.h"
#include "harness/report/baseline_json.h"
#include "harness/report/display_text.h"
#include "harness/report/junit_xml.h"
#include "harness/report/run_report.h"
#include "properties/search/gate.h"
#include "properties/search/judge.h"
#include "properties/search/matrix_sweep.h"
#include "properties/search/property_search.h"
#include "properties/search/run_budget.h"

namespace initcheck::cli {
namespace {

struct GateFlags {
  InitChoice init;
  std::vector<std::string> properties;
  RunFlags run;
  std::vector<std::string> scenario_paths;
  int jobs = kAutoJobs;
  std::string baseline;
  std::string junit;
  std::string out;  // counterexamples; default: TEST_UNDECLARED_OUTPUTS_DIR under bazel test
  std::string label;  // the init's name in the output and the baseline; default: InitCommand::name
  bool update = false;
  int confirm_runs = 3;
  int random_runs = 0;
  uint64_t seed = 1;
  int explore_runs = 0;
  std::optional<uint64_t> explore_seed;
};

Baseline ReadBaseline(const std::string& path) {
  const std::string text = ReadTextFile(path, "write a baseline with --update");
  try {
    return BaselineFromJson(ParseJson(text));
  } catch (const JsonError& e) {
    throw UsageError(fmt::format("{}: not a baseline: {}", path, e.what()));
  }
}

// A regression is only as good as its run: each is rerun, and stays one
// only if every judged rerun violates the property too. Otherwise it is
// unjudged (its verdict hinged on a race): the gate fails either way, but
// never says "regressed" of a flaky run.
const Scenario* Named(const std::vector<Scenario>& scenarios, const std::string& name) {
  auto it = std::find_if(scenarios.begin(), scenarios.end(), [&](const Scenario& s) { return s.name == name; });
  return it == scenarios.end() ? nullptr : &*it;
}

void ConfirmRegressions(GateResult& result, const std::vector<Scenario>& scenarios, const InitCommand& init,
                        const RunOptions& options, int confirm_runs, const RunBudget& budget) {
  for (GateCase& c : result.cases) {
    if (c.change != GateChange::kRegressed) continue;
    // A regression comes from a cell, and every cell from one of the scenarios.
    const Scenario* scenario = Named(scenarios, c.scenario);
    if (std::string why = budget.Hold(*scenario, options, confirm_runs); !why.empty()) {
      c.change = GateChange::kUnjudged;
      c.detail = "violated once; its confirmation " + why;
      continue;
    }
    const Confirmation confirmation = ConfirmByReruns(
        [&] { return RunAndJudge(Run, init, *scenario, options, {c.property}); }, confirm_runs,
        kUnjudgedReplacements, [](const Judgement& j) { return !j.violated.empty(); });
    if (!confirmation.confirmed) {
      c.change = GateChange::kUnjudged;
      c.detail = fmt::format("violated once, then in {} of {} judged reruns ({} could not be judged): its verdict "
                             "depends on a race",
                             confirmation.showing, confirmation.judged, confirmation.unjudged);
    }
  }
}

// For each scenario with a failing case, the scenario file (so `initcheck
// run` replays it) and its run's report beside it (NAME.run.json: trace,
// verdicts, causal chains), in dir.
void WriteCounterexamples(const GateResult& result, const std::vector<Scenario>& scenarios, const Matrix& matrix,
                          const std::string& dir) {
  std::set<std::string> written;
  for (const GateCase& c : result.cases) {
    if (!FailsGate(c.change) || !written.insert(c.scenario).second) continue;
    const Scenario* scenario = Named(scenarios, c.scenario);
    if (scenario == nullptr) continue;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw UsageError(fmt::format("mkdir({}): {}", dir, ec.message()));
    const std::string base = (std::filesystem::path(dir) / SafeFileName(c.scenario)).string();
    WriteTextFile(base + ".json", ScenarioToJsonText(*scenario));
    const MatrixCell* cell = matrix.Cell(c.scenario, matrix.inits.front().name);
    if (cell && cell->trace) WriteTextFile(base + ".run.json", RunReportJson(*cell->trace, cell->verdicts).dump(2) + "\n");
    std::cout << fmt::format("counterexample: {}.json\n", base);
  }
}

// The scenarios the time limit kept from starting (skipped cells: the
// gate's one init is never missing), listed once rather than per property;
// returns how many.
size_t PrintNotStarted(const Matrix& matrix) {
  std::vector<std::string> names;
  for (const MatrixCell& cell : matrix.cells) {
    if (cell.status == CellStatus::kSkipped) names.push_back(cell.scenario);
  }
  if (names.empty()) return 0;
  std::string why = matrix.Cell(names.front(), matrix.inits.front().name)->note;
  if (why.starts_with("not started: ")) why.erase(0, std::string_view("not started: ").size());
  std::cout << fmt::format("not started: {} of {} scenarios ({}): {}; give the test a larger size or more shards\n",
                           names.size(), matrix.scenarios.size(), EscapeTerminal(why),
                           EscapeTerminal(fmt::format("{}", fmt::join(names, ", "))));
  return names.size();
}

// Every case that is not the same, but the explored scenarios' new ones
// (seven lines a scenario, saying only that it has no baseline).
void PrintResult(const GateResult& result, const std::string& init, const Baseline& baseline,
                 const std::set<std::string>& explored) {
  for (const GateCase& c : result.cases) {
    if (c.change == GateChange::kSame) continue;
    if (c.change == GateChange::kNew && explored.count(c.scenario)) continue;
    std::cout << fmt::format("{:<10} {} / {}{}\n", GateChangeId(c.change), EscapeTerminal(c.scenario), c.property,
                             c.detail.empty() ? "" : ": " + EscapeTerminal(c.detail));
  }
  std::cout << fmt::format(
      "gate: {} against the baseline of {}: {} cases, {} regressed, {} unjudged, {} improved, {} new, {} not run\n",
      EscapeTerminal(init), EscapeTerminal(baseline.init), result.cases.size(), result.Count(GateChange::kRegressed),
      result.Count(GateChange::kUnjudged), result.Count(GateChange::kImproved), result.Count(GateChange::kNew),
      result.Count(GateChange::kNotRun));
}

// The explored scenarios' seed: --explore-seed, else one mixed from
// TEST_RANDOM_SEED (bazel test --runs_per_test=N numbers its runs 1..N),
// far from the pinned random runs' small seeds; none: no exploring.
std::optional<uint64_t> ExploreSeed(const GateFlags& flags, const BazelTestEnv& bazel) {
  if (flags.explore_seed) return flags.explore_seed;
  if (bazel.random_seed) return ScenarioKey(*bazel.random_seed, 0);
  return std::nullopt;
}

// Appends the explored scenarios to all and returns their names.
std::vector<std::string> Explore(const GateFlags& flags, const BazelTestEnv& bazel, std::vector<Scenario>& all) {
  if (flags.explore_runs == 0) return {};
  const std::optional<uint64_t> seed = ExploreSeed(flags, bazel);
  if (!seed) {
    std::cout << "explore: off, no seed (bazel test --runs_per_test=N sets TEST_RANDOM_SEED; or --explore-seed)\n";
    return {};
  }
  std::vector<std::string> names;
  for (int i = 0; i < flags.explore_runs; ++i) {
    Scenario s = GeneratedScenario(*seed, i);
    if (std::any_of(all.begin(), all.end(), [&](const Scenario& a) { return a.name == s.name; })) continue;
    names.push_back(s.name);
    all.push_back(std::move(s));
  }
  std::cout << fmt::format(
      "explore: {} generated scenarios of --explore-seed {}{}, held to what held in every baseline scenario\n",
      names.size(), *seed,
      flags.explore_seed ? "" : fmt::format(" (from TEST_RANDOM_SEED={})", *bazel.random_seed));
  return names;
}

int GateRuns(const GateFlags& flags, const BazelTestEnv& bazel, RunBudget::Clock::time_point started) {
  CheckPropertyIds(flags.properties);
  if (flags.update && flags.explore_seed) throw UsageError("--update writes the baseline: it explores nothing");
  std::vector<Scenario> all = LoadScenariosOrCatalogue(flags.scenario_paths);
  // Generated scenarios, the same ones `initcheck check --seed` draws first:
  // a fixed seed gives the same names and trees, so a baseline lists them.
  for (int i = 0; i < flags.random_runs; ++i) all.push_back(GeneratedScenario(flags.seed, i));
  const std::vector<std::string> explored = flags.update ? std::vector<std::string>{} : Explore(flags, bazel, all);
  const Shard shard = bazel.shard.value_or(Shard{});
  if (!bazel.shard_status_file.empty()) WriteTextFile(bazel.shard_status_file, "");
  const std::vector<Scenario> scenarios = ScenariosOfShard(all, shard);
  if (flags.update && shard.total > 1) throw UsageError("--update writes the whole baseline: run it without sharding");
  InitCommand init = ResolveInitOrThrow(flags.init);
  if (!flags.label.empty()) init.name = flags.label;
  // Read before running: a bad baseline should cost no runs.
  const std::optional<Baseline> baseline =
      flags.update ? std::nullopt
                   : std::optional(BaselineOfShard(WithInvariantsFor(ReadBaseline(flags.baseline), explored), all, shard));
  const RunBudget budget =
      bazel.timeout_s
          ? RunBudget(started, *bazel.timeout_s, fmt::format("the test's timeout (TEST_TIMEOUT={} s)", *bazel.timeout_s))
          : RunBudget();

  CompareOptions options;
  options.run = MakeRunOptions(flags.run);
  options.jobs = flags.jobs;
  options.properties = flags.properties;
  options.hold = [&](const Scenario& s) { return budget.Hold(s, options.run); };
  Matrix matrix = RunMatrix({{init.name, init, ""}}, scenarios, options);

  if (flags.update) {
    std::vector<std::string> unknown;
    for (const MatrixCell& cell : matrix.cells) {
      if (cell.status == CellStatus::kUnknown || cell.status == CellStatus::kSkipped) {
        unknown.push_back(cell.scenario + " (" + cell.note + ")");
      }
    }
    if (!unknown.empty()) {
      throw RunError(fmt::format("no baseline written: {} could not be judged: {}", unknown.size(),
                                 fmt::join(unknown, "; ")));
    }
    WriteTextFile(flags.baseline, BaselineToJson(BaselineOf(matrix, init.name)).dump(2) + "\n");
    std::cout << fmt::format("baseline: {} ({} scenarios, {})\n", flags.baseline, scenarios.size(), init.name);
    return kExitHolds;
  }

  GateResult result = CompareWithBaseline(*baseline, matrix, init.name);
  ConfirmRegressions(result, scenarios, init, options.run, flags.confirm_runs, budget);
  const std::set<std::string> explored_set(explored.begin(), explored.end());
  for (GateCase& c : result.cases) {
    if (c.change == GateChange::kRegressed && explored_set.count(c.scenario)) {
      c.detail = "explored (held in every baseline scenario): " + c.detail;
    }
  }
  PrintResult(result, init.name, *baseline, explored_set);
  const size_t not_started = PrintNotStarted(matrix);
  const std::string out = flags.out.empty() ? bazel.undeclared_outputs_dir : flags.out;
  if (!out.empty()) WriteCounterexamples(result, scenarios, matrix, out);
  const std::string junit = flags.junit.empty() ? bazel.xml_output_file : flags.junit;
  if (!junit.empty()) WriteTextFile(junit, RenderJunitXml(result, init.name, matrix.elapsed_s));
  if (result.Count(GateChange::kRegressed) > 0) return kExitViolated;
  if (result.Count(GateChange::kUnjudged) > 0 || not_started > 0) {
    throw RunError(fmt::format("{} verdicts the baseline has could not be judged, {} scenarios not started (see above)",
                               result.Count(GateChange::kUnjudged), not_started));
  }
  return kExitHolds;
}

// Under `bazel test`, a gate that could not judge (the harness failed, the
// machine let schedules slip) says so in TEST_INFRASTRUCTURE_FAILURE_FILE:
// the CI then reports a broken runner, not a worse init.
int Gate(const GateFlags& flags) {
  const auto started = RunBudget::Clock::now();
  const BazelTestEnv bazel = BazelTestEnv::FromEnvironment();
  PrematureExitMarker running(bazel.premature_exit_file);
  try {
    return GateRuns(flags, bazel, started);
  } catch (const RunError& e) {
    if (!bazel.infrastructure_failure_file.empty()) {
      WriteTextFile(bazel.infrastructure_failure_file, OneLine(e.what()) + "\n");
    }
    throw;
  }
}

}  // namespace

std::function<int()> AddGateCommand(CLI::App& app) {
  auto flags = std::make_shared<GateFlags>();
  CLI::App* command = app.add_subcommand(
      "gate",
      "regression gate: run one init over the scenarios and compare every verdict with a baseline file. A "
      "property that held in the baseline and is violated now (in every one of --confirm-runs reruns) fails "
      "the gate, exit 1; a verdict the baseline has that cannot be judged now fails it too, exit 3 (an "
      "unknown verdict is never a pass); improvements and new cases are reported, exit 0. --update "
      "writes the baseline from this run instead (refused, exit 3, if any cell is unknown)");
  AddInitOption(*command, flags->init);
  AddPropertyOption(*command, flags->properties);
  AddRunOptions(*command, flags->run);
  AddScenariosOption(*command, flags->scenario_paths);
  AddJobsOption(*command, flags->jobs, "scenarios");
  command->add_option("--baseline", flags->baseline, "the baseline file (initcheck-baseline-1 JSON)")->required();
  command->add_flag("--update", flags->update, "write the baseline from this run instead of gating");
  command->add_option("--junit", flags->junit, "also write the result as JUnit XML to this file");
  command->add_option("--out", flags->out,
                      "directory for each failing scenario and its run's report (default under bazel test: "
                      "TEST_UNDECLARED_OUTPUTS_DIR)");
  command->add_option("--label", flags->label,
                      "the init's name in the output and the baseline (default: its catalogue name, or the "
                      "--init-cmd line, whose path may differ between machines)");
  command->add_option("--random-runs", flags->random_runs,
                      "also gate this many generated scenarios (those of `initcheck check --seed SEED`)")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000));
  command->add_option("--seed", flags->seed,
                      "the seed of the generated scenarios; a baseline holds for one seed (another seed's "
                      "scenarios are new, so they cannot fail the gate)")
      ->capture_default_str();
  command->add_option("--explore-runs", flags->explore_runs,
                      "also run this many generated scenarios of a fresh seed each time (--explore-seed, or under "
                      "bazel test TEST_RANDOM_SEED: --runs_per_test=N explores N samples), each held to the "
                      "properties that held in every baseline scenario: a confirmed violation of one is a "
                      "regression; without a seed, nothing is explored")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000));
  command->add_option("--explore-seed", flags->explore_seed,
                      "the explored scenarios' seed (the gate prints it; give it to replay a finding)");
  command->add_option("--confirm-runs", flags->confirm_runs,
                      "reruns a regression must fail in every one of (runs that cannot be judged are replaced, "
                      "up to 3)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  return [command, flags] { return *command ? Gate(*flags) : -1; };
}

}  // namespace initcheck::cli
