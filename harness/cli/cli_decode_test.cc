// `initcheck decode` through the real CLI: a fuzzer input becomes a scenario
// file that `initcheck run` replays on the real kernel; what is no fuzzer
// input gets exit status 2 and a message naming it.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/testing/namespace_run.h"
#include "harness/testing/run_tmp.h"
#include "harness/testing/subprocess.h"

namespace initcheck {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

class DecodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    initcheck_ = testing::RequireTool("harness/cli/initcheck", "INITCHECK_BIN");
    dir_ = fs::path(getenv("TEST_TMPDIR")) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir_);
  }

  CommandResult Initcheck(std::vector<std::string> args) {
    args.insert(args.begin(), initcheck_);
    return testing::RunCommand(args, {{"TMPDIR", run_tmp_.path()}});
  }

  std::string WriteBytes(const std::vector<uint8_t>& bytes) {
    const std::string path = (dir_ / "crash-0123").string();
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return path;
  }

  std::string initcheck_;
  testing::RunTmp run_tmp_;
  fs::path dir_;
};

// Five processes, a stop, an extra signal, and 40 bytes past the layout (an
// init_logic_fuzzer input's interleaving choices).
std::vector<uint8_t> AFuzzerInput() {
  std::vector<uint8_t> bytes(186);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 37 + 11);
  bytes[0] = 1, bytes[3] = 4, bytes[4] = 1;
  return bytes;
}

TEST_F(DecodeTest, AFuzzerInputReplaysAsAScenario) {
  const std::string scenario = (dir_ / "decoded.json").string();
  CommandResult decoded = Initcheck({"decode", WriteBytes(AFuzzerInput()), "--out", scenario});
  ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
  EXPECT_NE(decoded.err.find("scenario: " + scenario), std::string::npos) << decoded.err;
  std::ifstream in(scenario);
  const nlohmann::json json = nlohmann::json::parse(in);
  EXPECT_NE(json["description"].get<std::string>().find("186 bytes; the 40 past the scenario's 146"),
            std::string::npos)
      << json.dump(2);

  // drain holds every property of every scenario the byte decoder makes.
  CommandResult run = Initcheck({"run", scenario, "--init", "drain", "--observer", "proc-connector"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run_tmp_.RunDir(), std::nullopt) << "a run directory survived";
}

TEST_F(DecodeTest, WhatIsNoFuzzerInputIsNamed) {
  for (const auto& [input, reason] : std::vector<std::pair<std::string, std::string>>{
           {"/nonexistent/crash-1", "open(/nonexistent/crash-1): No such file or directory"},
           {dir_.string(), "read(" + dir_.string() + "): Is a directory"},
       }) {
    CommandResult r = Initcheck({"decode", input});
    EXPECT_EQ(r.exit_code, 2) << input;
    EXPECT_EQ(r.err, "initcheck: " + reason + "\n");
    EXPECT_EQ(r.out, "");
  }
}

}  // namespace
}  // namespace initcheck
