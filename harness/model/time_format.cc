#include "harness/model/time_format.h"

#include <fmt/core.h>

namespace initcheck {

std::string FormatMsValue(int64_t ns) {
  return fmt::format("{:.1f}", static_cast<double>(ns) / static_cast<double>(kNsPerMs));
}

std::string FormatMs(int64_t ns) { return FormatMsValue(ns) + " ms"; }

}  // namespace initcheck
