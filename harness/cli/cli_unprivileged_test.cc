// An ordinary user runs initcheck (DESIGN.md: "+ user ns when not root"):
// the test, root, copies initcheck, the probe and the in-tree init where
// nobody (uid 65534) can read them, runs the same catalogue scenario as
// root and as nobody, and expects the same outcome for every process.
//
// As root the connector judges. As nobody, the default observer is the
// connector when it proves live (recent kernels let unprivileged
// processes listen, and 6.18 here does), ptrace otherwise, and the report
// names which; with --observer ptrace, ptrace judges a run in a user
// namespace it does not own.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/testing/namespace_run.h"
#include "harness/testing/run_tmp.h"
#include "harness/testing/subprocess.h"

namespace initcheck {
namespace {

namespace fs = std::filesystem;
using testing::AnyProcessMentions;
using testing::CommandResult;
using testing::RunAs;
using testing::RunCommand;
using testing::RunTmp;

constexpr RunAs kNobody{65534, 65534};
constexpr char kScenario[] = "mixed-tree-main-first";

std::optional<std::string> ReadSysctl(const std::string& path) {
  std::ifstream in(path);
  std::string value;
  if (!(in >> value)) return std::nullopt;
  return value;
}

// Why nobody may not create a user namespace here, if it may not: the
// sysctls that forbid it, else the kernel's answer to trying.
std::optional<std::string> UserNamespacesForbidden() {
  for (const auto& [path, forbidding] : {std::pair{"/proc/sys/user/max_user_namespaces", "0"},
                                         {"/proc/sys/kernel/unprivileged_userns_clone", "0"},
                                         {"/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1"}}) {
    if (ReadSysctl(path) == forbidding) return std::string(path) + " is " + forbidding;
  }
  pid_t child = fork();
  if (child == 0) {
    if (setresgid(kNobody.gid, kNobody.gid, kNobody.gid) < 0 || setresuid(kNobody.uid, kNobody.uid, kNobody.uid) < 0) {
      _exit(255);
    }
    _exit(unshare(CLONE_NEWUSER) < 0 ? errno : 0);
  }
  int status;
  waitpid(child, &status, 0);
  const int err = WIFEXITED(status) ? WEXITSTATUS(status) : 255;
  if (err == 0) return std::nullopt;
  if (err == 255) return std::string("could not become uid 65534 to try");
  return std::string("unshare(CLONE_NEWUSER) as uid 65534: ") + std::strerror(err);
}

// The outcome of every process of a `--json` report, by name.
std::map<std::string, std::string> Outcomes(const nlohmann::json& report) {
  std::map<std::string, std::string> outcomes;
  for (const auto& p : report.value("processes", nlohmann::json::array())) {
    outcomes[p.value("name", "")] = p.value("outcome", "");
  }
  return outcomes;
}

struct Expectation {
  const char* init;
  int exit_code;
  const char* worker_outcome;  // one of the three that need longer than main
};

class UnprivilegedRun : public ::testing::TestWithParam<Expectation> {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root, to become nobody";
    if (auto why = UserNamespacesForbidden()) GTEST_SKIP() << "unprivileged user namespaces are forbidden: " << *why;
    // Bazel's runfiles live under root's home, which nobody cannot enter:
    // copies in a directory of their own are readable to all.
    char templ[] = "/tmp/initcheck-nobody-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    tools_ = templ;
    ASSERT_EQ(chmod(tools_.c_str(), 0755), 0);
    for (const auto& [name, relative, env] : {std::tuple{"initcheck", "harness/cli/initcheck", "INITCHECK_BIN"},
                                              {"probe", "harness/probe/probe", "INITCHECK_PROBE"},
                                              {"run_keeper", "harness/runner/run_keeper", "INITCHECK_RUN_KEEPER"},
                                              {"pid1_start", "harness/runner/pid1_start", "INITCHECK_PID1_START"},
                                              {"init", "init_impls/init", "INITCHECK_INIT"}}) {
      fs::copy_file(testing::RequireTool(relative, env), tools_ / name);
      fs::permissions(tools_ / name, fs::perms(0755));
    }
    fs::copy_file(testing::FindScenarioFile(kScenario), tools_ / "scenario.json");
    fs::permissions(tools_ / "scenario.json", fs::perms(0644));
    ASSERT_EQ(chown(tmp_.path().c_str(), kNobody.uid, kNobody.gid), 0);
  }

