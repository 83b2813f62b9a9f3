#include "harness/report/junit_xml.h"

#include <fmt/core.h>

#include "harness/report/display_text.h"

namespace initcheck {
namespace {

std::string Value(const std::optional<VerdictValue>& v) { return v ? std::string(VerdictValueId(*v)) : "absent"; }

// One line a person reads in the CI's list of failures.
std::string Message(const GateCase& c) {
  switch (c.change) {
    case GateChange::kRegressed: return fmt::format("{} held in the baseline and is violated now", c.property);
    case GateChange::kUnjudged:
      return fmt::format("{} was {} in the baseline and could not be judged now", c.property, Value(c.baseline));
    case GateChange::kImproved: return fmt::format("{} was violated in the baseline and holds now", c.property);
    case GateChange::kNew: return fmt::format("{} is {}, and not in the baseline", c.property, Value(c.today));
    case GateChange::kNotRun: return fmt::format("{} is in the baseline and was not run", c.property);
    case GateChange::kSame: break;
  }
  return "";
}

}  // namespace

std::string RenderJunitXml(const GateResult& result, const std::string& init, double elapsed_s) {
  const int tests = static_cast<int>(result.cases.size());
  const int failures = result.Count(GateChange::kRegressed) + result.Count(GateChange::kUnjudged);
  const int skipped = result.Count(GateChange::kNotRun);
  const std::string counts = fmt::format(R"(tests="{}" failures="{}" errors="0" skipped="{}" time="{:.3f}")", tests,
                                         failures, skipped, elapsed_s);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"initcheck gate\" {}>\n", counts);
  out += fmt::format("  <testsuite name=\"{}\" {}>\n", EscapeXml(init), counts);
  for (const GateCase& c : result.cases) {
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"", EscapeXml(c.scenario), EscapeXml(c.property));
    const std::string message = EscapeXml(Message(c));
    if (FailsGate(c.change)) {
      out += fmt::format(">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                         GateChangeId(c.change), message, EscapeXml(c.detail));
    } else if (c.change == GateChange::kNotRun) {
      out += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n", message);
    } else if (!message.empty()) {
      out += fmt::format(">\n      <system-out>{}: {}</system-out>\n    </testcase>\n", GateChangeId(c.change), message);
    } else {
      out += "/>\n";
    }
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace initcheck
