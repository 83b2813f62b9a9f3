#include "harness/model/utf8.h"

namespace initcheck {

Utf8Step NextUtf8(std::string_view text, size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return {1, true, lead};
  // Continuations needed, and the range the first one must fall in: the
  // narrower ranges exclude overlong forms, surrogates and code points above
  // U+10FFFF.
  size_t needed = 0;
  unsigned char low = 0x80, high = 0xBF;
  uint32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 1;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    needed = 2;
    cp = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    needed = 3;
    cp = lead & 0x07;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {1, false, 0};  // a continuation byte, C0, C1 or F5..FF
  }
  for (size_t k = 1; k <= needed; ++k) {
    if (at + k >= text.size()) return {k, false, 0};  // cut short by the end
    const auto next = static_cast<unsigned char>(text[at + k]);
    if (next < low || next > high) return {k, false, 0};
    cp = (cp << 6) | (next & 0x3F);
    low = 0x80;
    high = 0xBF;
  }
  return {needed + 1, true, cp};
}

std::string ReplaceInvalidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const Utf8Step step = NextUtf8(text, at);
    if (step.valid) {
      out.append(text.substr(at, step.length));
    } else {
      out += "\xEF\xBF\xBD";
    }
    at += step.length;
  }
  return out;
}

}  // namespace initcheck
