#include "harness/runner/run_delay_series.h"

#include <charconv>

namespace initcheck {

std::optional<Schedstat> ParseSchedstat(std::string_view text) {
  int64_t fields[3];
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int64_t& field : fields) {
    while (p < end && *p == ' ') ++p;
    auto [next, ec] = std::from_chars(p, end, field);
    if (ec != std::errc() || next == p || field < 0) return std::nullopt;
    p = next;
  }
  if (p < end && *p == '\n') ++p;
  if (p != end) return std::nullopt;
  return Schedstat{fields[1], fields[2]};
}

void RunDelaySeries::Add(MonotonicNs at, Schedstat read, Pid1Ending ending) {
  const size_t n = reads_.size();
  auto same = [&](const Read& r) { return r.stat == read && r.ending == ending; };
  if (n >= 2 && same(reads_[n - 1]) && same(reads_[n - 2])) {
    reads_[n - 1].at = at;
    return;
  }
  reads_.push_back({at, read, ending});
}

std::vector<RunDelaySample> RunDelaySeries::Since(MonotonicNs t0) const {
  std::vector<RunDelaySample> out;
  out.reserve(reads_.size());
  for (const Read& r : reads_) {
    out.push_back({r.at.SinceNs(t0), r.stat.run_delay_ns, r.stat.timeslices, r.ending.exited, r.ending.exiting,
                   r.ending.asleep});
  }
  return out;
}

}  // namespace initcheck
