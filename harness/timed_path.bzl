"""TIMED_PATH_COPTS: the copts of the code that runs while a run keeps its schedule.

TIMED_PATH_PCH: the precompiled header for files compiled with them
(//third_party/pch:cc.bzl).
"""

# Optimised in every configuration, since a plain `bazel test //...` or
# `bazel run //harness/cli:initcheck` (a fastbuild, -O0) runs the same runs
# as a release build, often many at once. The probes, the runner and the
# codec between them are the run's clockwork, and their CPU at a stop is
# what competes with every run's timed actions (properties/schedule_slip.h).
# wide-parallel-jobs under drain, six runs each (perf sched latency): built
# -O0, its 100 probes took 66 to 82 ms of CPU and initcheck 99 to 108 ms;
# built -O2, 40 to 49 ms and 59 to 75 ms. The longest wait of a probe for a
# CPU stayed 4 to 10 ms either way: the burst of 100 handlers at the stop,
# not their code, sets it. The cost: these libraries' 41 files took 63 s of
# compiler CPU instead of 56 s, of about 690 s for everything.
# The fuzz build keeps its own -O1 (.bazelrc).
TIMED_PATH_COPTS = select({
    "//fuzz:fuzzing": [],
    "//conditions:default": ["-O2"],
})

TIMED_PATH_PCH = Label("//harness:timed_path_headers")
