// Errors from system calls, worded as "call(argument): reason".
#pragma once

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace initcheck {

// A failed system call: what() reads like "open(/proc/42/stat): No such file or directory".
class SystemError : public std::runtime_error {
 public:
  SystemError(const std::string& call, int err) : std::runtime_error(call + ": " + std::strerror(err)) {}
};

// Throws SystemError with errno when result is negative; returns result otherwise.
template <typename T>
T CheckSys(T result, const std::string& call) {
  if (result < 0) throw SystemError(call, errno);
  return result;
}

}  // namespace initcheck
