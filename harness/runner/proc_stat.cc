#include "harness/runner/proc_stat.h"

#include <charconv>

namespace initcheck {
namespace {

// Skips spaces, then reads one number into value.
template <typename T>
bool ReadField(const char*& p, const char* end, T& value) {
  while (p < end && *p == ' ') ++p;
  auto [next, ec] = std::from_chars(p, end, value);
  if (ec != std::errc() || next == p) return false;
  p = next;
  return true;
}

}  // namespace

std::optional<ProcStat> ParseProcStat(std::string_view text) {
  size_t close = text.rfind(')');
  if (close == std::string_view::npos || close + 3 > text.size() || text[close + 1] != ' ') {
    return std::nullopt;
  }
  ProcStat stat{};
  stat.state = text[close + 2];
  const char* p = text.data() + close + 3;
  const char* end = text.data() + text.size();
  long skip = 0;
  if (!ReadField(p, end, stat.parent)) return std::nullopt;
  for (int field = 0; field < 4; ++field) {  // pgrp, session, tty_nr, tpgid
    if (!ReadField(p, end, skip)) return std::nullopt;
  }
  if (!ReadField(p, end, stat.flags)) return std::nullopt;
  return stat;
}

}  // namespace initcheck
