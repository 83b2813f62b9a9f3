#include "properties/pid1_starvation.h"

#include <fmt/core.h>

#include <algorithm>

#include "harness/model/time_format.h"

namespace initcheck {

std::optional<RunqueueWait> Pid1RunqueueWait(const Trace& trace, int64_t from_ns, int64_t to_ns) {
  const std::vector<RunDelaySample>& samples = trace.pid1_run_delay;
  if (samples.empty()) return std::nullopt;
  const ProcessRecord* init = trace.Init();
  const std::optional<int64_t> exit = init != nullptr ? init->exit_ns : std::nullopt;
  // A dead task waits on no runqueue: a read after PID 1's exit holds the
  // values it had at its exit.
  auto when = [&](const RunDelaySample& s) {
    if (!exit) return s.t_ns;
    return s.pid1_exited ? *exit : std::min(s.t_ns, *exit);
  };
  const int64_t window = std::max<int64_t>(0, to_ns - from_ns);

  // The latest read at or before the window: its run_delay is at most the
  // wait until the window began (a wait pending then only shows later).
  const RunDelaySample* start = nullptr;
  for (const auto& s : samples) {
    if (when(s) <= from_ns) start = &s;
  }
  int64_t unsampled = 0;
  if (start == nullptr) {
    start = &samples.front();
    unsampled = std::max<int64_t>(0, when(*start) - from_ns);
  }
  // A read that shows every wait up to the window's end: one after PID 1's
  // exit (it ran to exit), or one with more timeslices than the first read
  // at or after the end (PID 1 got a CPU since, which ended and counted any
  // wait pending at the end).
  const RunDelaySample* first_after = nullptr;
  const RunDelaySample* end = nullptr;
  for (const auto& s : samples) {
    if (!s.pid1_exited && s.t_ns < to_ns) continue;
    if (first_after == nullptr) first_after = &s;
    if (s.pid1_exited || (exit && s.t_ns >= *exit) || s.timeslices > first_after->timeslices) {
      end = &s;
      break;
    }
  }
  if (end == nullptr) {
    // Nothing shows what PID 1 did up to the end: all of it may have been a wait.
    return RunqueueWait{window, std::min(when(*start), from_ns), to_ns, /*end_seen=*/false};
  }
  const int64_t measured = std::max<int64_t>(0, end->run_delay_ns - start->run_delay_ns);
  return RunqueueWait{std::min(window, measured + unsampled), std::min(when(*start), from_ns), when(*end),
                      /*end_seen=*/true};
}

std::optional<std::string> Pid1Starved(const Trace& trace, std::string_view property,
                                       const JudgedWindow& window, int bound_ms, int allowed_wait_ms) {
  std::optional<RunqueueWait> wait = Pid1RunqueueWait(trace, window.from_ns, window.to_ns);
  if (!wait) return std::nullopt;
  const int64_t length = window.to_ns - window.from_ns;
  const int64_t off_runqueue = length - wait->wait_ns;
  const int required_ms = bound_ms - allowed_wait_ms;
  if (off_runqueue >= MsToNs(required_ms)) return std::nullopt;
  const std::string measured =
      wait->end_seen ? fmt::format("schedstat run_delay read between {} and {}", FormatMs(wait->from_sample_ns),
                                   FormatMs(wait->to_sample_ns))
                     : fmt::format("no schedstat read after {} shows PID 1 on a CPU again",
                                   FormatMs(wait->to_sample_ns));
  return fmt::format(
      "PID 1 waited {}{} on a runqueue in the {} it had {} ({}), so it was off it for only {}, less "
      "than the {} ms {} requires (its {} ms bound leaves at most {} ms to the machine): the machine, "
      "not the init, decided",
      wait->end_seen ? "" : "up to ", FormatMs(wait->wait_ns), FormatMs(length), window.had_to, measured,
      FormatMs(off_runqueue), required_ms, property, bound_ms, allowed_wait_ms);
}

}  // namespace initcheck
