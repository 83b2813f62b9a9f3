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
// BM_CheckDefault/N `initcheck check --init drain --runs N` at its default
//                   settings (Search(), --jobs auto): what a user waits for.
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
//                   getrusage(RUSAGE_CHILDREN) + the keeper's schedstat.
//   bare_ms, x_bare the baseline's CPU per scenario, spawned in rounds
//                   alternating with the harness's (kRounds of each), and
//                   cpu_ms against it: the machine's drift between rounds
//                   (what the other core runs, the page cache) moved a
//                   baseline measured once by a third from run to run.
//   run_ms          how long the scenarios themselves last (t = 0 to PID
//                   1's exit): the floor no harness goes below at jobs 1.
#include <benchmark/benchmark.h>
#include <fcntl.h>
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

#include "harness/os/unique_fd.h"
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
// Rounds of the harness, each after a round of the baseline.
constexpr int kRounds = 3;
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

// The baseline's rounds, spawned by a child forked before this process runs
// anything of the harness: once a run has opened the process's connector,
// its reader thread here wakes for every fork and exit of the machine, the
// bare trees' too, and RUSAGE_SELF would count that as the baseline's (it
// doubled it).
class BareSpawner {
 public:
  // Before any benchmark runs.
  static void Start() { Get(); }
  static BareSpawner& Get() {
    static BareSpawner spawner;
    return spawner;
  }
  BareSpawner(const BareSpawner&) = delete;
  BareSpawner& operator=(const BareSpawner&) = delete;
  ~BareSpawner() {
    request_.Reset();  // the child's end of file
    if (pid_ > 0) waitpid(pid_, nullptr, 0);
  }

  static constexpr const char* kFailed = "the bare spawner failed: clone(CLONE_NEWPID) needs root";

  // CPU ns of one round of every scenario's tree; nullopt if it failed.
  std::optional<int64_t> Round() {
    const char go = 1;
    int64_t ns = -1;
    if (pid_ <= 0 || write(request_.get(), &go, 1) != 1 || read(reply_.get(), &ns, sizeof ns) != sizeof ns ||
        ns < 0) {
      return std::nullopt;
    }
    return ns;
  }

 private:
  BareSpawner() {
    Scenarios();  // generated once, before the fork, for both sides
    int to_child[2], to_parent[2];
    if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(to_parent, O_CLOEXEC) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      close(to_child[1]);
      close(to_parent[0]);
      char go;
      while (read(to_child[0], &go, 1) == 1) {
        const int64_t before = CpuNs();
        const int64_t ns = SpawnAllBare() ? CpuNs() - before : -1;
        if (write(to_parent[1], &ns, sizeof ns) != sizeof ns) break;
      }
      _exit(0);
    }
    close(to_child[0]);
    close(to_parent[1]);
    request_ = UniqueFd(to_child[1]);
    reply_ = UniqueFd(to_parent[0]);
  }

  pid_t pid_ = -1;
  UniqueFd request_, reply_;
};

double jobs1_scenarios_per_s = 0;  // BM_Check/1's, once it ran

void ReportThroughput(benchmark::State& state, bool is_jobs1, int scenarios, double wall_s) {
  const double rate = scenarios / wall_s;
  state.counters["scenarios/s"] = rate;
  if (is_jobs1) jobs1_scenarios_per_s = rate;
  if (jobs1_scenarios_per_s > 0) state.counters["x_jobs1"] = rate / jobs1_scenarios_per_s;
}

void ReportCost(benchmark::State& state, int64_t cpu_ns, int64_t bare_ns, int scenarios) {
  state.counters["cpu_ms"] = static_cast<double>(cpu_ns) / 1e6 / scenarios;
  state.counters["bare_ms"] = static_cast<double>(bare_ns) / 1e6 / scenarios;
  if (bare_ns > 0) state.counters["x_bare"] = static_cast<double>(cpu_ns) / static_cast<double>(bare_ns);
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
  std::atomic<int64_t> run_ns{0};
  std::atomic<int> unjudged{0}, violating{0};
  std::string first_error;
  std::mutex mutex;
  int64_t cpu_ns = 0, bare_ns = 0;
  double wall_s = 0;
  for (auto _ : state) {
    std::optional<int64_t> bare = BareSpawner::Get().Round();
    if (!bare) {
      state.SkipWithError(BareSpawner::kFailed);
      return;
    }
    bare_ns += *bare;
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
  ReportCost(state, cpu_ns, bare_ns, scenarios);
}
BENCHMARK(BM_Check)->Arg(8)->Arg(32)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(kRounds);

void BM_CheckDefault(benchmark::State& state) {
  std::optional<Harness> h = FindHarness(state);
  if (!h) return;
  SearchOptions options;
  options.init = *h->init;
  options.run = h->options;
  options.runs = static_cast<int>(state.range(0));
  options.seed = kSeed;
  options.jobs = kAutoJobs;
  SearchResult result;
  for (auto _ : state) result = Search(options);
  const double rate = result.elapsed_s > 0 ? result.runs_done / result.elapsed_s : 0;
  state.counters["scenarios/s"] = rate;
  // The figure at filing: 2.1 scenarios/s at check's defaults.
  state.counters["x_filing"] = rate / 2.1;
  state.counters["widest_jobs"] = result.widest_jobs;
  state.counters["replaced"] = result.executions - result.runs_done;
  state.counters["unjudged"] = static_cast<double>(result.harness_errors.size());
  // drain passes every generated scenario: a finding here is a finding.
  if (result.finding) state.SetLabel("finding at run " + std::to_string(result.finding->run_index));
}
BENCHMARK(BM_CheckDefault)->Arg(100)->Arg(300)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

void BM_BareSpawn(benchmark::State& state) {
  int64_t ns = 0;
  for (auto _ : state) {
    std::optional<int64_t> round = BareSpawner::Get().Round();
    if (!round) {
      state.SkipWithError(BareSpawner::kFailed);
      return;
    }
    ns += *round;
  }
  const int scenarios = kScenarios * static_cast<int>(state.iterations());
  state.counters["scenarios/s"] = benchmark::Counter(scenarios, benchmark::Counter::kIsRate);
  state.counters["cpu_ms"] = static_cast<double>(ns) / 1e6 / scenarios;
}
BENCHMARK(BM_BareSpawn)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace initcheck

int main(int argc, char** argv) {
  initcheck::BareSpawner::Start();  // forked before any harness thread exists
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
