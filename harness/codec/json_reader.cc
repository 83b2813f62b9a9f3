#include "harness/codec/json_reader.h"

#include <algorithm>
#include <climits>
#include <optional>
#include <set>
#include <utility>

#include "harness/model/signal_names.h"

namespace initcheck {

using nlohmann::json;

namespace {

// Builds the document from nlohmann's SAX events, rejecting a key repeated
// within one object, which nlohmann would resolve silently (last wins):
// {"grace_ms": 1000, ..., "grace_ms": 10} is a mistake. Linear in the input:
// each value is built once in place (nlohmann's callback parser copies and
// rescans, quadratic in the number of values), and only the open containers
// are remembered, with their keys and element counts for the error's path.
class CheckedDomBuilder {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  json Take() { return std::move(root_); }
  // The parse error nlohmann reported, if it stopped on one.
  const std::optional<std::pair<size_t, std::string>>& error() const { return error_; }

  bool null() { return Add(nullptr); }
  bool boolean(bool v) { return Add(v); }
  bool number_integer(number_integer_t v) { return Add(v); }
  bool number_unsigned(number_unsigned_t v) { return Add(v); }
  bool number_float(number_float_t v, const string_t&) { return Add(v); }
  bool string(string_t& v) { return Add(std::move(v)); }
  bool binary(binary_t& v) { return Add(json::binary(std::move(v))); }
  bool start_object(size_t) { return Open(json::object()); }
  bool start_array(size_t) { return Open(json::array()); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(string_t& k) {
    Frame& top = frames_.back();
    if (!top.keys.insert(k).second) {
      throw JsonError(KeyPath(ContainerPath(), k),
                      fmt::format("duplicate key {} (a key may appear once per object)", Quote(k)));
    }
    top.key = std::move(k);
    return true;
  }
  bool parse_error(size_t position, const std::string&, const nlohmann::detail::exception& e) {
    error_ = {position, e.what()};
    return false;
  }

 private:
  struct Frame {
    json* container;
    std::set<std::string> keys;  // objects: the keys seen
    std::string key;             // objects: the key whose value comes next
    size_t elements = 0;         // arrays: elements so far
  };

  // Where the next value goes; only the innermost open container changes,
  // so the pointers to the outer ones stay valid.
  json* Slot() {
    if (frames_.empty()) return &root_;
    Frame& top = frames_.back();
    if (top.container->is_array()) {
      ++top.elements;
      top.container->push_back(nullptr);
      return &top.container->back();
    }
    return &(*top.container)[top.key];
  }
  bool Add(json value) {
    *Slot() = std::move(value);
    return true;
  }
  bool Open(json empty) {
    json* slot = Slot();
    *slot = std::move(empty);
    frames_.push_back({slot, {}, {}, 0});
    return true;
  }
  bool Close() {
    frames_.pop_back();
    return true;
  }

  // The path of the innermost open container.
  std::string ContainerPath() const {
    std::string path = "$";
    for (size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      path = f.container->is_object() ? KeyPath(path, f.key) : IndexPath(path, f.elements - 1);
    }
    return path;
  }

  json root_;
  std::vector<Frame> frames_;
  std::optional<std::pair<size_t, std::string>> error_;
};

// nlohmann's message without its "[json.exception...] parse error at ...: " prefix.
std::string ParseErrorDetail(const char* what) {
  std::string_view msg(what);
  size_t at = msg.find("] ");
  if (at != std::string_view::npos) msg.remove_prefix(at + 2);
  size_t colon = msg.find(": ");
  if (msg.starts_with("parse error") && colon != std::string_view::npos) msg.remove_prefix(colon + 2);
  return std::string(msg);
}

// Line and column (1-based; the column counts bytes) of nlohmann's byte
// position, which is 1-based and one past the end for a truncated input.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t byte) {
  size_t pos = std::min(byte == 0 ? 0 : byte - 1, text.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, pos - line_start + 1};
}

std::string KeyList(std::initializer_list<std::string_view> keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

}  // namespace

json ParseJson(std::string_view text) {
  // nlohmann's lexer takes a NUL byte for the end of the input, so a valid
  // document followed by "\0garbage" would be accepted; JSON text holds no
  // raw NUL (a string spells it \u0000).
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    auto [line, column] = LineColumn(text, nul + 1);
    throw JsonError("$", fmt::format("a NUL byte at line {}, column {}: JSON text cannot hold one", line, column));
  }
  CheckedDomBuilder builder;
  json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, /*strict=*/true);
  if (const auto& error = builder.error()) {
    auto [line, column] = LineColumn(text, error->first);
    throw JsonError("$", fmt::format("JSON syntax error at line {}, column {}: {}", line, column,
                                     ParseErrorDetail(error->second.c_str())));
  }
  return builder.Take();
}

