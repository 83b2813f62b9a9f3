#include "harness/model/init_promises.h"

#include <signal.h>

#include <charconv>

#include <fmt/format.h>

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

bool Split(std::string_view text, std::string_view* from, std::string_view* to) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  *from = text.substr(0, colon);
  *to = text.substr(colon + 1);
  return true;
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
  std::string_view from, to;
  std::optional<int> a, b;
  if (Split(text, &from, &to)) {
    a = Number(from);
    b = Number(to);
  }
  if (!a || !b || *a < 0 || *a > 255 || *b < 0 || *b > 255) {
    *why = fmt::format("\"{}\" is not MAIN:PID1, two exit statuses from 0 to 255 (e.g. 143:0 for tini -e 143)", text);
    return std::nullopt;
  }
  return std::pair{*a, *b};
}

std::optional<std::pair<int, int>> ParseSignalPromise(std::string_view text, std::string* why) {
  std::string_view from, to;
  std::optional<int> a, b;
  if (Split(text, &from, &to)) {
    a = Signal(from);
    b = Signal(to);
  }
  auto passable = [](int s) { return s >= 1 && s <= 31 && s != SIGKILL && s != SIGSTOP; };
  if (!a || !b || !passable(*a) || (*b != 0 && !passable(*b))) {
    *why = fmt::format(
        "\"{}\" is not SENT:ARRIVES, two signals (numbers or names; ARRIVES may be 0, dropped) from 1 to 31 but "
        "SIGKILL and SIGSTOP (e.g. 15:3 for dumb-init -r 15:3)",
        text);
    return std::nullopt;
  }
  return std::pair{*a, *b};
}

}  // namespace initcheck
