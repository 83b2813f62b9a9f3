#include "harness/model/json_path.h"

#include <cctype>
#include <utility>

#include <fmt/core.h>

#include "harness/model/quoted_text.h"

namespace initcheck {
namespace {

bool IsPlainKey(std::string_view key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

std::string PathWhat(const std::string& path, const std::string& reason) {
  return path.empty() ? reason : path + ": " + reason;
}

}  // namespace

JsonError::JsonError(std::string path_in, std::string reason_in)
    : JsonError(path_in, reason_in, PathWhat(path_in, reason_in)) {}

JsonError::JsonError(std::string path_in, std::string reason_in, const std::string& what)
    : std::runtime_error(what), path(std::move(path_in)), reason(std::move(reason_in)) {}

std::string KeyPath(const std::string& parent, std::string_view key) {
  if (IsPlainKey(key)) return parent + "." + std::string(key);
  return parent + "[" + Quote(key) + "]";
}

std::string IndexPath(const std::string& parent, size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

std::string RebasePath(const std::string& base, const std::string& path) {
  if (!path.starts_with("$")) return path;
  return base + path.substr(1);
}

}  // namespace initcheck
