#include "harness/report/display_text.h"

#include <cstdint>
#include <optional>

#include <fmt/format.h>

namespace initcheck {
namespace {

// One UTF-8 sequence: how many bytes it takes and the code point, or
// nullopt when the bytes at i are not valid UTF-8.
struct Utf8Char {
  size_t length;
  uint32_t code_point;
};

std::optional<Utf8Char> DecodeUtf8(std::string_view s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return Utf8Char{1, lead};
  size_t length;
  uint32_t cp;
  uint32_t smallest;  // anything below is an overlong encoding
  if ((lead & 0xe0) == 0xc0) {
    length = 2, cp = lead & 0x1f, smallest = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3, cp = lead & 0x0f, smallest = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4, cp = lead & 0x07, smallest = 0x10000;
  } else {
    return std::nullopt;
  }
  if (i + length > s.size()) return std::nullopt;
  for (size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < smallest || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
  return Utf8Char{length, cp};
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
