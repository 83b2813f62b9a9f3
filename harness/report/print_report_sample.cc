// Prints a rendering of the hand-built samples to stdout, so that a shell
// test can hand it to xmllint: `print_report_sample svg|awkward-svg|html|junit`.
#include <cstdio>
#include <string>
#include <string_view>

#include "harness/report/html_report.h"
#include "harness/report/junit_xml.h"
#include "harness/testing/report_sample.h"
#include "harness/report/svg_timeline.h"
#include "properties/properties.h"

int main(int argc, char** argv) {
  using namespace initcheck;
  const std::string_view what = argc == 2 ? argv[1] : "";
  std::string out;
  if (what == "svg") {
    const Trace trace = testing::TiniGroupTrace();
    out = RenderTimelineSvg(trace, CheckAll(trace));
  } else if (what == "awkward-svg") {
    const Trace trace = testing::AwkwardNamesTrace();
    out = RenderTimelineSvg(trace, CheckAll(trace));
  } else if (what == "html") {
    out = RenderHtmlReport(testing::SampleMatrix());
  } else if (what == "junit") {
    // The sample's first init against a baseline in which everything held,
    // and a scenario with a hostile name it no longer runs: regressions,
    // passes and a skipped case.
    const Matrix matrix = testing::SampleMatrix();
    const std::string init = matrix.inits.front().name;
    Baseline baseline = BaselineOf(matrix, init);
    for (auto& [scenario, row] : baseline.verdicts) {
      for (auto& [property, value] : row) value = VerdictValue::kHolds;
    }
    baseline.verdicts["gone <&\"'> ]]>"]["exit-code"] = VerdictValue::kHolds;
    out = RenderJunitXml(CompareWithBaseline(baseline, matrix, init), init, 1.5);
  } else {
    std::fprintf(stderr, "usage: print_report_sample svg|awkward-svg|html|junit\n");
    return 2;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
