// The seed a randomized suite uses: TEST_RANDOM_SEED (default 0) mixed with
// TEST_SHARD_INDEX (default 0), so each shard explores its own scenarios and
// a run is reproduced by setting the same two variables.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>

namespace initcheck::testing {

inline uint64_t SuiteSeed() {
  auto read = [](const char* name) -> uint64_t {
    const char* v = getenv(name);
    return v && *v ? std::strtoull(v, nullptr, 10) : 0;
  };
  uint64_t x = read("TEST_RANDOM_SEED") * 0x9E3779B97F4A7C15ull + read("TEST_SHARD_INDEX") + 1;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace initcheck::testing
