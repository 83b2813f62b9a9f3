// User text (keys, names, values) as messages show it: quoted and escaped as
// a JSON string, so that a message naming garbage stays one readable line.
// Spelled here without a JSON library, because the model (which validates
// scenarios from every source) uses none; the wording matches what the JSON
// codec writes byte for byte, so a mistake reads the same whichever layer
// finds it.
#pragma once

#include <string>
#include <string_view>

namespace initcheck {

// Whether text is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF): what a scenario's names must be to be written as
// JSON.
bool IsValidUtf8(std::string_view text);

// text as a JSON string literal: '"' and '\' escaped, control characters as
// \b \f \n \r \t or \u00XX, everything else as is; each ill-formed UTF-8
// sequence becomes one U+FFFD, as nlohmann-json's error_handler_t::replace
// writes it (so a message can always be printed).
std::string JsonQuoted(std::string_view text);

// The same, cut after the first 60 bytes (marked "..." inside the quotes):
// a message quotes what it was given, not all of it.
std::string Quote(std::string_view text);

}  // namespace initcheck
