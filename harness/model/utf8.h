// One step of UTF-8 decoding, shared by everything that must look at user
// text character by character (quoting in messages, name checks, escaping
// for the terminal, XML and Markdown), so that all of them agree on what
// well-formed UTF-8 is: no overlong forms, no surrogates, nothing above
// U+10FFFF.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace initcheck {

// The character at `at`: how many bytes it takes, whether they are
// well-formed, and (when they are) its code point. An ill-formed sequence
// ends at the first byte that cannot continue it (that byte starts the next
// step, since it may be fine on its own), or at the end of the text; a byte
// that cannot start a character is a step of one. This is where a replacing
// encoder puts one U+FFFD.
struct Utf8Step {
  size_t length;
  bool valid;
  uint32_t code_point;  // 0 when !valid
};

Utf8Step NextUtf8(std::string_view text, size_t at);

// text with each ill-formed sequence replaced by one U+FFFD: bytes from
// outside (an init's output) made fit for JSON and reports.
std::string ReplaceInvalidUtf8(std::string_view text);

}  // namespace initcheck
