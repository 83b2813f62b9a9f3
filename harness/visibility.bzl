"""Who may depend on whom: the layers of DESIGN.md, bottom to top.

Each package's BUILD file names the layers above it that may use it, from
these lists, so that a dependency pointing down the stack builds and one
pointing up fails with Bazel's visibility error.
"""

# Everything that may read a scenario or a trace.
MODEL_USERS = [
    "//harness/codec:__pkg__",
    "//harness/runner:__pkg__",
    "//harness/probe:__pkg__",
    "//harness/report:__pkg__",
    "//harness/cli:__pkg__",
    "//harness/testing:__pkg__",
    "//properties:__subpackages__",
    "//fuzz:__subpackages__",
]

# JSON in and out: everything above the checkers (the generators print a
# counterexample as its scenario file).
CODEC_USERS = [
    "//properties/gen:__pkg__",
    "//harness/codec:__pkg__",
    "//harness/runner:__pkg__",
    "//harness/probe:__pkg__",
    "//harness/report:__pkg__",
    "//harness/cli:__pkg__",
    "//harness/testing:__pkg__",
    "//properties/search:__pkg__",
    "//fuzz:__subpackages__",
]

# The checkers: pure functions of a trace, used by whatever judges.
PROPERTIES_USERS = [
    "//properties/gen:__pkg__",
    "//properties/search:__pkg__",
    "//harness/report:__pkg__",
    "//harness/cli:__pkg__",
    "//harness/testing:__pkg__",
    "//fuzz:__subpackages__",
]

# Generation and shrinking: the search and what drives it.
GEN_USERS = [
    "//properties/search:__pkg__",
    "//harness/cli:__pkg__",
    "//harness/testing:__pkg__",
    "//fuzz:__subpackages__",
]

# Running scenarios for real: the search, the CLI, tests and fuzzing.
RUNNER_USERS = [
    "//harness/runner:__pkg__",
    "//properties/search:__pkg__",
    "//harness/cli:__pkg__",
    "//harness/testing:__pkg__",
    "//fuzz:__subpackages__",
]

# The search, the matrix sweep and their results: reports render them, the
# CLI drives them.
SEARCH_USERS = [
    "//harness/report:__pkg__",
    "//harness/cli:__pkg__",
    "//harness/testing:__pkg__",
    "//fuzz:__subpackages__",
]

# Renderers: the CLI and the gate; report.json's reader is fuzzed.
REPORT_USERS = [
    "//harness/cli:__pkg__",
    "//harness/testing:__pkg__",
    "//ci:__pkg__",
    "//fuzz:__subpackages__",
]

# Test helpers: any test of the harness, the properties, the fuzzers or the
# gates in ci/.
TESTING_USERS = [
    "//harness:__subpackages__",
    "//properties:__subpackages__",
    "//fuzz:__subpackages__",
    "//ci:__pkg__",
]
