// `initcheck gate` through the real CLI, in real namespaces: a baseline
// written by --update passes its own init; forward-child gated against
// drain's baseline fails with exactly its regressions, in the output and
// the JUnit file; a missing or bad baseline is exit 2, naming it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/testing/namespace_run.h"
#include "harness/testing/run_tmp.h"
#include "harness/testing/subprocess.h"

namespace initcheck {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

class GateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    initcheck_ = testing::RequireTool("harness/cli/initcheck", "INITCHECK_BIN");
    dir_ = fs::path(getenv("TEST_TMPDIR")) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir_);
  }

  CommandResult Gate(const std::string& init, std::vector<std::string> more) {
    std::vector<std::string> args = {initcheck_, "gate", "--init", init, "--observer", "proc-connector"};
    for (const char* s : {"mixed-tree-main-first", "exit-code-42"}) {
      args.insert(args.end(), {"--scenario", testing::FindScenarioFile(s)});
    }
    args.insert(args.end(), more.begin(), more.end());
    return testing::RunCommand(args, {{"TMPDIR", run_tmp_.path()}});
  }

  std::string Read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string initcheck_;
  testing::RunTmp run_tmp_;
  fs::path dir_;
};

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(GateTest, ABaselinePassesItsInitAndFailsAWorseOneForTheRightReasons) {
  const std::string baseline = (dir_ / "drain.json").string();
  CommandResult update = Gate("drain", {"--baseline", baseline, "--update"});
  ASSERT_EQ(update.exit_code, 0) << update.out << update.err;

  CommandResult same = Gate("drain", {"--baseline", baseline});
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("14 cases, 0 regressed, 0 unjudged"), std::string::npos) << same.out;

  const std::string junit = (dir_ / "forward-child.xml").string();
  CommandResult worse = Gate("forward-child", {"--baseline", baseline, "--junit", junit});
  EXPECT_EQ(worse.exit_code, 1) << worse.out << worse.err;
  // Exactly these: its main exits and PID 1 with it, the rest is SIGKILLed.
  EXPECT_EQ(Occurrences(worse.out, "regressed "), 2u) << worse.out;
  EXPECT_NE(worse.out.find("regressed  mixed-tree-main-first / no-sigkill-in-grace: main exited"), std::string::npos)
      << worse.out;
  EXPECT_NE(worse.out.find("regressed  mixed-tree-main-first / graceful-completion: worker needed"),
            std::string::npos)
      << worse.out;
  const std::string xml = Read(junit);
  EXPECT_EQ(Occurrences(xml, "<failure type=\"regressed\""), 2u) << xml;
  EXPECT_EQ(Occurrences(xml, "<testcase "), 14u) << xml;
  EXPECT_EQ(run_tmp_.RunDir(), std::nullopt) << "a run directory survived";
}

TEST_F(GateTest, AMissingOrBadBaselineIsNamedAndCostsNoRun) {
  const std::string missing = (dir_ / "none.json").string();
  CommandResult r = Gate("drain", {"--baseline", missing});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "initcheck: open(" + missing + "): No such file or directory; write a baseline with --update\n");

  const std::string bad = (dir_ / "bad.json").string();
  std::ofstream(bad) << R"({"format":"initcheck-baseline-1","init":"drain","verdicts":{"a":{"exit-cod":"holds"}}})";
  r = Gate("drain", {"--baseline", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad + ": not a baseline: $.verdicts.a[\"exit-cod\"]: unknown property"), std::string::npos)
      << r.err;
  EXPECT_EQ(run_tmp_.RunDir(), std::nullopt);
}

}  // namespace
}  // namespace initcheck
