// main() for the RapidCheck suites: the seed comes from Bazel, so a run is
// reproducible from its log, and shards of one suite explore different
// scenarios. TEST_RANDOM_SEED (bazel test --test_env or --runs_per_test
// runs) and TEST_SHARD_INDEX are mixed into RapidCheck's seed unless
// RC_PARAMS already names one.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "harness/testing/suite_seed.h"

int main(int argc, char** argv) {
  std::string params = getenv("RC_PARAMS") ? getenv("RC_PARAMS") : "";
  if (params.find("seed=") == std::string::npos) {
    params += (params.empty() ? "" : " ") + std::string("seed=") + std::to_string(initcheck::testing::SuiteSeed());
    setenv("RC_PARAMS", params.c_str(), 1);
  }
  std::cerr << "RC_PARAMS=" << params << "\n";
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
