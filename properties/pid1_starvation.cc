#include "properties/pid1_starvation.h"

#include <fmt/format.h>

#include <algorithm>

#include "harness/model/time_format.h"

namespace initcheck {

std::optional<RunqueueWait> Pid1RunqueueWait(const Trace& trace, int64_t from_ns, int64_t to_ns) {
  const std::vector<RunDelaySample>& samples = trace.pid1_run_delay;
  if (samples.empty()) return std::nullopt;
  // A dead task waits on no runqueue: a sample read after PID 1's exit holds
  // the value it had at its exit.
  const ProcessRecord* init = trace.Init();
  auto when = [&](const RunDelaySample& s) {
    return init != nullptr && init->exit_ns ? std::min(s.t_ns, *init->exit_ns) : s.t_ns;
  };
  const RunDelaySample* start = nullptr;  // latest at or before from_ns
  const RunDelaySample* end = nullptr;    // earliest at or after to_ns
  for (const auto& s : samples) {
    if (when(s) <= from_ns) start = &s;
    if (end == nullptr && when(s) >= to_ns) end = &s;
  }
  // An edge no sample brackets: the unsampled stretch may all have been a wait.
  int64_t unsampled = 0;
  if (start == nullptr) {
    start = &samples.front();
    unsampled += when(*start) - from_ns;
  }
  if (end == nullptr) {
    end = &samples.back();
    unsampled += to_ns - when(*end);
  }
  const int64_t window = std::max<int64_t>(0, to_ns - from_ns);
  const int64_t measured = std::max<int64_t>(0, end->run_delay_ns - start->run_delay_ns);
  return RunqueueWait{std::min(window, measured + std::max<int64_t>(0, unsampled)),
                      std::min(when(*start), from_ns), std::max(when(*end), to_ns)};
}

std::optional<std::string> Pid1Starved(const Trace& trace, std::string_view property,
                                       const JudgedWindow& window, int bound_ms, int allowed_wait_ms) {
  std::optional<RunqueueWait> wait = Pid1RunqueueWait(trace, window.from_ns, window.to_ns);
  if (!wait) return std::nullopt;
  const int64_t length = window.to_ns - window.from_ns;
  const int64_t off_runqueue = length - wait->wait_ns;
  const int required_ms = bound_ms - allowed_wait_ms;
  if (off_runqueue >= MsToNs(required_ms)) return std::nullopt;
  return fmt::format(
      "PID 1 waited {} on a runqueue in the {} it had {} (schedstat run_delay read between {} and {}), "
      "so it was off it for only {}, less than the {} ms {} requires (its {} ms bound leaves at most "
      "{} ms to the machine): the machine, not the init, decided",
      FormatMs(wait->wait_ns), FormatMs(length), window.had_to, FormatMs(wait->from_sample_ns),
      FormatMs(wait->to_sample_ns), FormatMs(off_runqueue), required_ms, property, bound_ms,
      allowed_wait_ms);
}

}  // namespace initcheck
