// The behaviour matrix as one HTML file a person can open anywhere, offline,
// or attach to a bug: a summary per init, the matrix itself, and for every
// failing cell the run's timeline with the causal chain beneath it.
#pragma once

#include <string>

#include "properties/search/matrix.h"

namespace initcheck {

// A self-contained document: inline CSS and SVG, no script, no link, nothing
// fetched from the network. It is also well-formed XML (every element closed,
// only XML's own entities), so xmllint checks it, inline SVGs included.
//
//   - summary: per init, how many scenarios pass / fail / unknown / skipped,
//     and the properties that fail most often in that init's cells;
//   - matrix: a row per scenario (description as small text), a column per
//     init (a skipped init greyed, with the reason); a cell says "pass" or
//     lists the violated property ids, and a failing cell links to
//   - one section per failing cell: the timeline, then each violation's
//     explanation and the scenario's description.
std::string RenderHtmlReport(const Matrix& matrix);

}  // namespace initcheck
