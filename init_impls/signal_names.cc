#include "init_impls/signal_names.h"

#include <csignal>
#include <cstring>
#include <string.h>  // sigabbrev_np (GNU)

#include <algorithm>
#include <cctype>
#include <charconv>

namespace initcheck::inits {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

std::optional<int> ParseNumber(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool IsSignal(int signo) { return signo > 0 && signo < NSIG; }

}  // namespace

std::string SignalName(int signo) {
  if (const char* abbrev = sigabbrev_np(signo)) return std::string("SIG") + abbrev;
  if (signo >= SIGRTMIN && signo <= SIGRTMAX) {
    return "SIGRTMIN+" + std::to_string(signo - SIGRTMIN);
  }
  return "signal " + std::to_string(signo);
}

std::optional<int> ParseSignal(std::string_view text) {
  if (auto number = ParseNumber(text)) {
    if (IsSignal(*number)) return number;
    return std::nullopt;
  }
  if (StartsWithIgnoreCase(text, "SIG")) text.remove_prefix(3);
  if (text.empty()) return std::nullopt;

  // Real-time signals have no fixed numbers: glibc reserves a few for itself,
  // so they are named relative to SIGRTMIN and SIGRTMAX, as kill(1) does.
  if (StartsWithIgnoreCase(text, "RTMIN") || StartsWithIgnoreCase(text, "RTMAX")) {
    const bool from_min = StartsWithIgnoreCase(text, "RTMIN");
    std::string_view offset_text = text.substr(5);
    int offset = 0;
    if (!offset_text.empty()) {
      const char sign = offset_text.front();
      if ((from_min && sign != '+') || (!from_min && sign != '-')) return std::nullopt;
      auto parsed = ParseNumber(offset_text.substr(1));
      if (!parsed) return std::nullopt;
      offset = from_min ? *parsed : -*parsed;
    }
    const int signo = (from_min ? SIGRTMIN : SIGRTMAX) + offset;
    if (signo < SIGRTMIN || signo > SIGRTMAX) return std::nullopt;
    return signo;
  }

  if (EqualsIgnoreCase(text, "IO")) return SIGIO;  // glibc calls it POLL
  for (int signo = 1; signo < NSIG; ++signo) {
    const char* abbrev = sigabbrev_np(signo);
    if (abbrev != nullptr && EqualsIgnoreCase(text, abbrev)) return signo;
  }
  return std::nullopt;
}

}  // namespace initcheck::inits
