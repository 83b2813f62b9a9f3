// How fast `initcheck check` gets through generated scenarios and what it
// costs, beside what the same process trees cost to spawn in fresh PID
// namespaces with no harness at all, measured in the same run:
//
//   bazel run -c opt //properties/search:check_bench
//
// BM_Check/N        the default generator's first kScenarios scenarios (a
//                   fixed seed), each run under drain and judged by every
//                   property, N at a time: what `initcheck check --jobs N`
//                   does per scenario.
// BM_CheckDefault   `initcheck check` at its default settings (Search(),
//                   default width) over kScenarios generated scenarios.
// BM_BareSpawn      the same trees' processes forked and exec'd (/bin/true)
//                   inside a fresh PID + mount namespace, nothing observed,
//                   nothing waited for but their exits: the baseline.
//
// Counters:
//   scenarios/s     throughput; x_jobs1: against BM_Check/1 of this run.
//   cpu_ms          CPU time per scenario of every process involved (the
//                   harness's threads, PID 1 and everything it reaped:
//                   probes, the connector's proof child; and the run
//                   keeper), from getrusage(RUSAGE_SELF) +
//                   getrusage(RUSAGE_CHILDREN) + the keeper's schedstat;
//                   x_bare: against BM_BareSpawn's, measured in this run.
//   run_ms          how long the scenarios themselves last (t = 0 to PID
//                   1's exit): the floor no harness goes below at jobs 1.
#include <benchmark/benchmark.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness/runner/init_catalogue.h"
#include "harness/runner/run_keeper.h"
#include "harness/runner/runner.h"
#include "harness/runner/tool_paths.h"
#include "properties/gen/scenario_gen.h"
#include "properties/search/judge.h"
#include "properties/search/property_search.h"

