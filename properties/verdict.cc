#include "properties/verdict.h"

namespace initcheck {

std::string_view VerdictValueId(VerdictValue value) {
  switch (value) {
    case VerdictValue::kHolds:
      return "holds";
    case VerdictValue::kViolated:
      return "violated";
    case VerdictValue::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace initcheck