std::string Describe(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return v.get<bool>() ? "boolean true" : "boolean false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer " + v.dump();
    case json::value_t::number_float:
      return "non-integer number " + v.dump();
    case json::value_t::string:
      return "string " + Quote(v.get_ref<const std::string&>());
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return v.type_name();
  }
}

void FailType(const std::string& path, std::string_view expected, const json& v) {
  throw JsonError(path, fmt::format("expected {}, got {}", expected, Describe(v)));
}

std::string GetString(const json& v, const std::string& path) {
  if (!v.is_string()) FailType(path, "string", v);
  return v.get<std::string>();
}

bool GetBool(const json& v, const std::string& path) {
  if (!v.is_boolean()) FailType(path, "boolean", v);
  return v.get<bool>();
}

int64_t GetInteger(const json& v, const std::string& path) {
  if (!v.is_number_integer()) FailType(path, "integer", v);
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    return u > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(u);
  }
  return v.get<int64_t>();
}

int GetInt(const json& v, const std::string& path) {
  int64_t i = GetInteger(v, path);
  if (i < INT_MIN || i > INT_MAX) FailType(path, fmt::format("integer in {}..{}", INT_MIN, INT_MAX), v);
  return static_cast<int>(i);
}

size_t GetIndex(const json& v, const std::string& path) {
  if (!v.is_number_integer() || GetInteger(v, path) < 0) FailType(path, "non-negative integer", v);
  return static_cast<size_t>(GetInteger(v, path));
}

double GetNumber(const json& v, const std::string& path) {
  if (!v.is_number()) FailType(path, "number", v);
  return v.get<double>();
}

int SignalByName(const std::string& name, const std::string& path) {
  auto signo = SignalFromName(name);
  if (!signo) throw JsonError(path, UnknownSignalReason(name));
  return *signo;
}

int GetSignal(const json& v, const std::string& path) { return SignalByName(GetString(v, path), path); }

ObjectReader::ObjectReader(const json& value, std::string path,
                           std::initializer_list<std::string_view> allowed)
    : value_(value), path_(std::move(path)) {
  if (!value.is_object()) FailType(path_, "object", value);
  for (const auto& [key, unused] : value.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw JsonError(KeyPath(path_, key),
                      fmt::format("unknown key {}; allowed keys: {}", Quote(key), KeyList(allowed)));
    }
  }
}

const json* ObjectReader::Find(std::string_view key) const {
  auto it = value_.find(key);
  return it == value_.end() ? nullptr : &*it;
}

const json* ObjectReader::FindNonNull(std::string_view key) const {
  const json* v = Find(key);
  return v && !v->is_null() ? v : nullptr;
}

const json& ObjectReader::Require(std::string_view key, std::string_view why) const {
  const json* v = Find(key);
  if (!v) {
    throw JsonError(path_, why.empty() ? fmt::format("missing required key \"{}\"", key)
                                       : fmt::format("missing required key \"{}\" ({})", key, why));
  }
  return *v;
}

}  // namespace initcheck
