#include "harness/testing/recorded_expectation.h"

#include "harness/testing/namespace_run.h"
#include "properties/properties.h"

namespace initcheck::testing {

::testing::AssertionResult ViolatesExactly(const Trace& trace, const std::vector<Verdict>& verdicts,
                                           const std::vector<std::string>& expected) {
  if (auto why = UntrustworthyBecause(trace, ExpectedObserver::kProcConnector)) {
    return ::testing::AssertionFailure() << *why;
  }
  std::string detail;
  for (const auto& v : verdicts) {
    for (const auto& violation : v.violations) detail += "\n  " + v.property + ": " + violation.explanation;
    if (v.value == VerdictValue::kUnknown) detail += "\n  " + v.property + " unknown: " + v.note;
  }
  for (const auto& v : verdicts) {
    if (v.value == VerdictValue::kUnknown) {
      return ::testing::AssertionFailure() << v.property << " is unknown, so nothing is shown: " << Summary(trace)
                                           << detail;
    }
  }
  std::vector<std::string> violated = ViolatedProperties(verdicts);
  if (violated != expected) {
    auto list = [](const std::vector<std::string>& ids) {
      std::string out = "[";
      for (const auto& id : ids) out += (out.size() > 1 ? ", " : "") + id;
      return out + "]";
    };
    return ::testing::AssertionFailure() << "violates " << list(violated) << ", recorded " << list(expected)
                                         << ": " << Summary(trace) << detail;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace initcheck::testing
