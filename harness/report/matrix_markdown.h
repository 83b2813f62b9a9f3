// The matrix as a Markdown table: rows scenarios, columns inits, cells
// "pass" or the violated property ids; what `initcheck compare` prints and
// writes as report.md.
#pragma once

#include <string>

#include "properties/search/matrix.h"

namespace initcheck {

std::string RenderMarkdownMatrix(const Matrix& matrix);

}  // namespace initcheck