  void TearDown() override {
    if (tools_.empty()) return;
    EXPECT_EQ(tmp_.RunDir(), std::nullopt) << "a run directory survived";
    EXPECT_FALSE(AnyProcessMentions(tmp_.path())) << "a process of the run survived";
    fs::remove_all(tools_);
  }

  // `initcheck run --json --observer observer` of the scenario under
  // GetParam().init, as run_as or as root, parsed.
  nlohmann::json Run(std::optional<RunAs> run_as, const std::string& observer) {
    CommandResult r = RunCommand({(tools_ / "initcheck").string(), "run", "--json", "--observer", observer, "--init",
                                  GetParam().init, (tools_ / "scenario.json").string()},
                                 {{"TMPDIR", tmp_.path()},
                                  {"INITCHECK_PROBE", (tools_ / "probe").string()},
                                  {"INITCHECK_RUN_KEEPER", (tools_ / "run_keeper").string()},
                                  {"INITCHECK_PID1_START", (tools_ / "pid1_start").string()},
                                  {"INITCHECK_INIT", (tools_ / "init").string()}},
                                 run_as);
    EXPECT_EQ(r.exit_code, GetParam().exit_code) << (run_as ? "as nobody" : "as root") << ", --observer " << observer
                                                  << ": " << r.err;
    try {
      return nlohmann::json::parse(r.out);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "no JSON report (" << e.what() << "); stderr: " << r.err;
      return nlohmann::json::object();
    }
  }

  fs::path tools_;
  RunTmp tmp_;
};

TEST_P(UnprivilegedRun, SameOutcomesAsRoot) {
  const nlohmann::json as_root = Run(std::nullopt, "proc-connector");
  const nlohmann::json as_nobody = Run(kNobody, "auto");
  const nlohmann::json traced_as_nobody = Run(kNobody, "ptrace");
  EXPECT_EQ(as_root.value("observer", ""), "proc-connector");
  const std::string observer = as_nobody.value("observer", "");
  EXPECT_TRUE(observer == "proc-connector" || observer.rfind("ptrace (fallback: proc connector not live: ", 0) == 0)
      << "the report does not name the observer that judged: " << observer;
  EXPECT_EQ(traced_as_nobody.value("observer", ""), "ptrace");

  const auto outcomes = Outcomes(as_root);
  for (const char* name : {"worker", "session-leader", "daemon"}) {
    EXPECT_EQ(outcomes.count(name) ? outcomes.at(name) : "missing", GetParam().worker_outcome) << name;
  }
  EXPECT_EQ(outcomes.count("main") ? outcomes.at("main") : "missing", "graceful");
  for (const nlohmann::json* report : {&as_root, &as_nobody, &traced_as_nobody}) {
    EXPECT_EQ(report->value("faults", nlohmann::json()), nlohmann::json::array()) << report->dump(2);
  }
  EXPECT_EQ(Outcomes(as_nobody), outcomes) << "as nobody, judged by " << observer;
  EXPECT_EQ(Outcomes(traced_as_nobody), outcomes) << "as nobody, judged by ptrace";
}

INSTANTIATE_TEST_SUITE_P(Inits, UnprivilegedRun,
                         ::testing::Values(Expectation{"drain", 0, "graceful"},
                                           Expectation{"forward-child", 1, "sigkill-in-grace"}),
                         [](const auto& info) {
                           std::string name = info.param.init;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace initcheck
