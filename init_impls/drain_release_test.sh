#!/usr/bin/env bash
# The drain users would ship: static (nothing to find in the image), without
# iostreams or a locale, with --version, and it runs a command as a
# subreaper when it is not PID 1.
set -euo pipefail
drain=init_impls/drain
fail() { echo "FAIL: $*" >&2; exit 1; }

if ldd "$drain" >/dev/null 2>&1; then fail "drain is dynamically linked: $(ldd "$drain")"; fi
# std::ios_base::Init is what every translation unit including <iostream>
# constructs; the locale machinery comes with it.
if nm -C "$drain" 2>/dev/null | grep -q 'std::ios_base::Init'; then fail "drain links iostreams"; fi
[ "$(nm "$drain" | wc -l)" -gt 0 ] || fail "drain has no symbol table to check"

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
