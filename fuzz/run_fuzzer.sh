#!/bin/bash
# A fuzz target's <name>_run (fuzz.bzl): runs its libFuzzer binary on a
# working corpus that starts as the checked-in seeds, with its dictionary and
# timeout, and libFuzzer's flags from the command line:
#
#   bazel run --config=fuzz //fuzz:NAME_run -- -max_total_time=60
#
# fuzz.bzl passes: NAME BINARY DICT|none TIMEOUT_S|none SEED... --, then
# bazel run appends the user's flags. The seeds are copied in (named by their
# SHA-1, as libFuzzer names what it adds) because libFuzzer writes new inputs
# into its first corpus directory and the runfiles are read-only. Everything
# lands in $INITCHECK_FUZZ_DIR/NAME (default /tmp/initcheck-fuzz/NAME):
# corpus/, and crash-*, timeout-*, oom-* files; a crash to keep as a
# regression goes to fuzz/NAME_crashes/.
set -euo pipefail

name=$1 binary=$2 dict=$3 timeout_s=$4
shift 4
seeds=()
while [[ $# -gt 0 && $1 != -- ]]; do
  seeds+=("$1")
  shift
done
[[ $# -gt 0 ]] && shift  # the --

work=${INITCHECK_FUZZ_DIR:-/tmp/initcheck-fuzz}/$name
mkdir -p "$work/corpus"
for seed in "${seeds[@]}"; do
  cp -f "$seed" "$work/corpus/$(sha1sum <"$seed" | cut -c1-40)"
done

flags=(-artifact_prefix="$work/")
[[ $dict != none ]] && flags+=(-dict="$dict")
[[ $timeout_s != none ]] && flags+=(-timeout="$timeout_s")
echo "$name: corpus and findings in $work (${#seeds[@]} seeds)" >&2
# The user's flags come last, so that they override ours.
exec "$binary" "${flags[@]}" "$@" "$work/corpus"
