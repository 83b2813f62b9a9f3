// Finds the binaries initcheck runs alongside itself (the probe, the in-tree
// init) whether it was started by `bazel run`, by `bazel test`, or straight
// from bazel-bin.
#pragma once

#include <string>

namespace initcheck {

// relative is a workspace path such as "harness/probe". Looks, in order, at
// the environment variable env_override, the runfiles trees of Bazel
// ($RUNFILES_DIR, $TEST_SRCDIR, <exe>.runfiles), and bazel-bin beside the
// running binary. Returns "" when none is executable.
std::string FindTool(const std::string& relative, const char* env_override);

}  // namespace initcheck
