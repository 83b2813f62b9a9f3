#include "harness/report/display_text.h"

#include <cstdint>
#include <optional>

#include <fmt/core.h>

#include "harness/model/utf8.h"

namespace initcheck {
namespace {

// The character at i, or nullopt when the byte at i does not start a
// well-formed one; callers then treat that one byte alone (escape it, or
// replace it), so ill-formed input is shown byte by byte.
struct Utf8Char {
  size_t length;
  uint32_t code_point;
};

std::optional<Utf8Char> DecodeUtf8(std::string_view s, size_t i) {
  const Utf8Step step = NextUtf8(s, i);
  if (!step.valid) return std::nullopt;
  return Utf8Char{step.length, step.code_point};
}

// XML 1.0's Char production: what may appear at all, escaped or not.
bool XmlAllows(uint32_t cp) {
  return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
         (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

}  // namespace

std::string Shorten(std::string_view text, size_t max_chars) {
  size_t i = 0;
  for (size_t chars = 0; i < text.size(); ++chars) {
    if (chars == max_chars) return std::string(text.substr(0, i)) + "\u2026";
    auto c = DecodeUtf8(text, i);
    i += c ? c->length : 1;
  }
  return std::string(text);
}

std::string EscapeTerminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = DecodeUtf8(text, i);
    if (!c) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    const uint32_t cp = c->code_point;
    if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp < 0x20 || cp == 0x7f) {
      out += fmt::format("\\x{:02x}", cp);
    } else if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
               (cp >= 0x2066 && cp <= 0x2069)) {
      // C1 controls, line separators and bidirectional overrides: they move
      // the cursor or reorder what the reader sees.
      out += fmt::format("\\u{:04x}", cp);
    } else if (cp == '\\') {
      out += "\\\\";
    } else {
      out.append(text.substr(i, c->length));
    }
    i += c->length;
  }
  return out;
}

std::string EscapeTerminalLines(std::string_view text, std::string_view between) {
  std::string out;
  size_t start = 0;
  for (size_t end; start <= text.size(); start = end + 1) {
    end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (start > 0) out += between;
    out += EscapeTerminal(text.substr(start, end - start));
  }
  return out;
}

std::string EscapeMarkdownCell(std::string_view text) {
  std::string out;
  for (char ch : EscapeTerminal(text)) {
    if (ch == '|') out += "\\|";
    else out += ch;
  }
  return out;
}

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = DecodeUtf8(text, i);
    if (!c || !XmlAllows(c->code_point)) {
      out += "\ufffd";
      i += c ? c->length : 1;
      continue;
    }
    switch (c->code_point) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.append(text.substr(i, c->length));
    }
    i += c->length;
  }
  return out;
}

}  // namespace initcheck
