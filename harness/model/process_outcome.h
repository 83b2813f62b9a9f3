// How one process ended, judged from the kernel's exit status and when the
// kernel reported it relative to the stop protocol (DESIGN.md "Outcomes").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "harness/model/enum_ids.h"

namespace initcheck {

enum class Outcome {
  kGraceful,           // exited by itself, with its code
  kSignaled,           // killed by a catchable signal's default action, or by a
                       // signal it dealt itself (exit_signal, SIGKILL included)
  kSigkillBeforeStop,  // SIGKILL before any stop was sent
  kSigkillInGrace,     // SIGKILL after the stop signal, before the deadline
  kSigkillAtDeadline,  // SIGKILL at or after the deadline: the runtime's right
  kStillRunning,       // the harness gave up on it: a harness fault
};

std::string_view OutcomeId(Outcome outcome);  // "sigkill-in-grace"
std::optional<Outcome> OutcomeFromId(std::string_view id);
std::span<const EnumId<Outcome>> OutcomeIds();

// The stop protocol as it actually happened, on the run's clock (ns after t = 0).
struct StopTimes {
  std::optional<int64_t> stop_sent_ns;  // when the stop signal went to PID 1
  // When the grace period ended: the moment the harness sent SIGKILL to PID 1,
  // or, if PID 1 was gone before that, when the grace period would have ended.
  std::optional<int64_t> deadline_ns;

  bool operator==(const StopTimes&) const = default;
};

// wait_status is the raw status as waitpid(2) and the proc connector give it.
// A SIGKILL is placed by the time the kernel reported the exit: nothing the
// harness did can have caused a SIGKILL that landed before the harness sent one.
Outcome ClassifyExit(int wait_status, int64_t exit_ns, const StopTimes& stop);

}  // namespace initcheck
