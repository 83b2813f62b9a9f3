#include "harness/model/init_promises.h"

#include <signal.h>

#include <charconv>

#include <fmt/core.h>

#include "harness/model/signal_names.h"

namespace initcheck {
namespace {

std::optional<int> Number(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int> Signal(std::string_view text) {
  if (auto n = Number(text)) return n;
  return SignalFromName(text);
}

// "FROM:TO" with each side read by parse; nullopt when there is no colon or
// a side does not read.
std::optional<std::pair<int, int>> ParsePair(std::string_view text, std::optional<int> (*parse)(std::string_view)) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::optional<int> from = parse(text.substr(0, colon));
  const std::optional<int> to = parse(text.substr(colon + 1));
  if (!from || !to) return std::nullopt;
  return std::pair{*from, *to};
}

}  // namespace

int InitPromises::PromisedStatus(int main_status) const {
  auto it = exit_status.find(main_status);
  return it == exit_status.end() ? main_status : it->second;
}

int InitPromises::Arrives(int signo) const {
  auto it = signal_rewrite.find(signo);
  return it == signal_rewrite.end() ? signo : it->second;
}

std::optional<std::pair<int, int>> ParseExitPromise(std::string_view text, std::string* why) {
  const auto pair = ParsePair(text, Number);
  auto status = [](int s) { return s >= 0 && s <= 255; };
  if (!pair || !status(pair->first) || !status(pair->second)) {
    *why = fmt::format("\"{}\" is not MAIN:PID1, two exit statuses from 0 to 255 (e.g. 143:0 for tini -e 143)", text);
    return std::nullopt;
  }
  return pair;
}

std::optional<std::pair<int, int>> ParseSignalPromise(std::string_view text, std::string* why) {
  const auto pair = ParsePair(text, Signal);
  auto passable = [](int s) { return s >= 1 && s <= 31 && s != SIGKILL && s != SIGSTOP; };
  if (!pair || !passable(pair->first) || (pair->second != 0 && !passable(pair->second))) {
    *why = fmt::format(
        "\"{}\" is not SENT:ARRIVES, two signals (numbers or names; ARRIVES may be 0, dropped) from 1 to 31 but "
        "SIGKILL and SIGSTOP (e.g. 15:3 for dumb-init -r 15:3)",
        text);
    return std::nullopt;
  }
  return pair;
}

}  // namespace initcheck
