// Signal names as scenarios spell them ("SIGTERM"), and back.
// Only the standard signals a scenario may name are listed; SIGKILL and
// SIGSTOP appear so that traces can name them, but a scenario cannot catch them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace initcheck {

// "SIGTERM" -> 15; nullopt for anything not in the table (names are case-sensitive).
std::optional<int> SignalFromName(std::string_view name);

// 15 -> "SIGTERM"; "signal 42" for numbers outside the table.
std::string SignalName(int signo);

// Why name is not a signal, with a guess when a case or prefix slip explains
// it: "unknown signal \"sigterm\"; did you mean \"SIGTERM\"?".
std::string UnknownSignalReason(std::string_view name);

// Every signal in the table, in numeric order.
const std::vector<int>& KnownSignals();

}  // namespace initcheck
