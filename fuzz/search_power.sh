#!/bin/bash
# Search power (fuzz/README.md): the time each searcher takes to its first
# confirmed counterexample, for the planted mistakes (fuzz/planted), the
# flawed in-tree strategies and the flawed real inits, side by side in one
# run on one machine:
#
#   bazel run --config=fuzz //fuzz:search_power -- [BUDGET_S] [INIT...]
#
#   check     initcheck check --seed 1 at its defaults (--jobs 2), to a
#             shrunk counterexample confirmed by 9 of 10 reruns
#   ns-fuzz   namespace_fuzzer -fork=2 from its seeds, to a violation
#             confirmed by 3 of 3 reruns (not shrunk): a seed that fails
#             counts, as it would for a user starting from them
#   sim-fuzz  init_logic_fuzzer from its seeds, simulated (in-tree
#             strategies and planted mistakes only)
#
# Each gets BUDGET_S seconds (default 120); "none" is nothing in that time.
# Every tool is this build's, sanitizers included, so the times compare with
# each other, not with a release build's. Logs and findings go to
# $INITCHECK_FUZZ_DIR/search-power (default /tmp/initcheck-fuzz/...). Root,
# and a quiet machine: a loaded one slows every real run.
set -uo pipefail

budget=${1:-120}
shift || true
inits=("$@")
if [[ ${#inits[@]} -eq 0 ]]; then
  inits=(drain-reaps-once drain-own-timeout drain-term-only drain-exit-zero
         exit-on-term forward-child forward-group tini tini-g dumb-init catatonit)
fi

here=$(cd "$(dirname "$0")" && pwd)
runfiles=${RUNFILES_DIR:-$0.runfiles}/initcheck
initcheck=$runfiles/harness/cli/initcheck
planted=$runfiles/fuzz/planted/planted_init
run_fuzzer=$runfiles/fuzz/run_fuzzer.sh
ns_fuzzer=$runfiles/fuzz/namespace_fuzzer_bin
sim_fuzzer=$runfiles/fuzz/init_logic_fuzzer_bin
# INITCHECK_SEARCH_POWER_SEEDS=none starts the fuzzers from nothing (the
# empty input): how fast they find a counterexample on their own, not how
# fast they run a seed that already is one.
seeds=("$runfiles"/fuzz/scenario_bytes_fuzzer_corpus/*)
[[ ${INITCHECK_SEARCH_POWER_SEEDS:-} == none ]] && seeds=()
out=${INITCHECK_FUZZ_DIR:-/tmp/initcheck-fuzz}/search-power
rm -rf "$out" && mkdir -p "$out"

is_planted() { [[ $1 == drain-* ]]; }
is_strategy() { is_planted "$1" || [[ $1 =~ ^(exit-on-term|forward-child|forward-group|drain)$ ]]; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# check INIT: seconds to a confirmed counterexample and what it violates.
time_check() {
  local init=$1 log=$out/$1.check.log start status
  local choice=(--init "$init")
  is_planted "$init" && choice=(--init-cmd "$planted --strategy=$init --")
  start=$(now)
  timeout --signal=INT "$budget" "$initcheck" check "${choice[@]}" --seed 1 --runs 100000 \
    --out "$out/$init.check" >"$log" 2>&1
  status=$?
  if [[ $status -eq 1 ]]; then
    echo "$(elapsed "$start") s ($(grep -oE '^violated: [a-z, -]+' "$log" | head -1 | sed 's/^violated: //; s/ *$//'))"
  else
    echo "none (exit $status)"
  fi
}

# FUZZER ENV INIT: seconds to the fuzzer's first finding and the property it
# names. With -fork, libFuzzer writes a seed that fails as a crash file and
# fuzzes on, so the time is the first crash file's, and the property comes
# from replaying that file once.
time_fuzzer() {
  local kind=$1 binary=$2 env=$3 init=$4 log=$out/$4.$1.log start first
  start=$(now)
  env "$env" INITCHECK_FUZZ_DIR="$out/$init.$kind" \
    "$run_fuzzer" "$kind" "$binary" none none "${seeds[@]}" -- -max_total_time="$budget" \
    $([[ $kind == ns-fuzz ]] && echo -fork=2) >"$log" 2>&1
  first=$(ls -tr "$out/$init.$kind/$kind"/crash-* 2>/dev/null | head -1)
  if [[ -z $first ]]; then
    echo "none"
    return
  fi
  local at property
  at=$(stat -c %.9Y "$first")
  property=$(env "$env" "$binary" "$first" 2>&1 | grep -oE 'violates [a-z-]+' | head -1 | cut -d' ' -f2)
  awk -v a="$start" -v b="$at" -v p="$property" 'BEGIN { printf "%.1f s (%s)", b - a, p }'
  echo
}

echo "| init | check | namespace_fuzzer | init_logic_fuzzer |"
echo "|---|---|---|---|"
for init in "${inits[@]}"; do
  check=$(time_check "$init")
  if is_planted "$init"; then
    ns=$(time_fuzzer ns-fuzz "$ns_fuzzer" "INITCHECK_FUZZ_INIT_CMD=$planted --strategy=$init --" "$init")
  else
    ns=$(time_fuzzer ns-fuzz "$ns_fuzzer" "INITCHECK_FUZZ_INIT=$init" "$init")
  fi
  sim="(a real init)"
  is_strategy "$init" && sim=$(time_fuzzer sim-fuzz "$sim_fuzzer" "INITCHECK_FUZZ_STRATEGY=$init" "$init")
  echo "| $init | $check | $ns | $sim |"
done
echo
echo "budget ${budget} s each; logs in $out"
