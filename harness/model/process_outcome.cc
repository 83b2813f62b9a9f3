#include "harness/model/process_outcome.h"

#include <sys/wait.h>

#include <csignal>

#include "harness/model/enum_ids.h"

namespace initcheck {
namespace {
constexpr EnumId<Outcome> kOutcomes[] = {
    {Outcome::kGraceful, "graceful"},
    {Outcome::kSignaled, "signaled"},
    {Outcome::kSigkillBeforeStop, "sigkill-before-stop"},
    {Outcome::kSigkillInGrace, "sigkill-in-grace"},
    {Outcome::kSigkillAtDeadline, "sigkill-at-deadline"},
    {Outcome::kStillRunning, "still-running"},
};
}  // namespace

std::string_view OutcomeId(Outcome outcome) { return IdOf<Outcome>(kOutcomes, outcome); }
std::optional<Outcome> OutcomeFromId(std::string_view id) { return FromId<Outcome>(kOutcomes, id); }
std::span<const EnumId<Outcome>> OutcomeIds() { return kOutcomes; }

Outcome ClassifyExit(int wait_status, int64_t exit_ns, const StopTimes& stop) {
  if (WIFEXITED(wait_status)) return Outcome::kGraceful;
  if (!WIFSIGNALED(wait_status) || WTERMSIG(wait_status) != SIGKILL) return Outcome::kSignaled;
  if (!stop.stop_sent_ns || exit_ns < *stop.stop_sent_ns) return Outcome::kSigkillBeforeStop;
  if (stop.deadline_ns && exit_ns >= *stop.deadline_ns) return Outcome::kSigkillAtDeadline;
  return Outcome::kSigkillInGrace;
}

}  // namespace initcheck
