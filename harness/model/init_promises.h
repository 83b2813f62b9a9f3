// What an init documents it does differently from what the properties
// assume by default, so that it is judged against its own word (issue 11's
// "intended deviations"): tini -e 143 reports a main killed by SIGTERM as a
// clean exit, dumb-init -r 15:3 passes SIGTERM on as SIGQUIT and -r 1:0
// drops SIGHUP. Given per init (the catalogue, --promise-exit,
// --promise-signal), carried in the trace so that a rejudged report keeps
// them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace initcheck {

struct InitPromises {
  // main's container status (its code, or 128 + signal) -> the status PID 1
  // promises to exit with instead (tini -e 143: 143 -> 0).
  std::map<int, int> exit_status;
  // A signal sent to PID 1 -> the signal it promises main gets instead; 0:
  // it promises to pass nothing on (dumb-init -r 15:3, -r 1:0).
  std::map<int, int> signal_rewrite;

  bool operator==(const InitPromises&) const = default;
  bool empty() const { return exit_status.empty() && signal_rewrite.empty(); }

  // The status PID 1 should exit with when main's is main_status.
  int PromisedStatus(int main_status) const;
  // The signal main should get for signo sent to PID 1; 0: none.
  int Arrives(int signo) const;
};

// "143:0" -> {143, 0}: a status from 0 to 255 each. nullopt, with why, when
// it is not one.
std::optional<std::pair<int, int>> ParseExitPromise(std::string_view text, std::string* why);
// "15:3" or "SIGTERM:SIGQUIT" -> {15, 3}; the second may be 0 (drop). A
// signal from 1 to 31, not SIGKILL or SIGSTOP (no init can pass those on).
std::optional<std::pair<int, int>> ParseSignalPromise(std::string_view text, std::string* why);

}  // namespace initcheck
