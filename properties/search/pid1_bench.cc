// drain's release build beside the inits users pick, each as PID 1 of a
// fresh PID namespace with a small main process (pid1_bench_workload.cc),
// measured side by side in one run:
//
//   bazel run -c opt //properties/search:pid1_bench
//
// BM_Rss              PID 1's VmRSS once main is running (kB), and beside
//                     it floor_kB: the smallest static glibc PID 1
//                     (pid1_bench_floor.cc), the baseline every static
//                     init starts from; <init>_over_floor_kB is what each
//                     init adds to it.
// BM_RssAnon          the part of VmRSS that is the process's own (RssAnon:
//                     heap, stack, written data), not the binary's pages
//                     shared through the page cache (kB).
// BM_SigtermToMain    SIGTERM sent to PID 1 -> main's handler runs (us).
// BM_Reap1000Orphans  1000 orphans of the namespace exit together -> PID 1
//                     has reaped the last (ms; read from PID 1's children
//                     list, polled every 100 us).
// BM_ExitAfterLast    the last process but PID 1 exits -> PID 1's exit (us).
// Each round runs every init once, in turn, so that a passing load touches
// them alike; the counters are medians over the rounds, per init, and
// drain_x: drain's against the best of the others (at most 1.0 is what
// drain is held to). An init that is not installed is left out, and said.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/os/remove_tree.h"
#include "harness/os/temp_dir.h"
#include "harness/os/unique_fd.h"
#include "harness/runner/init_catalogue.h"
#include "harness/runner/tool_paths.h"

