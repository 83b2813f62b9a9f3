#!/bin/bash
# ClusterFuzzLite's build (https://google.github.io/clusterfuzzlite/build-integration):
# the in-process fuzz targets of fuzz/ built by Bazel with ClusterFuzzLite's
# clang, sanitizer and libFuzzer ($CC, $CFLAGS, $CXXFLAGS,
# $LIB_FUZZING_ENGINE), each copied to $OUT with its dictionary, seed
# corpus and timeout. namespace_fuzzer is not among them: it runs real
# inits in PID namespaces, as root, which ClusterFuzzLite's runners are not
# (fuzz/README.md says how to run it for long).
#
# Tried outside Docker, as root on Debian bookworm with clang-14:
#   SRC=/path/to OUT=/tmp/out CC=clang-14 CXX=clang++-14 \
#   CFLAGS='-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize=fuzzer-no-link' \
#   CXXFLAGS="$CFLAGS -stdlib=libc++" LIB_FUZZING_ENGINE=-fsanitize=fuzzer .clusterfuzzlite/build.sh

set -euo pipefail
cd "$SRC/initcheck"
targets=(scenario_json_fuzzer journal_json_fuzzer report_json_fuzzer scenario_bytes_fuzzer init_logic_fuzzer)

# The libraries come from the distribution's packages, built against
# libstdc++: linking them with libc++ (OSS-Fuzz's default C++ library)
# would not resolve their std::string symbols.
flags=(--repo_env=CC="$CC" --define=initcheck_fuzz=libfuzzer --copt=-fno-sanitize-recover=undefined)
for f in $CFLAGS; do flags+=(--copt="$f"); done
for f in ${CXXFLAGS//-stdlib=libc++/}; do flags+=(--cxxopt="$f"); done
# Bazel links with $CC: the sanitizers' link flags and their C++ runtime.
for f in $CFLAGS; do [[ $f == -fsanitize=* && $f != *fuzzer-no-link ]] && flags+=(--linkopt="$f"); done
flags+=(--linkopt=-fsanitize-link-c++-runtime)
# fuzz.bzl adds -fsanitize=fuzzer to the _bin targets' link under the define.
[[ $LIB_FUZZING_ENGINE == -fsanitize=fuzzer ]] || flags+=(--linkopt="$LIB_FUZZING_ENGINE")

# The WORKSPACE is written for Bazel 4.2.3 (DESIGN.md "Bazel offline"):
# the image's bazelisk fetches it; Debian's bazel-bootstrap is it already
# (and says "bazel no_version", and refuses USE_BAZEL_VERSION).
bazel --version 2>/dev/null | grep -qxE 'bazel (4\.2\.3|no_version)' || export USE_BAZEL_VERSION=4.2.3
labels=()
for t in "${targets[@]}"; do labels+=("//fuzz:${t}_bin"); done
bazel build "${flags[@]}" "${labels[@]}"

# Each target's seeds, as fuzz/BUILD gives them.
seeds_of() {
  case $1 in
    scenario_json_fuzzer) echo fuzz/scenario_json_fuzzer_corpus/* scenarios/*.json ;;
    init_logic_fuzzer) echo fuzz/scenario_bytes_fuzzer_corpus/* ;;
    *) echo fuzz/$1_corpus/* ;;
  esac
}
for t in "${targets[@]}"; do
  cp "bazel-bin/fuzz/${t}_bin" "$OUT/$t"
  dict=fuzz/${t%_fuzzer}.dict
  [[ -f $dict ]] && cp "$dict" "$OUT/$t.dict"
  # shellcheck disable=SC2046
  zip -q -j "$OUT/${t}_seed_corpus.zip" $(seeds_of "$t") fuzz/${t}_crashes/* 2>/dev/null || true
  timeout=1
  [[ $t == init_logic_fuzzer ]] && timeout=5
  printf '[libfuzzer]\ntimeout = %d\n' "$timeout" > "$OUT/$t.options"
done
