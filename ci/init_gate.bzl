"""init_gate: a regression gate for an init binary, as a `bazel test` target.

Load it from your own BUILD file, with initcheck as an external repository
(examples/my-init/WORKSPACE has the lines; README.md "A regression gate in
your repository" the rest):

    load("@initcheck//ci:init_gate.bzl", "init_gate")

    init_gate(
        name = "my_init_gate",
        init = ":my_init",            # a cc_binary, or a catalogue name: "tini"
        init_args = ["--"],           # before the workload command
        baseline = "my_init.baseline.json",
    )
"""

def init_gate(
        name,
        baseline,
        init = None,
        init_name = None,
        init_args = [],
        scenarios = None,
        properties = [],
        random_runs = 0,
        seed = 1,
        explore_runs = 0,
        jobs = None,
        shard_count = None,
        size = "large",
        tags = [],
        **kwargs):
    """A gate: fails when the init does worse than its checked-in baseline.

    Makes:
      <name>                  sh_test: `initcheck gate` over the scenarios
                              against baseline. Fails (exit 1) when a property
                              that held in the baseline is violated now, in every
                              confirming rerun; fails when a verdict the baseline
                              has cannot be judged (Bazel then reports an
                              infrastructure failure, not a regression); passes,
                              listing them, when the init does better or a case
                              is new. JUnit XML in the test's XML_OUTPUT_FILE.
                              Honours shard_count (each scenario in exactly one
                              shard). Stops starting runs in time for the
                              test's timeout, and fails naming those it did not
                              start. With explore_runs, `bazel test
                              --runs_per_test=N` also explores: each run adds
                              that many scenarios of a fresh seed
                              (TEST_RANDOM_SEED).
      <name>.update_baseline  sh_binary: `bazel run :<name>.update_baseline`
                              writes baseline anew from a run (refused if any
                              verdict is unknown).

    The test is tagged "no-sandbox" (as every initcheck namespace test): the
    proc connector that judges exits delivers nothing inside Bazel's sandbox,
    which is a PID namespace of its own. It needs root, or unprivileged user
    namespaces; executors that allow neither (most remote ones) need the tag
    "no-remote-exec".

    Args:
      name: the test.
      baseline: the baseline file (initcheck-baseline-1 JSON) in this package.
      init: label of the init binary to gate (e.g. a cc_binary).
      init_name: or a catalogue name ("tini", "dumb-init", "drain"), instead of init.
      init_args: the init's arguments, before the workload command.
      scenarios: scenario files or filegroups; default: initcheck's catalogue.
      properties: property ids to gate; default: all.
      random_runs: also gate this many generated scenarios (those `initcheck
        check --seed <seed>` draws first); the baseline lists them by name.
      seed: their seed; fixed, so that the baseline keeps meaning them.
      explore_runs: generated scenarios each run adds when Bazel gives it a
        seed (TEST_RANDOM_SEED: `--runs_per_test=N` numbers the runs 1..N; a
        plain `bazel test` explores nothing), held to the properties that held
        in every baseline scenario: a confirmed violation of one fails the
        gate, naming the scenario and the seed that replays it. Off by
        default: a violation the baseline's scenarios never provoked is a
        finding, not a regression, and `--runs_per_test` is also how a flaky
        test is hunted; pin a finding's scenario (scenarios) and update.
      jobs: scenarios run at once; default: initcheck's.
      shard_count: Bazel shards; each runs its share of the scenarios.
      size: the test's size (its timeout).
      tags: more tags for the test.
      **kwargs: passed to the test.
    """
    if (init == None) == (init_name == None):
        fail("init_gate %s: give exactly one of init (a label) and init_name (a catalogue name)" % name)
    initcheck = Label("//harness/cli:initcheck")
    scenario_files = scenarios if scenarios != None else [Label("//scenarios:catalogue")]
    if init != None:
        kind = "cmd"
        init_word = " ".join(["$(rootpath %s)" % init] + init_args)
        init_data = [init]
    else:
        kind = "name"
        init_word = init_name
        init_data = []
        if init_args:
            fail("init_gate %s: init_args go with init, not with a catalogue name" % name)
    gate_args = ["--scenario=$(rootpath %s)" % s for s in scenario_files] if scenarios != None else []
    if init != None:
        # The binary's path differs between machines; the baseline names the label.
        label = "//%s%s" % (native.package_name(), init) if init.startswith(":") else init
        gate_args.append("--label=" + label)
    gate_args += ["--property=" + p for p in properties]
    if random_runs:
        gate_args += ["--random-runs=%d" % random_runs, "--seed=%d" % seed]
    if explore_runs:
        gate_args.append("--explore-runs=%d" % explore_runs)
    if jobs != None:
        gate_args.append("--jobs=%d" % jobs)
    common_args = [
        "$(rootpath %s)" % initcheck,
        kind,
        init_word,
        "$(rootpath %s)" % baseline,
        (native.package_name() + "/" if native.package_name() else "") + baseline,
    ]
    data = [initcheck, baseline] + init_data + scenario_files

    native.sh_test(
        name = name,
        srcs = [Label("//ci:run_gate.sh")],
        args = ["test"] + common_args + gate_args,
        data = data,
        size = size,
        shard_count = shard_count,
        tags = tags + ["no-sandbox"],
        **kwargs
    )
    native.sh_binary(
        name = name + ".update_baseline",
        srcs = [Label("//ci:run_gate.sh")],
        args = ["update"] + common_args + gate_args,
        data = data,
    )
