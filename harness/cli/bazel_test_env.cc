#include "harness/cli/bazel_test_env.h"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <fstream>

#include <fmt/core.h>

#include "harness/cli/cli_common.h"

namespace initcheck::cli {
namespace {

std::string Env(const char* name) {
  const char* value = getenv(name);
  return value ? value : "";
}

// Unset or empty: nullopt.
std::optional<uint64_t> Number(const char* name, uint64_t max) {
  const std::string text = Env(name);
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) {
    throw UsageError(fmt::format("{}={}: not a number from 0 to {}", name, text, max));
  }
  return value;
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
  if (auto timeout = Number("TEST_TIMEOUT", 1000000)) env.timeout_s = static_cast<int>(*timeout);
  env.random_seed = Number("TEST_RANDOM_SEED", UINT64_MAX);
  return env;
}

PrematureExitMarker::PrematureExitMarker(std::string path) : path_(std::move(path)) {
  if (!path_.empty()) WriteTextFile(path_, "");
}

PrematureExitMarker::~PrematureExitMarker() {
  if (!path_.empty()) unlink(path_.c_str());
}

}  // namespace initcheck::cli
