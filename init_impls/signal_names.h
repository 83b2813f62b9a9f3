// Signal names for messages and for the command line ("SIGWINCH" <-> 28).
// init_impls keeps its own table-free version (glibc's sigabbrev_np) because
// it must not depend on the harness it is tested by.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace initcheck::inits {

// 15 -> "SIGTERM", 35 -> "SIGRTMIN+1", 0 or out of range -> "signal 0".
std::string SignalName(int signo);

// "SIGWINCH", "sigwinch", "WINCH", "28", "SIGRTMIN+2", "RTMAX-1" -> the number;
// nullopt for anything that names no signal.
std::optional<int> ParseSignal(std::string_view text);

}  // namespace initcheck::inits
