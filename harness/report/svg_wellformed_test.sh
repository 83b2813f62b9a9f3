#!/usr/bin/env bash
# The timelines and the HTML report must be well-formed XML: a browser shows
# an ill-formed inline SVG as nothing at all, silently. xmllint (Debian's
# libxml2-utils, installed by ci/setup) is the judge; the renderings come from
# the hand-built samples, hostile names included.
#
# usage: svg_wellformed_test.sh PATH_TO_print_report_sample
set -euo pipefail

printer="$1"
out="${TEST_TMPDIR:-$(mktemp -d)}"

if ! command -v xmllint >/dev/null; then
  echo "svg_wellformed_test: xmllint not found; run ci/setup (package libxml2-utils)" >&2
  exit 1
fi

check() {
  local what="$1" file="$out/$1.xml"
  "$printer" "$what" >"$file"
  if ! xmllint --noout "$file"; then
    echo "svg_wellformed_test: $what is not well-formed XML (kept in $file)" >&2
    exit 1
  fi
  echo "ok: $what is well-formed"
}

# count FILE XPATH: how many nodes match, namespace-agnostic XPaths only.
count() { xmllint --xpath "count($2)" "$1"; }

check svg
check awkward-svg
check html

# The root of a timeline is an SVG element in the SVG namespace.
root=$(xmllint --xpath "namespace-uri(/*)" "$out/svg.xml")
[ "$root" = "http://www.w3.org/2000/svg" ] || { echo "svg root namespace: '$root'" >&2; exit 1; }

# The report inlines the timelines' legend once, then one timeline per
# failing cell (the sample has two), each in the SVG namespace, and every one
# well-formed as part of the document.
svgs=$(count "$out/html.xml" "//*[local-name()='svg' and namespace-uri()='http://www.w3.org/2000/svg']")
[ "$svgs" = 3 ] || { echo "expected the legend and 2 inline SVG timelines in the report, found $svgs" >&2; exit 1; }
legends=$(count "$out/html.xml" "//*[local-name()='svg' and @class='timeline-legend']")
[ "$legends" = 1 ] || { echo "expected the legend once, found $legends" >&2; exit 1; }

# Each inline SVG also stands alone.
for i in 1 2 3; do
  xmllint --xpath "(//*[local-name()='svg'])[$i]" "$out/html.xml" >"$out/inline-$i.svg"
  xmllint --noout "$out/inline-$i.svg"
done
echo "ok: the report's inline SVGs are well-formed on their own"
