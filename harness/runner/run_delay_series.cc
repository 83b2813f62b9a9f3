#include "harness/runner/run_delay_series.h"

#include <charconv>

namespace initcheck {

void RunDelaySeries::Add(MonotonicNs at, int64_t run_delay_ns) {
  const size_t n = reads_.size();
  if (n >= 2 && reads_[n - 1].run_delay_ns == run_delay_ns && reads_[n - 2].run_delay_ns == run_delay_ns) {
    reads_[n - 1].at = at;
    return;
  }
  reads_.push_back({at, run_delay_ns});
}

std::vector<RunDelaySample> RunDelaySeries::Since(MonotonicNs t0) const {
  std::vector<RunDelaySample> out;
  out.reserve(reads_.size());
  for (const Read& r : reads_) out.push_back({r.at.SinceNs(t0), r.run_delay_ns});
  return out;
}

std::optional<int64_t> ParseSchedstatRunDelay(std::string_view text) {
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
  return fields[1];
}

}  // namespace initcheck
