#include "properties/exit_code.h"

#include <fmt/core.h>

#include <algorithm>
#include <string>

#include "harness/model/wait_status.h"
#include "properties/death_context.h"
#include "properties/faults.h"
#include "harness/model/time_format.h"

namespace initcheck {
namespace {

// PID 1's end (pid1_end says what it did), after main's when main had one,
// and what the runtime is left with.
Verdict Violated(const Trace& trace, const ProcessRecord* main, const ProcessRecord& init, std::string pid1_end,
                 std::string context) {
  std::vector<ChainLink> chain;
  if (main != nullptr) {
    chain.push_back({*main->exit_ns, trace.IndexOf(*main),
                     fmt::format("{} {} at {}", main->name, DescribeExit(main->wait_status), FormatMs(*main->exit_ns))});
  }
  chain.push_back({*init.exit_ns, trace.IndexOf(init), std::move(pid1_end)});
  Verdict verdict;
  verdict.property = std::string(kExitCodeId);
  verdict.value = VerdictValue::kViolated;
  verdict.violations.push_back(
      MakeViolation(ProcessLabel(init), trace.IndexOf(init), *init.exit_ns, std::move(chain), std::move(context)));
  return verdict;
}

std::string EarlyExitWanted(const EarlyExit& early) {
  return early.code ? fmt::format("exit {}", *early.code) : "exit with a nonzero code";
}

// The first probe's ready, if any: past it the workload was running.
const JournalEntry* FirstReady(const Trace& trace) {
  for (const auto& e : trace.journal) {
    if (e.kind == JournalKind::kReady) return &e;
  }
  return nullptr;
}

Verdict CheckEarlyExit(const Trace& trace, const ProcessRecord& init, const EarlyExit& early) {
  const std::string wanted = EarlyExitWanted(early);
  if (init.outcome == Outcome::kStillRunning) {
    return Violated(
        trace, nullptr, init, fmt::format("PID 1 never exited: the harness gave up on it at {}", FormatMs(*init.exit_ns)),
        fmt::format("PID 1 was expected to {} before the workload started", wanted));
  }
  if (const JournalEntry* ready = FirstReady(trace)) {
    return Violated(
        trace, nullptr, init, fmt::format("PID 1 {} at {}", DescribeExit(init.wait_status), FormatMs(*init.exit_ns)),
        fmt::format("PID 1 was expected to {} before the workload started, but it ran it: {} was ready at {}",
                    wanted, ready->node, FormatMs(ready->t_ns)));
  }
  const int status = ContainerStatus(init.wait_status);
  const bool as_wanted = WIFEXITED(init.wait_status) && (early.code ? status == *early.code : status != 0);
  if (as_wanted) return HoldsVerdict(kExitCodeId, fmt::format("PID 1 ended early with {}, as expected", status));
  return Violated(
      trace, nullptr, init, fmt::format("PID 1 {} at {}", DescribeExit(init.wait_status), FormatMs(*init.exit_ns)),
      fmt::format("the runtime reports status {} for the container; the scenario expects PID 1 to {}", status,
                  wanted));
}

}  // namespace

Verdict CheckExitCode(const Trace& trace) {
  if (auto unknown = UnknownIfFaulty(kExitCodeId, trace)) return *unknown;
  const ProcessRecord* init = trace.Init();
  if (init == nullptr) return UnknownVerdict(kExitCodeId, "the trace has no record of PID 1");
  if (!init->exit_ns) return UnknownVerdict(kExitCodeId, "PID 1 did not exit in the trace");
  if (trace.scenario.early_exit) return CheckEarlyExit(trace, *init, *trace.scenario.early_exit);
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
    return Violated(trace, main, *init,
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
  return Violated(trace, main, *init,
                  fmt::format("PID 1 {} at {}", DescribeExit(init->wait_status), FormatMs(*init->exit_ns)),
                  fmt::format("the runtime reports status {} for the container instead of {}{}",
                              ContainerStatus(init->wait_status), wanted, promise));
}

}  // namespace initcheck
