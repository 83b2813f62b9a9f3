#include "properties/properties.h"

#include <fmt/core.h>

#include "properties/clean_signal_state.h"
#include "properties/exit_code.h"
#include "properties/faults.h"
#include "properties/graceful_completion.h"
#include "properties/no_process_left_stopped.h"
#include "properties/no_sigkill_in_grace.h"
#include "properties/no_zombies.h"
#include "properties/signal_forwarding.h"
#include "properties/stop_latency.h"

namespace initcheck {

const std::vector<Property>& AllProperties() {
  static const std::vector<Property> all = {
      {kNoSigkillInGraceId,
       "no process other than PID 1 dies by SIGKILL before the end of the grace period",
       &CheckNoSigkillInGrace, "NSK"},
      {kGracefulCompletionId,
       "every process whose disposition lets it finish within the grace period (minus a "
       "margin) exits by itself",
       &CheckGracefulCompletion, "GC"},
      {kExitCodeId, "PID 1 exits with the main process's status (its code, or 128+signal)",
       &CheckExitCode, "EC"},
      {kNoZombiesId, "orphans reparented to PID 1 are reaped promptly; none is left",
       &CheckNoZombies, "NZ"},
      {kSignalForwardingId,
       "each signal sent to PID 1 reaches the main process (at least once per burst)",
       &CheckSignalForwarding, "SF"},
      {kCleanSignalStateId,
       "the main process starts with the signal mask and ignored signals PID 1 was started with (by default "
       "none)",
       &CheckCleanSignalState, "CSS"},
      {kStopLatencyId,
       "PID 1 exits within a bound after the last other process is gone (no hang until the "
       "deadline)",
       &CheckStopLatency, "SL"},
      {kNoProcessLeftStoppedId, "no process is stopped (SIGSTOP, SIGTSTP...) when the grace period ends",
       &CheckNoProcessLeftStopped, "NLS"},
  };
  return all;
}

const Property* FindProperty(std::string_view id) {
  for (const auto& p : AllProperties()) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

std::vector<Verdict> CheckAll(const Trace& trace, const std::vector<std::string>& ids) {
  std::vector<Verdict> verdicts;
  verdicts.reserve(ids.size());
  for (const auto& id : ids) {
    const Property* p = FindProperty(id);
    verdicts.push_back(p != nullptr ? p->check(trace)
                                    : UnknownVerdict(id, fmt::format("no property has the id "
                                                                     "\"{}\"",
                                                                     id)));
  }
  return verdicts;
}

std::vector<Verdict> CheckAll(const Trace& trace) {
  std::vector<Verdict> verdicts;
  for (const auto& p : AllProperties()) verdicts.push_back(p.check(trace));
  return verdicts;
}

std::vector<std::string> ViolatedProperties(const std::vector<Verdict>& verdicts) {
  std::vector<std::string> ids;
  for (const auto& v : verdicts) {
    if (v.value == VerdictValue::kViolated) ids.push_back(v.property);
  }
  return ids;
}

}  // namespace initcheck
