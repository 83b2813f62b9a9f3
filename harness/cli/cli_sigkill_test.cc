// DESIGN.md, "Verdict integrity": no process, mount or run directory
// outlives a run, even when initcheck itself is SIGKILLed. Each test starts
// the real `initcheck run` under an init that clears the parent-death signal
// initcheck gave it (so only the run keeper can end it), waits for a moment
// of the run (an event, never a duration), SIGKILLs initcheck and then gives
// the run a bounded time to vanish: every process, the run's mount
// namespace, every mount, the run directory and initcheck's tracefs instance.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/wait.h>
#include <time.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "harness/testing/namespace_run.h"
#include "harness/testing/run_tmp.h"
#include "harness/testing/subprocess.h"

namespace initcheck {
namespace {

namespace fs = std::filesystem;
using testing::PidsMentioning;
using testing::RequireTool;
using testing::RunTmp;
using testing::Subprocess;

// Far longer than any test here waits: a kill always lands inside it.
constexpr char kLongGrace[] = R"({
  "name": "long-grace",
  "stop": { "signal": "SIGTERM", "at_ms": 0, "grace_ms": 20000 },
  "main": { "on_signal": { "SIGTERM": { "action": "exit", "after_ms": 100 } } }
})";

// How long the keeper may take to clean up after initcheck: in practice a
// few milliseconds (kill, the namespace's teardown, a few unlinks).
constexpr int kCleanupBoundMs = 10'000;

std::string MountNamespaceOf(const std::string& pid) {
  std::error_code ec;
  return fs::read_symlink("/proc/" + pid + "/ns/mnt", ec).string();
}

std::string CommandLineOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (char& c : s) c = c == '\0' ? ' ' : c;
  return s;
}

// The tracefs instances initcheck process pid made (signal_tracer.h).
std::vector<std::string> TracefsInstancesOf(pid_t pid) {
  std::vector<std::string> found;
  const std::string prefix = "initcheck-" + std::to_string(pid) + "-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/sys/kernel/tracing/instances", ec)) {
    if (entry.path().filename().string().starts_with(prefix)) found.push_back(entry.path().string());
  }
  return found;
}

class SigkilledInitcheck : public ::testing::Test {
 protected:
  void SetUp() override {
    initcheck_ = RequireTool("harness/cli/initcheck", "INITCHECK_BIN");
    misbehaving_ = RequireTool("harness/testing/misbehaving_init", "INITCHECK_MISBEHAVING_INIT");
    scenario_ = (fs::path(getenv("TEST_TMPDIR")) / "long-grace.json").string();
    std::ofstream(scenario_) << kLongGrace;
  }

  // Starts `initcheck run` under `misbehaving_init mode`.
  Subprocess Start(const std::string& mode) {
    return Subprocess({initcheck_, "run", "--init-cmd", misbehaving_ + " " + mode, scenario_},
                      {{"TMPDIR", tmp_.path()}});
  }

  // Spins until started() holds; fails if initcheck ends first.
  template <typename Condition>
  void WaitUntil(Subprocess& run, Condition started) {
    while (!started()) {
      ASSERT_EQ(waitpid(run.pid(), nullptr, WNOHANG), 0) << "initcheck ended before the moment to kill it";
      sched_yield();
    }
  }

  // The mount namespaces of the run's processes (theirs, not the harness's).
  std::set<std::string> RunMountNamespaces() const {
    std::set<std::string> found;
    const std::string ours = MountNamespaceOf("self");
    for (pid_t pid : PidsMentioning(tmp_.path())) {
      std::string ns = MountNamespaceOf(std::to_string(pid));
      if (!ns.empty() && ns != ours) found.insert(ns);
    }
    return found;
  }

  // Everything of the run still there, "" when nothing is; initcheck: its
  // pid, which names its tracefs instances.
  std::string Leftovers(const std::set<std::string>& run_mount_namespaces, pid_t initcheck) const {
    std::string out;
    for (const auto& instance : TracefsInstancesOf(initcheck)) out += "tracefs instance " + instance + "; ";
    for (pid_t pid : PidsMentioning(tmp_.path())) {
      out += "process " + std::to_string(pid) + " (" + CommandLineOf(pid) + "); ";
    }
    if (auto dir = tmp_.RunDir()) out += "run directory " + *dir + "; ";
    for (const auto& entry : fs::directory_iterator("/proc")) {
      const std::string pid = entry.path().filename().string();
      if (pid[0] >= '0' && pid[0] <= '9' && run_mount_namespaces.count(MountNamespaceOf(pid))) {
        out += "process " + pid + " in the run's mount namespace; ";
      }
    }
    std::ifstream mountinfo("/proc/self/mountinfo");
    for (std::string line; std::getline(mountinfo, line);) {
      if (line.find(tmp_.path()) != std::string::npos) out += "mount " + line + "; ";
    }
    return out;
  }

  // SIGKILLs initcheck and expects the run to vanish within the bound.
  void KillAndExpectNothingLeft(Subprocess& run) {
    const std::set<std::string> namespaces = RunMountNamespaces();
    ASSERT_EQ(kill(run.pid(), SIGKILL), 0);
    EXPECT_EQ(run.Finish().exit_code, -1) << "initcheck was not killed by the SIGKILL";
    timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    std::string left;
    for (;;) {
      left = Leftovers(namespaces, run.pid());
      timespec now;
      clock_gettime(CLOCK_MONOTONIC, &now);
      const long waited_ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1'000'000;
      if (left.empty() || waited_ms > kCleanupBoundMs) break;
      sched_yield();
    }
    EXPECT_EQ(left, "") << kCleanupBoundMs << " ms after initcheck was SIGKILLed, the run is still there";
  }

  std::string initcheck_, misbehaving_, scenario_;
  RunTmp tmp_;
};

// The first instant a run exists at all: its directory.
TEST_F(SigkilledInitcheck, AsItsRunDirectoryAppears) {
  Subprocess run = Start("outlive");
  ASSERT_NO_FATAL_FAILURE(WaitUntil(run, [&] { return tmp_.RunDir().has_value(); }));
  KillAndExpectNothingLeft(run);
}

// The init runs (its command line names the run directory), the workload is
// never ready, so t = 0 has not come and cannot come.
TEST_F(SigkilledInitcheck, DuringStartUp) {
  Subprocess run = Start("stall");
  ASSERT_NO_FATAL_FAILURE(WaitUntil(run, [&] {
    for (pid_t pid : PidsMentioning(tmp_.path())) {
      if (CommandLineOf(pid).rfind(misbehaving_ + " stall", 0) == 0) return true;
    }
    return false;
  }));
  ASSERT_FALSE(tmp_.AnyRunDirHas("t0"));
  KillAndExpectNothingLeft(run);
}

// t = 0 has come and the stop has been sent; the init ignores it, and the
// grace period is open for 20 s more.
TEST_F(SigkilledInitcheck, InTheGracePeriod) {
  Subprocess run = Start("outlive");
  ASSERT_NO_FATAL_FAILURE(WaitUntil(run, [&] { return tmp_.AnyRunDirHas("t0"); }));
  // The keeper, not initcheck, must remove initcheck's tracefs instance.
  ASSERT_EQ(TracefsInstancesOf(run.pid()).size(), 1u) << "is tracefs mounted (ci/setup)?";
  KillAndExpectNothingLeft(run);
}

}  // namespace
}  // namespace initcheck
