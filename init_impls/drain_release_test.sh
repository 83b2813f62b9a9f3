#!/usr/bin/env bash
# The drain users would ship: static (nothing to find in the image), without
# iostreams or a locale, with --version, and it runs a command as a
# subreaper when it is not PID 1; laid out in the order of drain.order.
set -euo pipefail
drain=init_impls/drain
order=init_impls/drain.order
fail() { echo "FAIL: $*" >&2; exit 1; }

if ldd "$drain" >/dev/null 2>&1; then fail "drain is dynamically linked: $(ldd "$drain")"; fi
# std::ios_base::Init is what every translation unit including <iostream>
# constructs; the locale machinery comes with it.
if nm -C "$drain" 2>/dev/null | grep -q 'std::ios_base::Init'; then fail "drain links iostreams"; fi
[ "$(nm "$drain" | wc -l)" -gt 0 ] || fail "drain has no symbol table to check"

# The functions drain runs as it starts, waits and forwards SIGTERM sit
# together at the start of .text (three 64 kB windows hold them), not spread
# over its 580 kB, as they are when the ordering is lost (another linker, a
# renamed option): what pid1_bench's BM_Rss measures rests on it.
read -r text_start text_size < <(
  readelf -SW "$drain" | awk '{ for (i = 1; i < NF; i++) if ($i == ".text") print $(i + 2), $(i + 4) }')
[ -n "$text_start" ] || fail "drain has no .text section"
declare -A executed=()
while read -r name; do executed[$name]=1; done < <(
  sed -n '/^# --- executed/,/^# --- end of executed/p' "$order" | grep -v '^#')
[ "${#executed[@]}" -gt 100 ] || fail "$order holds ${#executed[@]} executed functions"
far=()
while read -r address type name; do
  [[ "$type" == [tT] && -n "${executed[$name]:-}" ]] || continue
  offset=$((16#$address - 16#$text_start))
  # (.init, .fini and the ifunc PLT are sections of their own.)
  if ((offset >= 192 * 1024 && offset < 16#$text_size)); then far+=("$name at $offset"); fi
done < <(nm --defined-only "$drain")
((${#far[@]} == 0)) || fail "executed functions beyond the first 192 kB of .text: ${far[*]}"

version=$("$drain" --version)
[[ "$version" =~ ^drain\ \(initcheck\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "--version printed: $version"
"$drain" --help | grep -q 'Usage: drain \[--grace-ms N\]' || fail "--help has no usage line"

status=0
"$drain" -- sh -c 'exit 3' || status=$?
[ "$status" -eq 3 ] || fail "drain sh -c 'exit 3' exited $status"
status=0
"$drain" --strategy=forward-child true 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "drain --strategy=forward-child exited $status, not 2"
echo PASS
