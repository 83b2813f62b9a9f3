// Prints a rendering of the hand-built samples to stdout, so that a shell
// test can hand it to xmllint: `print_report_sample svg|awkward-svg|html`.
#include <cstdio>
#include <string>
#include <string_view>

#include "harness/report/html_report.h"
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
  } else {
    std::fprintf(stderr, "usage: print_report_sample svg|awkward-svg|html\n");
    return 2;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
