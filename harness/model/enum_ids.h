// An enumeration's stable ids ("sigkill-in-grace", "new-session"), spelled
// once in a table beside the enum, read both ways by these two functions.
// The ids are the formats' vocabulary (scenario, trace and report JSON, CLI
// flags), so a table is the only place an id may be written.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace initcheck {

template <typename E>
struct EnumId {
  E value;
  std::string_view id;
};

// The id of value; "invalid" for a value outside the table (a struct built
// by hand), which every validator rejects.
template <typename E>
constexpr std::string_view IdOf(std::span<const EnumId<E>> table, E value) {
  for (const auto& e : table) {
    if (e.value == value) return e.id;
  }
  return "invalid";
}

template <typename E>
constexpr std::optional<E> FromId(std::span<const EnumId<E>> table, std::string_view id) {
  for (const auto& e : table) {
    if (e.id == id) return e.value;
  }
  return std::nullopt;
}

// "a, b, c": the ids a message offers as choices.
template <typename E>
std::string IdChoices(std::span<const EnumId<E>> table) {
  std::string out;
  for (const auto& e : table) {
    if (!out.empty()) out += ", ";
    out += e.id;
  }
  return out;
}

}  // namespace initcheck
