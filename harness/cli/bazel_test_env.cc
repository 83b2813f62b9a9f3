#include "harness/cli/bazel_test_env.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include "harness/cli/cli_common.h"

namespace initcheck::cli {
namespace {

std::string Env(const char* name) {
  const char* value = getenv(name);
  return value ? value : "";
}

}  // namespace

BazelTestEnv BazelTestEnv::FromEnvironment() {
  BazelTestEnv env;
  const std::string total = Env("TEST_TOTAL_SHARDS");
  if (!total.empty()) {
    Shard shard{std::atoi(Env("TEST_SHARD_INDEX").c_str()), std::atoi(total.c_str())};
    if (shard.total < 1 || shard.index < 0 || shard.index >= shard.total) {
      throw UsageError(fmt::format("TEST_SHARD_INDEX={} of TEST_TOTAL_SHARDS={}: not a shard",
                                   Env("TEST_SHARD_INDEX"), total));
    }
    env.shard = shard;
  }
  env.shard_status_file = Env("TEST_SHARD_STATUS_FILE");
  env.xml_output_file = Env("XML_OUTPUT_FILE");
  env.premature_exit_file = Env("TEST_PREMATURE_EXIT_FILE");
  env.infrastructure_failure_file = Env("TEST_INFRASTRUCTURE_FAILURE_FILE");
  env.undeclared_outputs_dir = Env("TEST_UNDECLARED_OUTPUTS_DIR");
  return env;
}

PrematureExitMarker::PrematureExitMarker(std::string path) : path_(std::move(path)) {
  if (!path_.empty()) WriteTextFile(path_, "");
}

PrematureExitMarker::~PrematureExitMarker() {
  if (!path_.empty()) unlink(path_.c_str());
}

}  // namespace initcheck::cli
