#include "harness/runner/signal_trace_line.h"

#include <charconv>

namespace initcheck {
namespace {

constexpr std::string_view kEvent = ": signal_generate: ";

template <typename T>
bool Number(std::string_view text, T& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

// The value of "name=value" starting at or after from, up to the next space
// (or the end); empty if name= is not there.
std::string_view Field(std::string_view text, std::string_view name, size_t from = 0) {
  size_t at = text.find(name, from);
  if (at == std::string_view::npos) return {};
  at += name.size();
  size_t end = text.find(' ', at);
  return text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
}

// "12002.290407" -> ns.
bool Timestamp(std::string_view text, int64_t& ns) {
  size_t dot = text.find('.');
  if (dot == std::string_view::npos || text.size() - dot - 1 != 6) return false;
  int64_t seconds = 0, micros = 0;
  if (!Number(text.substr(0, dot), seconds) || !Number(text.substr(dot + 1), micros)) return false;
  ns = seconds * 1'000'000'000 + micros * 1'000;
  return true;
}

}  // namespace

std::optional<GeneratedSignal> ParseSignalGenerateLine(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  const size_t event = line.find(kEvent);
  if (event == std::string_view::npos) return std::nullopt;
  const std::string_view prefix = line.substr(0, event);
  const std::string_view fields = line.substr(event + kEvent.size());

  GeneratedSignal g;
  const size_t last_space = prefix.rfind(' ');
  if (last_space == std::string_view::npos || !Timestamp(prefix.substr(last_space + 1), g.t_ns)) {
    return std::nullopt;
  }
  const size_t cpu = prefix.rfind(" [");
  if (cpu == std::string_view::npos) return std::nullopt;
  std::string_view task = prefix.substr(0, cpu);
  while (!task.empty() && task.back() == ' ') task.remove_suffix(1);  // "%-7d" pads the pid
  const size_t dash = task.rfind('-');
  if (dash == std::string_view::npos || !Number(task.substr(dash + 1), g.sender_pid)) return std::nullopt;

  // sig, errno and code come before the target's comm; pid, grp and res after.
  const size_t target = fields.rfind(" pid=");
  if (target == std::string_view::npos) return std::nullopt;
  const std::string_view head = fields.substr(0, target);
  const std::string_view tail = fields.substr(target + 1);
  if (!Number(Field(head, "sig="), g.signo) || !Number(Field(head, "code="), g.code) ||
      !Number(Field(tail, "pid="), g.target_pid) || !Number(Field(tail, "res="), g.result)) {
    return std::nullopt;
  }
  return g;
}

std::optional<int64_t> ParseLostEventsLine(std::string_view line) {
  constexpr std::string_view kLost = " [LOST ", kEvents = " EVENTS]";
  if (!line.starts_with("CPU:")) return std::nullopt;
  size_t at = line.find(kLost);
  if (at == std::string_view::npos) return std::nullopt;
  at += kLost.size();
  size_t end = line.find(kEvents, at);
  int64_t lost = 0;
  if (end == std::string_view::npos || !Number(line.substr(at, end - at), lost)) return std::nullopt;
  return lost;
}

}  // namespace initcheck
