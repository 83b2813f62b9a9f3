#include "fuzz/sim/sim_agreement.h"

#include <map>

#include <fmt/core.h>

#include "harness/model/process_outcome.h"

namespace initcheck::sim {
namespace {

std::map<std::string, std::string> Outcomes(const Trace& trace, const Trace& real) {
  const bool racy = real.scenario.start == StartMode::kRacy;
  std::map<std::string, std::string> out;
  for (const ProcessRecord& p : trace.processes) {
    if (p.role == ProcessRole::kUnknown || (racy && real.Find(p.name) == nullptr)) continue;
    const bool stopped_either_way = racy && (p.outcome == Outcome::kSignaled || p.outcome == Outcome::kGraceful);
    out[p.name] = stopped_either_way ? "graceful or signaled" : std::string(OutcomeId(p.outcome));
  }
  return out;
}

std::map<std::string, std::string> Values(const std::vector<Verdict>& verdicts) {
  std::map<std::string, std::string> out;
  for (const Verdict& v : verdicts) out[v.property] = std::string(VerdictValueId(v.value));
  return out;
}

// "a: x here, y there" for every key the two maps disagree on.
std::string Differences(const std::map<std::string, std::string>& simulated,
                        const std::map<std::string, std::string>& real) {
  std::string out;
  auto add = [&](const std::string& key) {
    auto s = simulated.find(key);
    auto r = real.find(key);
    const std::string sv = s == simulated.end() ? "absent" : s->second;
    const std::string rv = r == real.end() ? "absent" : r->second;
    if (sv != rv) out += fmt::format("{}{}: simulated {}, real {}", out.empty() ? "" : "; ", key, sv, rv);
  };
  for (const auto& [key, _] : simulated) add(key);
  for (const auto& [key, _] : real) {
    if (!simulated.count(key)) add(key);
  }
  return out;
}

}  // namespace

std::optional<std::string> Disagreement(const Trace& real, const std::vector<Verdict>& real_verdicts,
                                        const Trace& simulated, const std::vector<Verdict>& simulated_verdicts) {
  // With start: racy a real stop can end the tree before all of it has
  // forked (a loaded machine forks slower); the simulated clock forks it all
  // first. Those processes never existed for real: fewer is no disagreement.
  const bool racy_and_fewer =
      real.scenario.start == StartMode::kRacy && real.processes.size() < simulated.processes.size();
  if (simulated.processes.size() != real.processes.size() && !racy_and_fewer) {
    return fmt::format("{} processes simulated, {} real", simulated.processes.size(), real.processes.size());
  }
  if (std::string d = Differences(Outcomes(simulated, real), Outcomes(real, real)); !d.empty()) return "outcomes: " + d;
  if (std::string d = Differences(Values(simulated_verdicts), Values(real_verdicts)); !d.empty()) return "verdicts: " + d;
  return std::nullopt;
}

}  // namespace initcheck::sim
