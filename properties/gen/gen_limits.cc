#include "properties/gen/gen_limits.h"

#include <algorithm>
#include <csignal>
#include <utility>

#include "harness/model/scenario_validation.h"
#include "properties/gen/margin_rule.h"

namespace initcheck {

int ClampedMaxProcesses(const ScenarioGenOptions& o) {
  return std::clamp(o.max_processes, 1, kGenMaxProcesses);
}
int ClampedMaxDepth(const ScenarioGenOptions& o) { return std::clamp(o.max_depth, 0, kGenMaxDepth); }

bool WithinGenLimits(const Scenario& s, const ScenarioGenOptions& options) {
  const std::vector<NodeRef> nodes = Flatten(s);
  if (static_cast<int>(nodes.size()) > ClampedMaxProcesses(options)) return false;
  for (const auto& ref : nodes) {
    if (ref.depth > ClampedMaxDepth(options)) return false;
  }
  return true;
}

bool GenAcceptable(const Scenario& s, const ScenarioGenOptions& options) {
  try {
    ValidateScenario(s);
  } catch (const ScenarioError&) {
    return false;
  }
  return WithinGenLimits(s, options) && KeepsMargins(s);
}

Scenario FallbackScenario(std::string name, std::string description) {
  Scenario s;
  s.name = std::move(name);
  s.description = std::move(description);
  s.stop = StopProtocol{SIGTERM, 0, 1000};
  s.main.name = "main";
  s.main.on_signal[SIGTERM] = Disposition{SignalAction::kExit, 100, 0};
  return s;
}

}  // namespace initcheck
