#include "properties/stop_latency.h"

#include <fmt/core.h>

#include <algorithm>
#include <string>

#include "properties/death_context.h"
#include "harness/model/wait_status.h"
#include "properties/faults.h"
#include "properties/no_sigkill_in_grace.h"
#include "properties/pid1_exit_start.h"
#include "properties/pid1_starvation.h"
#include "harness/model/time_format.h"

namespace initcheck {
namespace {

// Whether p died with PID 1 (see the definition) rather than before it.
// pid1_exiting_by_ns is never after pid1_exit_ns (pid1_exit_start.h).
bool DiedWithPid1(const ProcessRecord& p, int64_t pid1_exit_ns, int64_t pid1_exiting_by_ns) {
  if (*p.exit_ns >= pid1_exiting_by_ns) return true;
  return KilledBySigkill(p.wait_status) && *p.exit_ns >= pid1_exit_ns - kTeardownWindowNs;
}

// How PID 1 ended, for the violation: "SIGKILLed at the deadline" or
// "then exited with code 0".
std::string Pid1End(const Trace& trace, const ProcessRecord& init) {
  if (KilledBySigkill(init.wait_status) &&
      (init.outcome == Outcome::kSigkillAtDeadline || trace.DeadlineKillSent())) {
    return "SIGKILLed at the deadline";
  }
  return "then " + DescribeExit(init.wait_status);
}

}  // namespace

Verdict CheckStopLatency(const Trace& trace) {
  if (auto unknown = UnknownIfFaulty(kStopLatencyId, trace)) return *unknown;
  const ProcessRecord* init = trace.Init();
  if (init == nullptr) return UnknownVerdict(kStopLatencyId, "the trace has no record of PID 1");
  if (!init->exit_ns) return UnknownVerdict(kStopLatencyId, "PID 1 did not exit in the trace");
  const int64_t pid1_exit = *init->exit_ns;
  const Pid1ExitStart start = *Pid1ExitStarted(trace);  // PID 1 has an exit record

  const ProcessRecord* last = nullptr;
  const ProcessRecord* died_with = nullptr;
  for (const auto& p : trace.processes) {
    if (trace.IsInit(p)) continue;
    // An init's own helper that dies with it (a supervisor's s6-supervise)
    // is part of PID 1's ending, not a process PID 1 outlived.
    if (!trace.OfTheWorkload(p) && p.exit_ns && DiedWithPid1(p, pid1_exit, start.by_ns)) continue;
    if (!p.exit_ns) {
      return UnknownVerdict(kStopLatencyId,
                            fmt::format("{} has no exit in the trace although PID 1 exited at {}, "
                                        "which ends every process of the namespace",
                                        ProcessLabel(p), FormatMs(pid1_exit)));
    }
    if (died_with == nullptr && DiedWithPid1(p, pid1_exit, start.by_ns)) died_with = &p;
    if (last == nullptr || *p.exit_ns >= *last->exit_ns) last = &p;
  }
  if (last == nullptr) {
    // With the workload as PID 1 a lone main is a whole tree; with an init
    // in front of it, main's record is missing and the trace proves nothing.
    if (trace.init_is_main) {
      return HoldsVerdict(kStopLatencyId, "holds vacuously: PID 1, the main process itself, was the only process");
    }
    return UnknownVerdict(kStopLatencyId, "the trace has no process other than PID 1");
  }
  if (died_with != nullptr) {
    return HoldsVerdict(kStopLatencyId, fmt::format(
        "holds vacuously: {} {} at {}, with PID 1 (which exited at {}), so PID 1 did not outlive "
        "the other processes; whether that death was fair is no-sigkill-in-grace's question",
        ProcessLabel(*died_with), DescribeExit(died_with->wait_status),
        FormatMs(*died_with->exit_ns), FormatMs(pid1_exit)));
  }

  const int64_t gone = *last->exit_ns;
  const int64_t bound = kStopLatencyMs * kNsPerMs;
  if (start.by_ns - gone <= bound) {
    return HoldsVerdict(kStopLatencyId, fmt::format("every other process was gone at {} ({} last); PID 1 {} {} "
                                                    "later (bound: {} ms)",
                                                    FormatMs(gone), ProcessLabel(*last),
                                                    start.sampled ? "began to exit" : "exited",
                                                    FormatMs(start.by_ns - gone), kStopLatencyMs));
  }
  const std::optional<int64_t> alive = start.KnownAliveUntil();
  if (!alive || *alive - gone <= bound) {
    return UnknownVerdict(kStopLatencyId,
                          fmt::format("every other process was gone at {} ({} last); {}: whether it "
                                      "began within the {} ms bound, by {}, is not known",
                                      FormatMs(gone), ProcessLabel(*last), DescribePid1ExitStart(trace, start),
                                      kStopLatencyMs, FormatMs(gone + bound)));
  }
  if (auto starved = Pid1Starved(trace, kStopLatencyId,
                                 {gone, *alive,
                                  fmt::format("to exit after {}, the last other process, was gone at {}",
                                              ProcessLabel(*last), FormatMs(gone))},
                                 kStopLatencyMs, kStopLatencyStarvedMs)) {
    return UnknownVerdict(kStopLatencyId, *starved);
  }
  const std::string lived =
      start.sampled ? fmt::format("PID 1 had not begun to exit at {}, {} later; it lived until {} ({})",
                                  FormatMs(*alive), FormatMs(*alive - gone), FormatMs(pid1_exit),
                                  Pid1End(trace, *init))
                    : fmt::format("PID 1 lived until {} ({}), {} later", FormatMs(pid1_exit),
                                  Pid1End(trace, *init), FormatMs(pid1_exit - gone));
  Verdict verdict;
  verdict.property = std::string(kStopLatencyId);
  verdict.value = VerdictValue::kViolated;
  verdict.violations.push_back(MakeViolation(
      ProcessLabel(*init), trace.IndexOf(*init), pid1_exit,
      {{gone, trace.IndexOf(*last),
        fmt::format("every other process was gone at {} (the last, {}, {})", FormatMs(gone),
                    ProcessLabel(*last), DescribeExit(last->wait_status))},
       {*alive, trace.IndexOf(*init), lived}},
      fmt::format("the bound is {} ms", kStopLatencyMs)));
  return verdict;
}

}  // namespace initcheck
