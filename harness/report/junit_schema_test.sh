#!/usr/bin/env bash
# A gate's JUnit XML has the shape CI systems read: valid against junit.xsd
# (xmllint, from libxml2-utils, which ci/setup installs), one testcase per
# scenario x property, its failures counted right, hostile names intact.
#
# usage: junit_schema_test.sh PATH_TO_print_report_sample PATH_TO_junit.xsd
set -euo pipefail

printer="$1" schema="$2"
out="${TEST_TMPDIR:-$(mktemp -d)}/junit.xml"
command -v xmllint >/dev/null || { echo "junit_schema_test: xmllint not found; run ci/setup (libxml2-utils)" >&2; exit 1; }

"$printer" junit >"$out"
xmllint --noout --schema "$schema" "$out"

count() { xmllint --xpath "count($1)" "$out"; }
attr() { xmllint --xpath "string($1)" "$out"; }

[ "$(count //testcase)" = "$(attr /testsuites/@tests)" ] || { echo "tests= does not count the testcases" >&2; exit 1; }
[ "$(count //failure)" = "$(attr /testsuites/@failures)" ] || { echo "failures= does not count the failures" >&2; exit 1; }
[ "$(count //failure)" -gt 0 ] || { echo "the sample has regressions, the XML no failure" >&2; exit 1; }
[ "$(count "//failure[@type='regressed']")" = "$(count //failure)" ] || { echo "a failure that is no regression" >&2; exit 1; }
[ "$(count //skipped)" = 1 ] || { echo "expected the one scenario no longer run as skipped" >&2; exit 1; }
name=$(attr "//testcase[skipped]/@classname")
[ "$name" = "gone <&\"'> ]]>" ] || { echo "hostile scenario name came back as '$name'" >&2; exit 1; }
echo "ok: $(count //testcase) testcases, $(count //failure) failures, valid against junit.xsd"
