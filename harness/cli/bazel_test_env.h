// What Bazel tells a test through its environment
// (https://bazel.build/reference/test-encyclopedia), read once, for
// `initcheck gate` when it runs as a `bazel test` target (ci/init_gate.bzl):
// which shard it is, where the JUnit XML goes, and the files that tell
// Bazel how the test ended. Outside Bazel every field is empty and the gate
// behaves as on the command line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "properties/search/gate.h"

namespace initcheck::cli {

struct BazelTestEnv {
  std::optional<Shard> shard;            // TEST_SHARD_INDEX of TEST_TOTAL_SHARDS
  std::string shard_status_file;         // TEST_SHARD_STATUS_FILE: touched, "this test shards"
  std::string xml_output_file;           // XML_OUTPUT_FILE: the JUnit XML
  std::string premature_exit_file;       // TEST_PREMATURE_EXIT_FILE: present while the test runs
  std::string infrastructure_failure_file;  // TEST_INFRASTRUCTURE_FAILURE_FILE: why nothing could be judged
  std::string undeclared_outputs_dir;    // TEST_UNDECLARED_OUTPUTS_DIR: files kept with the test's result
  std::optional<int> timeout_s;          // TEST_TIMEOUT: when Bazel kills the test
  std::optional<uint64_t> random_seed;   // TEST_RANDOM_SEED: the run's number under --runs_per_test, or --test_env

  // Throws UsageError for a shard index outside 0..total-1, or a timeout
  // or seed that is not a number.
  static BazelTestEnv FromEnvironment();
};

// TEST_PREMATURE_EXIT_FILE from construction to a normal return: a gate
// killed in between leaves it, and Bazel reports the test as ended early.
class PrematureExitMarker {
 public:
  explicit PrematureExitMarker(std::string path);
  PrematureExitMarker(const PrematureExitMarker&) = delete;
  PrematureExitMarker& operator=(const PrematureExitMarker&) = delete;
  ~PrematureExitMarker();

 private:
  std::string path_;
};

}  // namespace initcheck::cli
