#include "properties/pid1_exit_start.h"

#include <fmt/core.h>

#include "harness/model/time_format.h"

namespace initcheck {

std::optional<Pid1ExitStart> Pid1ExitStarted(const Trace& trace) {
  const ProcessRecord* init = trace.Init();
  std::optional<int64_t> by = init != nullptr ? init->exit_ns : std::nullopt;
  for (const auto& s : trace.pid1_run_delay) {
    if ((s.pid1_exiting || s.pid1_exited) && (!by || s.t_ns < *by)) {
      by = s.t_ns;
      break;
    }
  }
  if (!by) return std::nullopt;
  Pid1ExitStart start;
  start.by_ns = *by;
  start.sampled = !trace.pid1_run_delay.empty();
  for (const auto& s : trace.pid1_run_delay) {
    if (s.t_ns < *by && !s.pid1_exiting && !s.pid1_exited) start.not_before_ns = s.t_ns;
  }
  return start;
}

std::string DescribePid1ExitStart(const Trace& trace, const Pid1ExitStart& start) {
  const ProcessRecord* init = trace.Init();
  if (!start.sampled) return fmt::format("PID 1 exited at {}", FormatMs(start.by_ns));
  std::string text = start.not_before_ns ? fmt::format("PID 1 began to exit between {} and {}",
                                                       FormatMs(*start.not_before_ns), FormatMs(start.by_ns))
                                         : fmt::format("PID 1 began to exit by {}", FormatMs(start.by_ns));
  if (init != nullptr && init->exit_ns && *init->exit_ns != start.by_ns) {
    text += fmt::format(" (the kernel reported its exit at {})", FormatMs(*init->exit_ns));
  }
  return text;
}

}  // namespace initcheck
