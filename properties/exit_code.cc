#include "properties/exit_code.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "harness/model/wait_status.h"
#include "properties/death_context.h"
#include "properties/faults.h"
#include "harness/model/time_format.h"

namespace initcheck {
namespace {

// main's end, then PID 1's (pid1_end says what it did), and what the
// runtime is left with.
Verdict Violated(const Trace& trace, const ProcessRecord& main, const ProcessRecord& init, std::string pid1_end,
                 std::string context) {
  Verdict verdict;
  verdict.property = std::string(kExitCodeId);
  verdict.value = VerdictValue::kViolated;
  verdict.violations.push_back(MakeViolation(
      ProcessLabel(init), trace.IndexOf(init), *init.exit_ns,
      {{*main.exit_ns, trace.IndexOf(main),
        fmt::format("{} {} at {}", main.name, DescribeExit(main.wait_status), FormatMs(*main.exit_ns))},
       {*init.exit_ns, trace.IndexOf(init), std::move(pid1_end)}},
      std::move(context)));
  return verdict;
}

}  // namespace

Verdict CheckExitCode(const Trace& trace) {
  if (auto unknown = UnknownIfFaulty(kExitCodeId, trace)) return *unknown;
  const ProcessRecord* init = trace.Init();
  if (init == nullptr) return UnknownVerdict(kExitCodeId, "the trace has no record of PID 1");
  if (!init->exit_ns) return UnknownVerdict(kExitCodeId, "PID 1 did not exit in the trace");
  const bool given_up = init->outcome == Outcome::kStillRunning;
  if (init->outcome == Outcome::kSigkillAtDeadline ||
      (KilledBySigkill(init->wait_status) && trace.DeadlineKillSent())) {
    return HoldsVerdict(kExitCodeId, fmt::format(
        "not applicable: PID 1 was SIGKILLed by the harness at the deadline ({}), so its "
        "status is the runtime's doing, not the init's",
        FormatMs(*init->exit_ns)));
  }

  const std::string& main_name = trace.scenario.main.name;
  const ProcessRecord* main = trace.Find(main_name);
  if (main == nullptr || main->role != ProcessRole::kNode) {
    return UnknownVerdict(kExitCodeId,
                          fmt::format("the trace has no record of the main process {}", main_name));
  }
  if (!main->exit_ns || main->outcome == Outcome::kStillRunning) {
    return UnknownVerdict(kExitCodeId, fmt::format("{} did not exit in the trace", main_name));
  }
  if (given_up) {
    // A scenario with no stop: PID 1 outlived its workload until the harness
    // gave up on it. A container would run on, and its status never be main's.
    if (main->outcome != Outcome::kGraceful && main->outcome != Outcome::kSignaled) {
      return UnknownVerdict(kExitCodeId, "PID 1 did not exit in the trace, and main did not end by itself");
    }
    return Violated(trace, *main, *init,
                    fmt::format("PID 1 never exited: the harness gave up on it at {}", FormatMs(*init->exit_ns)),
                    fmt::format("a container would run on, its status ({}) never reported",
                                ContainerStatus(main->wait_status)));
  }
  if (main->outcome != Outcome::kGraceful && main->outcome != Outcome::kSignaled) {
    return HoldsVerdict(kExitCodeId, fmt::format(
        "not applicable: {} did not end before PID 1 began dying: it was SIGKILLed at {} ({}), "
        "so there was no status of {} for PID 1 to pass on",
        main_name, FormatMs(*main->exit_ns), OutcomeId(main->outcome), main_name));
  }

  if (trace.init_is_main) {
    return HoldsVerdict(kExitCodeId, fmt::format("PID 1 is {} itself (no init, or the init exec'd it): "
                                                 "its status is main's, {}",
                                                 main_name, DescribeExit(init->wait_status)));
  }
  // What PID 1 should report: main's status, or what the init promises
  // instead (tini -e 143: a main killed by SIGTERM reported as 0).
  const int mains = ContainerStatus(main->wait_status);
  const int wanted = trace.promises.PromisedStatus(mains);
  const std::string promise =
      wanted == mains ? "" : fmt::format(" (main's {}, which the init promises to report as {})", mains, wanted);
  if (ContainerStatus(init->wait_status) == wanted) {
    return HoldsVerdict(kExitCodeId, promise.empty() ? "" : fmt::format("PID 1 reported {}{}", wanted, promise));
  }
  return Violated(trace, *main, *init,
                  fmt::format("PID 1 {} at {}", DescribeExit(init->wait_status), FormatMs(*init->exit_ns)),
                  fmt::format("the runtime reports status {} for the container instead of {}{}",
                              ContainerStatus(init->wait_status), wanted, promise));
}

}  // namespace initcheck
