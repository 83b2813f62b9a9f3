#include "harness/model/time_format.h"

#include <fmt/format.h>

namespace initcheck {

std::string FormatMs(int64_t ns) {
  return fmt::format("{:.1f} ms", static_cast<double>(ns) / static_cast<double>(kNsPerMs));
}

}  // namespace initcheck
