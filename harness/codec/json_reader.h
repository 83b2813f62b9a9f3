// The one strict way every decoder reads JSON (scenario files, journal
// datagrams from inside the namespace, traces, report.json): text with no
// duplicate keys, objects with no unknown keys, values of exactly the type
// asked for. Every failure is a JsonError (harness/model/json_path.h) naming
// the JSON path and the reason in one wording ("expected integer, got string
// \"100\""), never nlohmann's exception text and never a guess.
//
// Errors are JsonError rather than ScenarioError because most documents read
// here are not scenarios (a malformed journal datagram is not a bad scenario,
// and the CLI treats the two differently); the scenario decoder turns them into
// ScenarioErrors at its boundary, which it can since ScenarioError derives
// from JsonError and adds only the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "harness/model/enum_ids.h"
#include "harness/model/json_path.h"
#include "harness/model/quoted_text.h"

namespace initcheck {

// Text -> JSON. A syntax error is a JsonError at "$" whose reason gives the
// line and column (1-based, the column in bytes): "JSON syntax error at line
// 3, column 12: ...". A key repeated within one object is an error at its
// path, since nlohmann would silently keep the last.
nlohmann::json ParseJson(std::string_view text);

// A value's kind and, for scalars, the value: "string \"100\"",
// "non-integer number 1.5", "object".
std::string Describe(const nlohmann::json& value);

// "<path>: expected <expected>, got <Describe(value)>".
[[noreturn]] void FailType(const std::string& path, std::string_view expected,
                           const nlohmann::json& value);

// The typed getters: the value at path, or a JsonError there.
std::string GetString(const nlohmann::json& value, const std::string& path);
bool GetBool(const nlohmann::json& value, const std::string& path);
// Saturated to int64 (an unsigned beyond it is out of every range anyway);
// 1.5 and 1e3 are not integers.
int64_t GetInteger(const nlohmann::json& value, const std::string& path);
int GetInt(const nlohmann::json& value, const std::string& path);  // within int's range
size_t GetIndex(const nlohmann::json& value, const std::string& path);  // a non-negative integer
double GetNumber(const nlohmann::json& value, const std::string& path);  // integer or not
// A signal by its name ("SIGTERM"), with a hint for near misses.
int GetSignal(const nlohmann::json& value, const std::string& path);
int SignalByName(const std::string& name, const std::string& path);

// A string among an enumeration's ids: "unknown <what> \"x\"; expected one
// of: a, b, c" otherwise.
template <typename E>
E GetEnum(const nlohmann::json& value, const std::string& path, std::span<const EnumId<E>> ids,
          std::string_view what) {
  std::string id = GetString(value, path);
  if (auto e = FromId(ids, id)) return *e;
  throw JsonError(path, fmt::format("unknown {} {}; expected one of: {}", what, Quote(id), IdChoices(ids)));
}

// The array at path, each element decoded by read(element, element_path).
template <typename Read>
auto ReadArray(const nlohmann::json& value, const std::string& path, Read read)
    -> std::vector<std::invoke_result_t<Read, const nlohmann::json&, const std::string&>> {
  if (!value.is_array()) FailType(path, "array", value);
  std::vector<std::invoke_result_t<Read, const nlohmann::json&, const std::string&>> out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) out.push_back(read(value[i], IndexPath(path, i)));
  return out;
}

// One JSON object and the keys it may have: any other key is an error at its
// path ("unknown key \"nmae\"; allowed keys: name, session, ..."). Keys an
// encoder writes for people (times in ms beside the exact ns) are listed too,
// and simply not read.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& value, std::string path,
               std::initializer_list<std::string_view> allowed);
  // The reader refers to the value: a temporary would be gone before it is read.
  ObjectReader(nlohmann::json&& value, std::string path,
               std::initializer_list<std::string_view> allowed) = delete;

  // nullptr when key is absent.
  const nlohmann::json* Find(std::string_view key) const;
  // nullptr when key is absent or null: an optional value.
  const nlohmann::json* FindNonNull(std::string_view key) const;
  // The value, or "missing required key \"key\" (why)".
  const nlohmann::json& Require(std::string_view key, std::string_view why = "") const;

  std::string PathOf(std::string_view key) const { return KeyPath(path_, key); }
  const std::string& path() const { return path_; }

  // Required keys, typed.
  std::string String(std::string_view key) const { return GetString(Require(key), PathOf(key)); }
  int64_t Integer(std::string_view key) const { return GetInteger(Require(key), PathOf(key)); }
  int Int(std::string_view key) const { return GetInt(Require(key), PathOf(key)); }
  int Signal(std::string_view key) const { return GetSignal(Require(key), PathOf(key)); }
  template <typename E>
  E Enum(std::string_view key, std::span<const EnumId<E>> ids, std::string_view what) const {
    return GetEnum(Require(key), PathOf(key), ids, what);
  }

 private:
  const nlohmann::json& value_;
  std::string path_;
};

}  // namespace initcheck
