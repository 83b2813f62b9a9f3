#include "harness/codec/json_reader.h"

#include <algorithm>
#include <climits>
#include <set>
#include <utility>

#include "harness/model/signal_names.h"

namespace initcheck {

using nlohmann::json;

namespace {

// Rejects a key repeated within one object, which nlohmann would resolve
// silently (last wins): {"grace_ms": 1000, ..., "grace_ms": 10} is a mistake.
// Tracks the path of the container being parsed so the error can name it.
class DuplicateKeyCheck {
 public:
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        CountElement();
        frames_.push_back({event == json::parse_event_t::object_start, {}, {}, 0});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case json::parse_event_t::key: {
        if (frames_.empty() || !parsed.is_string()) break;
        Frame& top = frames_.back();
        const std::string& key = parsed.get_ref<const std::string&>();
        if (!top.keys.insert(key).second) {
          throw JsonError(KeyPath(ContainerPath(), key),
                          fmt::format("duplicate key {} (a key may appear once per object)", Quote(key)));
        }
        top.key = key;
        break;
      }
      case json::parse_event_t::value:
        CountElement();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool is_object;
    std::set<std::string> keys;
    std::string key;  // objects: the key whose value is being parsed
    size_t elements;  // arrays: elements started so far
  };

  void CountElement() {
    if (!frames_.empty() && !frames_.back().is_object) ++frames_.back().elements;
  }

  // The path of the innermost open container.
  std::string ContainerPath() const {
    std::string path = "$";
    for (size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      path = f.is_object ? KeyPath(path, f.key) : IndexPath(path, f.elements - 1);
    }
    return path;
  }

  std::vector<Frame> frames_;
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
  try {
    return json::parse(text.begin(), text.end(), DuplicateKeyCheck());
  } catch (const json::parse_error& e) {
    auto [line, column] = LineColumn(text, e.byte);
    throw JsonError("$", fmt::format("JSON syntax error at line {}, column {}: {}", line, column,
                                     ParseErrorDetail(e.what())));
  } catch (const json::exception& e) {  // e.g. a number too large for a double
    throw JsonError("$", "invalid JSON: " + ParseErrorDetail(e.what()));
  }
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
