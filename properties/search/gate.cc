#include "properties/search/gate.h"

#include <algorithm>
#include <array>
#include <set>

namespace initcheck {
namespace {

constexpr std::array<EnumId<GateChange>, 6> kGateChangeIds = {{
    {GateChange::kSame, "same"},
    {GateChange::kRegressed, "regressed"},
    {GateChange::kUnjudged, "unjudged"},
    {GateChange::kImproved, "improved"},
    {GateChange::kNew, "new"},
    {GateChange::kNotRun, "not-run"},
}};

GateChange ChangeOf(std::optional<VerdictValue> baseline, std::optional<VerdictValue> today) {
  if (!today) return GateChange::kNotRun;
  if (!baseline) return GateChange::kNew;
  if (*today == VerdictValue::kUnknown) return GateChange::kUnjudged;
  if (*baseline == *today) return GateChange::kSame;
  return *today == VerdictValue::kViolated ? GateChange::kRegressed : GateChange::kImproved;
}

std::string DetailOf(const Verdict& v) {
  if (v.value == VerdictValue::kUnknown) return v.note;
  if (v.value == VerdictValue::kViolated && !v.violations.empty()) return v.violations.front().explanation;
  return "";
}

}  // namespace

std::string_view GateChangeId(GateChange change) { return IdOf<GateChange>(kGateChangeIds, change); }
std::span<const EnumId<GateChange>> GateChangeIds() { return kGateChangeIds; }

bool FailsGate(GateChange change) { return change == GateChange::kRegressed || change == GateChange::kUnjudged; }

int GateResult::Count(GateChange change) const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(), [&](const GateCase& c) { return c.change == change; }));
}

bool GateResult::Passed() const {
  return std::none_of(cases.begin(), cases.end(), [](const GateCase& c) { return FailsGate(c.change); });
}

GateResult CompareWithBaseline(const Baseline& baseline, const Matrix& matrix, const std::string& init) {
  GateResult result;
  std::set<std::pair<std::string, std::string>> seen;
  for (const MatrixCell& cell : matrix.cells) {
    if (cell.init != init) continue;
    auto row = baseline.verdicts.find(cell.scenario);
    auto was = [&](const std::string& property) -> std::optional<VerdictValue> {
      if (row == baseline.verdicts.end()) return std::nullopt;
      auto it = row->second.find(property);
      return it == row->second.end() ? std::nullopt : std::optional(it->second);
    };
    if (cell.verdicts.empty()) {
      // No run behind the cell (a skipped init, a run that could not be
      // made): every property the baseline knows is unjudged.
      const std::string why = cell.note.empty() ? std::string(CellStatusId(cell.status)) : cell.note;
      if (row != baseline.verdicts.end()) {
        for (const auto& [property, value] : row->second) {
          seen.insert({cell.scenario, property});
          result.cases.push_back({cell.scenario, property, value, VerdictValue::kUnknown, GateChange::kUnjudged, why});
        }
      }
      continue;
    }
    for (const Verdict& v : cell.verdicts) {
      seen.insert({cell.scenario, v.property});
      const std::optional<VerdictValue> before = was(v.property);
      result.cases.push_back({cell.scenario, v.property, before, v.value, ChangeOf(before, v.value), DetailOf(v)});
    }
  }
  for (const auto& [scenario, row] : baseline.verdicts) {
    for (const auto& [property, value] : row) {
      if (!seen.count({scenario, property})) {
        result.cases.push_back({scenario, property, value, std::nullopt, GateChange::kNotRun, ""});
      }
    }
  }
  return result;
}

Baseline WithInvariantsFor(const Baseline& baseline, const std::vector<std::string>& explored) {
  std::map<std::string, bool> always_held;  // property -> held in every row that judged it
  for (const auto& [scenario, row] : baseline.verdicts) {
    for (const auto& [property, value] : row) {
      auto [it, first] = always_held.try_emplace(property, true);
      it->second = it->second && value == VerdictValue::kHolds;
    }
  }
  Baseline out = baseline;
  for (const std::string& scenario : explored) {
    if (out.verdicts.count(scenario)) continue;
    auto& row = out.verdicts[scenario];
    for (const auto& [property, held] : always_held) {
      if (held) row[property] = VerdictValue::kHolds;
    }
  }
  return out;
}

Baseline BaselineOf(const Matrix& matrix, const std::string& init) {
  Baseline baseline;
  baseline.init = init;
  for (const MatrixCell& cell : matrix.cells) {
    if (cell.init != init) continue;
    for (const Verdict& v : cell.verdicts) {
      if (v.value != VerdictValue::kUnknown) baseline.verdicts[cell.scenario][v.property] = v.value;
    }
  }
  return baseline;
}

std::vector<Scenario> ScenariosOfShard(const std::vector<Scenario>& scenarios, const Shard& shard) {
  std::vector<Scenario> out;
  for (size_t i = 0; i < scenarios.size(); ++i) {
    if (static_cast<int>(i % static_cast<size_t>(shard.total)) == shard.index) out.push_back(scenarios[i]);
  }
  return out;
}

Baseline BaselineOfShard(const Baseline& baseline, const std::vector<Scenario>& all, const Shard& shard) {
  std::map<std::string, int> shard_of;
  for (size_t i = 0; i < all.size(); ++i) shard_of[all[i].name] = static_cast<int>(i % static_cast<size_t>(shard.total));
  Baseline out{baseline.init, {}};
  for (const auto& [scenario, row] : baseline.verdicts) {
    auto it = shard_of.find(scenario);
    if ((it == shard_of.end() ? 0 : it->second) == shard.index) out.verdicts[scenario] = row;
  }
  return out;
}

}  // namespace initcheck