namespace initcheck {
namespace {

constexpr int kScenarios = 48;
constexpr uint64_t kSeed = 20261129;

const std::vector<Scenario>& Scenarios() {
  static const std::vector<Scenario> scenarios = [] {
    std::vector<Scenario> out;
    for (int i = 0; i < kScenarios; ++i) {
      // Sizes as the search uses them after its first hundred runs.
      out.push_back(GenScenario()(rc::Random(ScenarioKey(kSeed, i)), 50 + i % 12 * 4).value());
    }
    return out;
  }();
  return scenarios;
}

// CPU time of this process's threads, of every child it has reaped, with
// theirs (PID 1 reaps the whole namespace), and of the run keeper, which it
// never reaps (run_keeper.h): its schedstat's on-CPU nanoseconds.
int64_t CpuNs() {
  int64_t ns = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage u{};
    getrusage(who, &u);
    for (const timeval& t : {u.ru_utime, u.ru_stime}) ns += t.tv_sec * 1'000'000'000LL + t.tv_usec * 1000LL;
  }
  if (const pid_t keeper = RunKeeper::KeeperPid(); keeper > 0) {
    std::ifstream schedstat("/proc/" + std::to_string(keeper) + "/schedstat");
    int64_t on_cpu = 0;
    if (schedstat >> on_cpu) ns += on_cpu;
  }
  return ns;
}

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

// Spawns every scenario's tree once, bare; false if namespaces cannot be made.
bool SpawnAllBare() {
  for (const auto& scenario : Scenarios()) {
    int n = static_cast<int>(Flatten(scenario).size());
    static std::vector<char> stack(1 << 16);
    pid_t pid = clone(SpawnTree, stack.data() + stack.size(), CLONE_NEWPID | CLONE_NEWNS | SIGCHLD, &n);
    if (pid < 0) return false;
    waitpid(pid, nullptr, 0);
  }
  return true;
}

// BM_BareSpawn's CPU per scenario, measured once per run of the benchmark.
double BareCpuMsPerScenario() {
  static const double ms = [] {
    constexpr int kRounds = 5;
    const int64_t before = CpuNs();
    for (int r = 0; r < kRounds; ++r) SpawnAllBare();
    return static_cast<double>(CpuNs() - before) / 1e6 / (kRounds * kScenarios);
  }();
  return ms;
}

double jobs1_scenarios_per_s = 0;  // BM_Check/1's, once it ran

void ReportThroughput(benchmark::State& state, bool is_jobs1, int scenarios, double wall_s) {
  const double rate = scenarios / wall_s;
  state.counters["scenarios/s"] = rate;
  if (is_jobs1) jobs1_scenarios_per_s = rate;
  if (jobs1_scenarios_per_s > 0) state.counters["x_jobs1"] = rate / jobs1_scenarios_per_s;
}

void ReportCost(benchmark::State& state, int64_t cpu_ns, int scenarios) {
  const double cpu_ms = static_cast<double>(cpu_ns) / 1e6 / scenarios;
  state.counters["cpu_ms"] = cpu_ms;
  state.counters["x_bare"] = cpu_ms / BareCpuMsPerScenario();
}

struct Harness {
  std::optional<InitCommand> init;
  RunOptions options;
};

std::optional<Harness> FindHarness(benchmark::State& state) {
  Harness h;
  h.init = ResolveInit("drain", DefaultInitSearch()).command;
  h.options.probe_path = FindTool("harness/probe/probe", "INITCHECK_PROBE");
  if (!h.init || h.options.probe_path.empty()) {
    state.SkipWithError("the in-tree init or the probe is not built");
    return std::nullopt;
  }
  return h;
}

void BM_Check(benchmark::State& state) {
  const int jobs = static_cast<int>(state.range(0));
  std::optional<Harness> h = FindHarness(state);
  if (!h) return;
  BareCpuMsPerScenario();  // not inside the measured CPU
  std::atomic<int64_t> run_ns{0};
  std::atomic<int> unjudged{0}, violating{0};
  std::string first_error;
  std::mutex mutex;
  int64_t cpu_ns = 0;
  double wall_s = 0;
  for (auto _ : state) {
    const int64_t cpu_before = CpuNs();
    const auto wall_before = std::chrono::steady_clock::now();
    std::atomic<int> next{0};
    auto worker = [&] {
      for (int i; (i = next++) < kScenarios;) {
        Judgement j = RunAndJudge(Run, *h->init, Scenarios()[static_cast<size_t>(i)], h->options, {});
        if (!j.Trustworthy()) {
          ++unjudged;
          std::lock_guard lock(mutex);
          if (first_error.empty()) first_error = j.error;
        }
        violating += !j.violated.empty();
        if (j.trace && j.trace->Init() && j.trace->Init()->exit_ns) run_ns += *j.trace->Init()->exit_ns;
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < jobs; ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
    cpu_ns += CpuNs() - cpu_before;
    wall_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
  }
  const int scenarios = kScenarios * static_cast<int>(state.iterations());
  // drain passes every generated scenario: a violation here is a finding.
  state.counters["violating"] = violating.load();
  state.counters["unjudged"] = unjudged.load();
  if (!first_error.empty()) state.SetLabel("first unjudged: " + first_error.substr(0, 160));
  state.counters["run_ms"] = static_cast<double>(run_ns.load()) / 1e6 / scenarios;
  ReportThroughput(state, jobs == 1, scenarios, wall_s);
  state.counters["run_ms"] = static_cast<double>(run_ns.load()) / 1e6 / scenarios;
  ReportCost(state, cpu_ns, scenarios);
}
BENCHMARK(BM_Check)->Arg(8)->Arg(32)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

void BM_BareSpawn(benchmark::State& state) {
  const int64_t before = CpuNs();
  for (auto _ : state) {
    if (!SpawnAllBare()) {
      state.SkipWithError("clone(CLONE_NEWPID) failed: run as root");
      return;
    }
  }
  const int scenarios = kScenarios * static_cast<int>(state.iterations());
  state.counters["scenarios/s"] = benchmark::Counter(scenarios, benchmark::Counter::kIsRate);
  state.counters["cpu_ms"] = static_cast<double>(CpuNs() - before) / 1e6 / scenarios;
}
BENCHMARK(BM_BareSpawn)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace initcheck

BENCHMARK_MAIN();
