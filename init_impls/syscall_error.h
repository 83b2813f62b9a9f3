// A failed system call: which call, with which arguments, and errno. Its text
// reads like perror's: "kill(-1, SIGTERM): Operation not permitted".
#pragma once

#include <optional>
#include <string>

namespace initcheck::inits {

struct SyscallError {
  std::string call;  // the call as written in C, e.g. "kill(-1, SIGTERM)"
  int error = 0;     // errno as the call left it

  std::string ToString() const;
  bool operator==(const SyscallError&) const = default;
};

// Calls that either succeed or say what failed.
using MaybeError = std::optional<SyscallError>;

}  // namespace initcheck::inits
