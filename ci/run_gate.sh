#!/bin/bash
# The script behind every init_gate target (init_gate.bzl): the test runs
# `initcheck gate` against the checked-in baseline; NAME.update_baseline
# (bazel run) rewrites that baseline in the source tree.
#
#   run_gate.sh test|update INITCHECK name|cmd INIT BASELINE SOURCE_BASELINE [GATE ARGS...]
#
# INIT is a catalogue name, or (cmd) the runfiles path of the init binary
# followed by its arguments in one word. SOURCE_BASELINE is the baseline's
# path in the workspace, where update writes.
set -euo pipefail

mode=$1 initcheck=$2 kind=$3 init=$4 baseline=$5 source_baseline=$6
shift 6

# initcheck finds the probe, the in-tree init and the catalogue in the
# runfiles: this script's own (a test has TEST_SRCDIR; `bazel run` gives
# neither variable, but runs the script beside its runfiles tree).
export RUNFILES_DIR="${RUNFILES_DIR:-${TEST_SRCDIR:-$0.runfiles}}"

if [[ $kind == cmd ]]; then
  # The init runs as PID 1 of a new namespace: it needs an absolute path.
  read -r binary rest <<<"$init"
  choice=(--init-cmd "$(realpath "$binary")${rest:+ $rest}")
else
  choice=(--init "$init")
fi

case $mode in
  test)
    # Run directories go in the test's own temporary directory when its path
    # leaves room for the unix sockets inside (harness/os/temp_dir.h), else
    # in /tmp; either way every run removes its own.
    if [[ -n ${TEST_TMPDIR:-} ]]; then export TMPDIR=$TEST_TMPDIR; fi
    exec "$initcheck" gate "${choice[@]}" --baseline "$baseline" "$@"
    ;;
  update)
    target="${BUILD_WORKSPACE_DIRECTORY:?run it with bazel run}/$source_baseline"
    # Bazel's shard variables are not set under bazel run: one gate, all scenarios.
    exec "$initcheck" gate "${choice[@]}" --baseline "$target" --update "$@"
    ;;
  *)
    echo "run_gate.sh: unknown mode $mode" >&2
    exit 2
    ;;
esac
