"""cc_fuzz_test: one libFuzzer target as a regression test and a fuzzing run.

In the spirit of rules_fuzzing's cc_fuzz_test, but needing nothing beyond
Bazel 4.2.3 and clang-14 (the machines are offline, and rules_fuzzing pulls
repositories and a newer Bazel).
"""

def cc_fuzz_test(
        name,
        srcs,
        deps = [],
        data = [],
        corpus = [],
        dict = None,
        crashes = None,
        timeout_s = None,
        size = "small",
        **kwargs):
    """A fuzz target defining LLVMFuzzerTestOneInput, and the targets around it.

    Makes:
      <name>_lib  cc_library of srcs and deps (alwayslink: nothing refers to
                  LLVMFuzzerTestOneInput but the main that is linked beside it).
      <name>      cc_test for plain `bazel test` (no libFuzzer): replays
                  every file of corpus and crashes through the target, once
                  each, with //fuzz:replay_main; a crash, a sanitizer report or
                  an input slower than timeout_s fails it, naming the file.
      <name>_bin  cc_binary: under --config=fuzz linked with -fsanitize=fuzzer
                  (libFuzzer's main); otherwise with the replay main, so that
                  it builds, cheaply, in `bazel build //...` and under gcc.
      <name>_run  sh_binary: `bazel run --config=fuzz //fuzz:<name>_run --
                  -max_total_time=60` fuzzes, starting from the seeds, with the
                  dictionary and -timeout=timeout_s (fuzz/run_fuzzer.sh: the
                  working corpus and crash files go to
                  $INITCHECK_FUZZ_DIR/<name>, default /tmp/initcheck-fuzz/<name>).
    No target is tagged manual: without --config=fuzz the _bin and _run
    targets are one extra link and a script, and `bazel build --config=fuzz
    //fuzz:all` builds every fuzzer.

    Args:
      name: the target; also names its default crash dir, <name>_crashes/.
      srcs: sources defining LLVMFuzzerTestOneInput.
      deps: their libraries.
      data: files the target needs at run time (binaries it starts), in the
        runfiles of the regression test and of the fuzzer.
      corpus: seed files (labels, globs, filegroups), replayed and fuzzed from.
      dict: a libFuzzer dictionary file, or None.
      crashes: inputs that once crashed the target, kept as regressions;
        default glob(["<name>_crashes/*"]).
      timeout_s: the slowest one input may be, in whole seconds: a finding
        beyond it (libFuzzer's -timeout; the replay checks it too). None: no
        bound beyond libFuzzer's default.
      size: the regression test's size.
      **kwargs: passed to the regression test (tags, ...).
    """
    if crashes == None:
        crashes = native.glob([name + "_crashes/*"])
    inputs = corpus + crashes
    fuzzing = str(Label("//fuzz:fuzzing"))
    replay_main = Label("//fuzz:replay_main")

    native.cc_library(
        name = name + "_lib",
        srcs = srcs,
        deps = deps,
        alwayslink = True,
        visibility = ["//visibility:private"],
    )

    timeout_args = ["--timeout_s=%d" % timeout_s] if timeout_s else []
    native.cc_test(
        name = name,
        size = size,
        deps = [":" + name + "_lib", replay_main],
        data = inputs + data,
        args = timeout_args + ["$(rootpaths %s)" % i for i in inputs],
        **kwargs
    )

    native.cc_binary(
        name = name + "_bin",
        data = data,
        deps = [":" + name + "_lib"] + select({
            fuzzing: [],
            "//conditions:default": [replay_main],
        }),
        linkopts = select({
            fuzzing: ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        visibility = ["//visibility:private"],
    )

    native.sh_binary(
        name = name + "_run",
        srcs = [Label("//fuzz:run_fuzzer.sh")],
        data = [":" + name + "_bin"] + inputs + ([dict] if dict else []),
        args = [
            name,
            "$(rootpath :%s_bin)" % name,
            "$(rootpath %s)" % dict if dict else "none",
            str(timeout_s) if timeout_s else "none",
        ] + ["$(rootpaths %s)" % i for i in inputs] + ["--"],
        visibility = ["//visibility:private"],
    )