namespace initcheck {
namespace {

// Latencies of a few hundred microseconds move by as much between runs on
// a VM: 51 rounds; the slower measurements take fewer.
constexpr int kLatencyRounds = 51;
constexpr int kRounds = 15;
constexpr int kOrphans = 1000;
constexpr int kReadyTimeoutMs = 10'000;

int64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

struct Subject {
  std::string name;
  std::vector<std::string> argv_prefix;
};

// drain's release build and the peers the catalogue finds on this machine.
const std::vector<Subject>& Subjects() {
  static const std::vector<Subject> subjects = [] {
    std::vector<Subject> out;
    const std::string drain = FindTool("init_impls/drain", "INITCHECK_DRAIN");
    if (!drain.empty()) out.push_back({"drain", {drain, "--"}});
    for (const char* peer : {"tini", "dumb-init", "catatonit"}) {
      ResolvedInit r = ResolveInit(peer, DefaultInitSearch());
      if (r.command) {
        out.push_back({peer, r.command->argv_prefix});
      } else {
        std::cerr << "pid1_bench: " << peer << " left out: " << r.skip_reason << "\n";
      }
    }
    return out;
  }();
  return subjects;
}

// Measured beside the inits in the memory benchmarks, never held against drain.
constexpr const char* kFloor = "floor";

std::optional<Subject> FloorSubject() {
  const std::string floor = FindTool("properties/search/pid1_bench_floor", "INITCHECK_PID1_FLOOR");
  if (floor.empty()) return std::nullopt;
  return Subject{kFloor, {floor}};
}

std::string WorkloadPath() {
  static const std::string path = FindTool("properties/search/pid1_bench_workload", "INITCHECK_PID1_WORKLOAD");
  return path;
}

// The run's FIFOs live here; removed with the run.
class BenchDir {
 public:
  BenchDir() {
    std::string templ = TempDirTemplate("pid1-bench-");
    if (mkdtemp(templ.data()) != nullptr) path_ = templ;
  }
  BenchDir(const BenchDir&) = delete;
  BenchDir& operator=(const BenchDir&) = delete;
  ~BenchDir() {
    if (!path_.empty()) RemoveTree(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CloneArgs {
  std::vector<char*> argv;
};

int BecomePid1(void* arg) {
  auto* a = static_cast<CloneArgs*>(arg);
  mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
  mount("proc", "/proc", "proc", 0, nullptr);
  setsid();
  execv(a->argv[0], a->argv.data());
  _exit(127);
}

// One init as PID 1 of a fresh namespace, its main the workload in `mode`.
class Pid1Run {
 public:
  Pid1Run(const Subject& subject, const std::string& mode, std::vector<std::string> extra = {})
      {
    for (const char* fifo : {"report", "go"}) mkfifo((dir_.path() + "/" + fifo).c_str(), 0600);
    // O_RDWR: opening never blocks, and the workload's opens find a peer.
    report_ = UniqueFd(open((dir_.path() + "/report").c_str(), O_RDWR | O_CLOEXEC));
    go_ = UniqueFd(open((dir_.path() + "/go").c_str(), O_RDWR | O_CLOEXEC));
    std::vector<std::string> argv = subject.argv_prefix;
    for (const std::string& a : {WorkloadPath(), mode, dir_.path()}) argv.push_back(a);
    for (auto& a : extra) argv.push_back(std::move(a));
    strings_ = argv;
    CloneArgs args;
    for (auto& s : strings_) args.argv.push_back(s.data());
    args.argv.push_back(nullptr);
    static std::vector<char> stack(1 << 16);
    pid_ = clone(BecomePid1, stack.data() + stack.size(), CLONE_NEWPID | CLONE_NEWNS | SIGCHLD, &args);
  }
  Pid1Run(const Pid1Run&) = delete;
  Pid1Run& operator=(const Pid1Run&) = delete;
  ~Pid1Run() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  pid_t pid() const { return pid_; }
  // Main reported ready (or its time, for WaitForTime).
  bool WaitReady() {
    char byte;
    return ReadWithin(&byte, 1);
  }
  std::optional<int64_t> WaitForTime() {
    int64_t t;
    if (!ReadWithin(&t, sizeof t)) return std::nullopt;
    return t;
  }
  void Go() { go_.Reset(); }
  // Blocks until PID 1 exits; its time.
  int64_t WaitExit() {
    waitpid(pid_, nullptr, 0);
    reaped_ = true;
    return NowNs();
  }

 private:
  bool ReadWithin(void* buf, size_t n) {
    pollfd p{report_.get(), POLLIN, 0};
    if (poll(&p, 1, kReadyTimeoutMs) != 1) return false;
    return read(report_.get(), buf, n) == static_cast<ssize_t>(n);
  }

  BenchDir dir_;
  UniqueFd report_, go_;
  std::vector<std::string> strings_;
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// A "Name:   N kB" line of /proc/PID/status; -1 when there is none.
long StatusKb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  const std::string key = field + ":";
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key, 0) == 0) return std::stol(line.substr(key.size()));
  }
  return -1;
}

// How many children PID 1's main thread has, zombies included.
int Children(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  int n = 0;
  for (std::string child; in >> child;) ++n;
  return n;
}

// One measurement of one init; nullopt when the run failed.
using Measure = std::function<std::optional<double>(const Subject&)>;

enum class Floor { kLeftOut, kMeasured };

// `rounds` rounds of every subject (and of the floor, when asked); medians
// as counters, drain_x, and with the floor each init's excess over it.
void SideBySide(benchmark::State& state, const Measure& measure, const char* unit, int rounds = kRounds,
                Floor floor = Floor::kLeftOut) {
  if (WorkloadPath().empty() || Subjects().empty()) {
    state.SkipWithError("pid1_bench_workload or the inits are not built/installed");
    return;
  }
  std::vector<Subject> subjects = Subjects();
  if (floor == Floor::kMeasured) {
    if (std::optional<Subject> f = FloorSubject()) {
      subjects.push_back(*f);
    } else {
      std::cerr << "pid1_bench: pid1_bench_floor is not built; no floor measured\n";
    }
  }
  std::map<std::string, std::vector<double>> values;
  for (auto _ : state) {
    for (int round = 0; round < rounds; ++round) {
      for (const Subject& s : subjects) {
        if (std::optional<double> v = measure(s)) values[s.name].push_back(*v);
      }
    }
  }
  std::map<std::string, double> median;
  for (auto& [name, v] : values) {
    std::sort(v.begin(), v.end());
    median[name] = v[v.size() / 2];
    state.counters[name + "_" + unit] = median[name];
  }
  std::optional<double> best_peer;
  for (const auto& [name, m] : median) {
    if (name != "drain" && name != kFloor && (!best_peer || m < *best_peer)) best_peer = m;
  }
  if (median.count(kFloor)) {
    for (const auto& [name, m] : median) {
      if (name != kFloor) state.counters[name + "_over_floor_" + unit] = m - median[kFloor];
    }
  }
  if (median.count("drain") && best_peer && *best_peer > 0) state.counters["drain_x"] = median["drain"] / *best_peer;
}

// PID 1's `field` of /proc/PID/status once main is running.
Measure StatusOfPid1(const char* field) {
  return [field](const Subject& s) -> std::optional<double> {
    Pid1Run run(s, "sigterm");
    if (!run.WaitReady()) return std::nullopt;
    return static_cast<double>(StatusKb(run.pid(), field));
  };
}

void BM_Rss(benchmark::State& state) { SideBySide(state, StatusOfPid1("VmRSS"), "kB", kRounds, Floor::kMeasured); }
BENCHMARK(BM_Rss)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_RssAnon(benchmark::State& state) {
  SideBySide(state, StatusOfPid1("RssAnon"), "kB", kRounds, Floor::kMeasured);
}
BENCHMARK(BM_RssAnon)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_SigtermToMain(benchmark::State& state) {
  SideBySide(state, [](const Subject& s) -> std::optional<double> {
    Pid1Run run(s, "sigterm");
    if (!run.WaitReady()) return std::nullopt;
    const int64_t sent = NowNs();
    kill(run.pid(), SIGTERM);
    std::optional<int64_t> handled = run.WaitForTime();
    if (!handled) return std::nullopt;
    return static_cast<double>(*handled - sent) / 1e3;
  }, "us", kLatencyRounds);
}
BENCHMARK(BM_SigtermToMain)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_Reap1000Orphans(benchmark::State& state) {
  SideBySide(state, [](const Subject& s) -> std::optional<double> {
    Pid1Run run(s, "orphans", {std::to_string(kOrphans)});
    if (!run.WaitReady()) return std::nullopt;
    // Every orphan is PID 1's child by now (their parents were reaped
    // before main reported ready), and main is the one left after.
    if (Children(run.pid()) < kOrphans + 1) return std::nullopt;
    const int64_t released = NowNs();
    run.Go();
    const int64_t give_up = released + kReadyTimeoutMs * 1'000'000LL;
    while (Children(run.pid()) > 1) {
      if (NowNs() > give_up) return std::nullopt;
      usleep(100);
    }
    return static_cast<double>(NowNs() - released) / 1e6;
  }, "ms");
}
BENCHMARK(BM_Reap1000Orphans)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_ExitAfterLast(benchmark::State& state) {
  SideBySide(state, [](const Subject& s) -> std::optional<double> {
    Pid1Run run(s, "exit");
    if (!run.WaitReady()) return std::nullopt;
    run.Go();
    std::optional<int64_t> last = run.WaitForTime();
    if (!last) return std::nullopt;
    return static_cast<double>(run.WaitExit() - *last) / 1e3;
  }, "us", kLatencyRounds);
}
BENCHMARK(BM_ExitAfterLast)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace initcheck

BENCHMARK_MAIN();
