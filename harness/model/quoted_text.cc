#include "harness/model/quoted_text.h"

#include <cstdio>

namespace initcheck {
namespace {

// One step over text at `at`: how many bytes form the next character and
// whether they are well-formed UTF-8. An ill-formed sequence ends at the first
// byte that cannot continue it (that byte starts the next step, since it may be
// fine on its own), or at the end of the text; a byte that cannot start a
// character is a step of one. This is where a replacing encoder puts one U+FFFD.
struct Utf8Step {
  size_t length;
  bool valid;
};

Utf8Step NextCharacter(std::string_view text, size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return {1, true};
  // Continuations needed, and the range the first one must fall in: the
  // narrower ranges exclude overlong forms, surrogates and code points above
  // U+10FFFF.
  size_t needed = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    needed = 2;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    needed = 3;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {1, false};  // a continuation byte, C0, C1 or F5..FF
  }
  for (size_t k = 1; k <= needed; ++k) {
    if (at + k >= text.size()) return {k, false};  // cut short by the end
    const auto next = static_cast<unsigned char>(text[at + k]);
    if (next < low || next > high) return {k, false};
    low = 0x80;
    high = 0xBF;
  }
  return {needed + 1, true};
}

void AppendEscaped(char c, std::string& out) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: break;
  }
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", byte);
    out += buf;
  } else {
    out += c;
  }
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    Utf8Step step = NextCharacter(text, at);
    if (!step.valid) return false;
    at += step.length;
  }
  return true;
}

std::string JsonQuoted(std::string_view text) {
  std::string out = "\"";
  for (size_t at = 0; at < text.size();) {
    Utf8Step step = NextCharacter(text, at);
    if (!step.valid) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
    } else if (step.length == 1) {
      AppendEscaped(text[at], out);
    } else {
      out.append(text.substr(at, step.length));
    }
    at += step.length;
  }
  return out + "\"";
}

std::string Quote(std::string_view text) {
  constexpr size_t kMaxShown = 60;
  std::string quoted = JsonQuoted(text.substr(0, kMaxShown));
  if (text.size() > kMaxShown) quoted.insert(quoted.size() - 1, "...");
  return quoted;
}

}  // namespace initcheck
