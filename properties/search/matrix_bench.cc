// The behaviour matrix at `initcheck compare`'s default settings, against
// what its cells' scenarios last, measured in the same run:
//
//   bazel run -c opt //properties/search:matrix_bench
//
// BM_Matrix/all      every init of the catalogue this machine has, over the
//                    whole scenario catalogue: what `ci/compare` runs.
// BM_Matrix/issue12  the ten inits the performance issue measured (tini,
//                    tini -g, dumb-init and its single-child mode,
//                    catatonit and -g, the four in-tree strategies).
// Counters:
//   cells, unknown    cells run, and those no run could judge (must be 0);
//   scenario_s        the sum of the judged cells' own durations (t = 0 to
//                     PID 1's exit): the time one run at a time would spend
//                     inside scenarios;
//   wall_s, x_scenarios  the sweep's wall time, and against scenario_s:
//                     below 1 means runs overlapped that much.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/codec/scenario_json.h"
#include "harness/runner/init_catalogue.h"
#include "harness/runner/tool_paths.h"
#include "properties/search/matrix_sweep.h"

namespace initcheck {
namespace {

std::vector<Scenario> Catalogue() {
  std::vector<std::string> files;
  const std::string dir = FindTool("scenarios", "INITCHECK_SCENARIOS");
  if (dir.empty()) return {};
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<Scenario> out;
  for (const auto& f : files) out.push_back(LoadScenarioFile(f));
  return out;
}

std::vector<CompareInit> Inits(bool issue12) {
  static const std::vector<std::string> kIssue12 = {"tini",      "tini-g",      "dumb-init",    "dumb-init-single",
                                                    "catatonit", "catatonit-g", "exit-on-term", "forward-child",
                                                    "forward-group", "drain"};
  std::vector<CompareInit> out;
  for (const CatalogueEntry& e : InitCatalogue()) {
    if (issue12 && std::find(kIssue12.begin(), kIssue12.end(), e.name) == kIssue12.end()) continue;
    ResolvedInit r = ResolveInit(e.name, DefaultInitSearch());
    if (r.command) out.push_back({e.name, r.command, ""});
  }
  return out;
}

void BM_Matrix(benchmark::State& state) {
  const std::vector<Scenario> scenarios = Catalogue();
  const std::vector<CompareInit> inits = Inits(state.range(0) == 1);
  RunOptions run;
  run.probe_path = FindTool("harness/probe/probe", "INITCHECK_PROBE");
  if (scenarios.empty() || inits.empty() || run.probe_path.empty()) {
    state.SkipWithError("the scenario catalogue, the probe or every init is missing");
    return;
  }
  CompareOptions options;
  options.run = run;
  options.jobs = kAutoJobs;  // compare's default
  Matrix matrix;
  double wall_s = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    matrix = RunMatrix(inits, scenarios, options);
    wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  int unknown = 0;
  int64_t scenario_ns = 0;
  for (const MatrixCell& c : matrix.cells) {
    unknown += c.status == CellStatus::kUnknown;
    if (c.trace && c.trace->Init() && c.trace->Init()->exit_ns) scenario_ns += *c.trace->Init()->exit_ns;
  }
  state.counters["cells"] = static_cast<double>(matrix.cells.size());
  state.counters["unknown"] = unknown;
  state.counters["wall_s"] = wall_s;
  state.counters["scenario_s"] = static_cast<double>(scenario_ns) / 1e9;
  state.counters["x_scenarios"] = wall_s / (static_cast<double>(scenario_ns) / 1e9);
}
BENCHMARK(BM_Matrix)->ArgName("issue12")->Arg(0)->Arg(1)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace initcheck

BENCHMARK_MAIN();
