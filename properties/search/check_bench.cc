// How fast `initcheck check` gets through generated scenarios, beside what
// the same process trees cost to spawn in fresh PID namespaces with no
// harness at all, measured in the same run:
//
//   bazel run -c opt //properties/search:check_bench
//
// BM_Check/jobs:N   the default generator's first kScenarios scenarios (a
//                   fixed seed), each run under drain and judged by every
//                   property, N at a time: what `initcheck check --jobs N`
//                   does per scenario.
// BM_BareSpawn      the same trees' processes forked and exec'd (/bin/true)
//                   inside a fresh PID + mount namespace, nothing observed,
//                   nothing waited for but their exits.
// BM_Check's run_ms_mean is how long the scenarios themselves last (t = 0 to
// PID 1's exit): the floor no harness goes below at jobs = 1; the rest of
// the wall time per scenario is the harness's own cost.
// Compare scenarios/s between rows; the ratios are the figures to quote.
#include <benchmark/benchmark.h>
#include <linux/sched.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <thread>
#include <vector>

#include "harness/runner/init_catalogue.h"
#include "harness/runner/runner.h"
#include "harness/runner/tool_paths.h"
#include "properties/properties.h"
#include "properties/gen/scenario_gen.h"
#include "properties/search/property_search.h"

namespace initcheck {
namespace {

constexpr int kScenarios = 12;
constexpr uint64_t kSeed = 20261129;

const std::vector<Scenario>& Scenarios() {
  static const std::vector<Scenario> scenarios = [] {
    std::vector<Scenario> out;
    for (int i = 0; i < kScenarios; ++i) {
      // Sizes as the search uses them after its first hundred runs.
      out.push_back(GenScenario()(rc::Random(ScenarioKey(kSeed, i)), 50 + i * 4).value());
    }
    return out;
  }();
  return scenarios;
}

void BM_Check(benchmark::State& state) {
  const int jobs = static_cast<int>(state.range(0));
  ResolvedInit init = ResolveInit("drain", DefaultInitSearch());
  RunOptions options;
  options.probe_path = FindTool("harness/probe/probe", "INITCHECK_PROBE");
  if (!init.command || options.probe_path.empty()) {
    state.SkipWithError("the in-tree init or the probe is not built");
    return;
  }
  int failures = 0;
  std::atomic<int64_t> run_ns{0};
  for (auto _ : state) {
    std::atomic<int> next{0};
    std::atomic<int> failed{0};
    auto worker = [&] {
      for (int i; (i = next++) < kScenarios;) {
        try {
          Trace trace = Run(*init.command, Scenarios()[static_cast<size_t>(i)], options);
          for (const auto& v : CheckAll(trace)) failed += !v.Holds();
          if (trace.Init() && trace.Init()->exit_ns) run_ns += *trace.Init()->exit_ns;
        } catch (const std::exception&) {
          ++failed;
        }
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < jobs; ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
    failures += failed;
  }
  state.counters["scenarios/s"] =
      benchmark::Counter(static_cast<double>(kScenarios) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["failed_verdicts"] = failures;
  state.counters["run_ms_mean"] =
      static_cast<double>(run_ns.load()) / 1e6 / (kScenarios * static_cast<double>(state.iterations()));
}
BENCHMARK(BM_Check)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

// PID 1 of a fresh namespace that forks n processes, each exec'ing /bin/true,
// and reaps them.
int SpawnTree(void* arg) {
  int n = *static_cast<int*>(arg);
  mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
  mount("proc", "/proc", "proc", 0, nullptr);
  for (int i = 0; i < n; ++i) {
    if (fork() == 0) {
      execl("/bin/true", "true", nullptr);
      _exit(127);
    }
  }
  while (wait(nullptr) > 0) {
  }
  return 0;
}

void BM_BareSpawn(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& scenario : Scenarios()) {
      int n = static_cast<int>(Flatten(scenario).size());
      static thread_local std::vector<char> stack(1 << 16);
      pid_t pid = clone(SpawnTree, stack.data() + stack.size(), CLONE_NEWPID | CLONE_NEWNS | SIGCHLD, &n);
      if (pid < 0) {
        state.SkipWithError("clone(CLONE_NEWPID) failed: run as root");
        return;
      }
      waitpid(pid, nullptr, 0);
    }
  }
  state.counters["scenarios/s"] =
      benchmark::Counter(static_cast<double>(kScenarios) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BareSpawn)->Unit(benchmark::kMillisecond)->UseRealTime();


}  // namespace
}  // namespace initcheck

BENCHMARK_MAIN();
