// Text placed in XML and HTML: escaped so that no name can break the
// document, and shortened on a character boundary so that no name can break
// the layout. Names come from scenarios, and scenarios from fuzzers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace initcheck {

// Text made safe for XML (and so for XHTML-compatible HTML): &, <, >, " and '
// become entities; bytes that are not valid UTF-8, and characters XML 1.0
// forbids even as references (most control characters), become U+FFFD, so a
// name from a fuzzed scenario cannot make the document ill-formed.
std::string EscapeXml(std::string_view text);

// At most max_chars characters, cut on a character boundary, "…" when cut.
// Long names and commands would otherwise run into the plot.
std::string Shorten(std::string_view text, size_t max_chars);

}  // namespace initcheck
