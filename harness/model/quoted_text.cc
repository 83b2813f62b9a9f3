#include "harness/model/quoted_text.h"

#include <cstdio>

#include "harness/model/utf8.h"

namespace initcheck {
namespace {

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
    Utf8Step step = NextUtf8(text, at);
    if (!step.valid) return false;
    at += step.length;
  }
  return true;
}

std::string JsonQuoted(std::string_view text) {
  std::string out = "\"";
  for (size_t at = 0; at < text.size();) {
    Utf8Step step = NextUtf8(text, at);
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
