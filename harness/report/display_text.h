// Text from a scenario placed in any output: escaped so that no name can
// break a document, forge a table row or drive the reader's terminal, and
// shortened on a character boundary so that no name can break the layout.
// Names come from scenarios, and scenarios from fuzzers.
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

// Text made safe for a terminal line: control characters (C0, DEL, C1,
// among them ESC and CSI, which would drive the terminal) and bytes that are
// not valid UTF-8 become visible escapes ("\n", "\x1b", "\u009b"), as do
// line separators and bidirectional overrides, so a name can neither move
// the cursor, start a new line of the table, nor reorder what is shown. A
// backslash is doubled, so every escape reads one way.
std::string EscapeTerminal(std::string_view text);

// Text that may hold several lines (a fault quoting an init's output), each
// line escaped as EscapeTerminal does and joined by between (" | " for one
// line, "\n  | " to indent them).
std::string EscapeTerminalLines(std::string_view text, std::string_view between);

// Text made safe for one Markdown table cell: as EscapeTerminal, and "|"
// escaped so a name cannot add a column.
std::string EscapeMarkdownCell(std::string_view text);

// At most max_chars characters, cut on a character boundary, "…" when cut.
// Long names and commands would otherwise run into the plot.
std::string Shorten(std::string_view text, size_t max_chars);

}  // namespace initcheck
