#include "init_impls/syscall_error.h"

#include <cstring>

namespace initcheck::inits {

std::string SyscallError::ToString() const {
  // strerror() text, not a number: the reader should not need errno.h.
  return call + ": " + std::strerror(error);
}

}  // namespace initcheck::inits
