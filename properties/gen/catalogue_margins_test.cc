// Every catalogue scenario judges the same on a quiet and a loaded machine:
// it keeps the margin rule, or its description says, after
// kOutsideMarginMarker, why it does not and why its verdict is stable all
// the same (then its decisive instants are argued kMarginMs apart by hand).
// A scenario that silently breaks the rule has a verdict that may hinge on a
// few milliseconds of scheduling: the flips issue 8 found.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/codec/scenario_json.h"
#include "properties/gen/margin_rule.h"

namespace initcheck {
namespace {

// What a description says to declare itself outside the rule; the reason
// follows it.
constexpr std::string_view kOutsideMarginMarker = "Outside the margin rule:";

std::vector<std::filesystem::path> CatalogueFiles() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  std::filesystem::path dir = std::filesystem::path(srcdir ? srcdir : ".") / "initcheck" / "scenarios";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(CatalogueMargins, EveryScenarioKeepsTheMarginRuleOrSaysWhyNot) {
  const std::vector<std::filesystem::path> files = CatalogueFiles();
  EXPECT_GE(files.size(), 28u) << "the catalogue was not found whole in the runfiles";
  for (const auto& file : files) {
    const Scenario s = LoadScenarioFile(file.string());
    const std::optional<std::string> breach = MarginViolation(s);
    const size_t marker = s.description.find(kOutsideMarginMarker);
    if (!breach) continue;
    EXPECT_NE(marker, std::string::npos)
        << file.filename() << " breaks the margin rule (" << *breach << ") and its description does not say \""
        << kOutsideMarginMarker << "\" and why its verdict is stable all the same";
    if (marker == std::string::npos) continue;
    // The marker must be followed by a reason, not end the description.
    EXPECT_GT(s.description.size(), marker + kOutsideMarginMarker.size() + 20) << file.filename();
  }
}

}  // namespace
}  // namespace initcheck
