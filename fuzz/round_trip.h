// The decoders' second property, after "never crashes": whatever a decoder
// accepts, its encoder writes back as a document the decoder reads to the
// same value. Otherwise a counterexample written by one engine would replay
// as something else, or not at all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "harness/model/json_path.h"

namespace initcheck::fuzz {

// The text of an accepted input, as the libFuzzer target received it.
inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Aborts, naming what broke, unless decode(encode(value)) == value.
// encode: const T& -> std::string; decode: std::string_view -> T, throwing
// JsonError.
template <typename T, typename Encode, typename Decode>
void ExpectRoundTrip(std::string_view what, const T& value, Encode encode, Decode decode) {
  const std::string text = encode(value);
  T back;
  try {
    back = decode(text);
  } catch (const JsonError& e) {
    fprintf(stderr, "%.*s: its own encoding is rejected: %s\nthe encoding:\n%s\n",
            static_cast<int>(what.size()), what.data(), e.what(), text.c_str());
    abort();
  }
  if (!(back == value)) {
    const std::string again = encode(back);
    fprintf(stderr, "%.*s: decoding its encoding gives another value%s\nfirst encoding:\n%s\nsecond:\n%s\n",
            static_cast<int>(what.size()), what.data(),
            again == text ? " (the encoding drops part of the value: the decoder accepted what the "
                            "encoder cannot write)"
                          : "",
            text.c_str(), again.c_str());
    abort();
  }
}

// A decoder target's whole body: text -> value or JsonError (anything else
// escapes and aborts: a finding), then the round trip.
template <typename Decode, typename Encode>
int FuzzDecoder(std::string_view what, const uint8_t* data, size_t size, Decode decode, Encode encode) {
  decltype(decode(std::string_view())) value;
  try {
    value = decode(AsText(data, size));
  } catch (const JsonError&) {
    return 0;
  }
  ExpectRoundTrip(what, value, encode, decode);
  return 0;
}

}  // namespace initcheck::fuzz
