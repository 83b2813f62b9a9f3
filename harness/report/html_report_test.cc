#include "harness/report/html_report.h"

#include <gtest/gtest.h>

#include <string>

#include "harness/testing/report_sample.h"
#include "harness/report/svg_timeline.h"
#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::Between;
using testing::Contains;
using testing::Count;

class SampleReportTest : public ::testing::Test {
 protected:
  Matrix matrix_ = testing::SampleMatrix();
  std::string html_ = RenderHtmlReport(matrix_);
};

TEST_F(SampleReportTest, IsOneSelfContainedDocument) {
  EXPECT_EQ(html_.rfind("<!DOCTYPE html>\n<html", 0), 0u);
  EXPECT_TRUE(Contains(html_, "<meta charset=\"utf-8\"/>"));
  EXPECT_TRUE(Contains(html_, "<title>initcheck: 2 scenarios \u00d7 3 inits</title>"));
  EXPECT_EQ(html_.substr(html_.size() - 8), "</html>\n");
  EXPECT_FALSE(Contains(html_, "<script"));
  EXPECT_FALSE(Contains(html_, "<link"));
  EXPECT_FALSE(Contains(html_, "<img"));
  EXPECT_FALSE(Contains(html_, "<iframe"));
  EXPECT_FALSE(Contains(html_, "@import"));
  EXPECT_FALSE(Contains(html_, "url("));
  EXPECT_FALSE(Contains(html_, "https://"));
  EXPECT_FALSE(Contains(html_, "//fonts"));
  // The only URL allowed is the SVG namespace name, which is never fetched.
  const std::string ns = "xmlns=\"http://www.w3.org/2000/svg\"";
  EXPECT_EQ(Count(html_, "http://"), Count(html_, ns));
  EXPECT_EQ(Count(html_, ns), Count(html_, "<svg"));
}

TEST_F(SampleReportTest, SummarisesEachInit) {
  const std::string summary = Between(html_, "<table class=\"summary\">", "</table>");
  const std::string tini = Between(summary, ">tini-g</th>", "</tr>");
  EXPECT_TRUE(Contains(tini, "<td class=\"count\">0</td><td class=\"count\">2</td><td class=\"count\">0</td>"
                             "<td class=\"count\">0</td>"))
      << tini;
  EXPECT_TRUE(Contains(tini, "<code>no-sigkill-in-grace</code> (2 of 2)")) << tini;
  const std::string drain = Between(summary, ">drain</th>", "</tr>");
  EXPECT_TRUE(Contains(drain, "<td class=\"count\">1</td><td class=\"count\">0</td><td class=\"count\">1</td>"
                              "<td class=\"count\">0</td><td>none</td>"))
      << drain;
  const std::string catatonit = Between(summary, "<th class=\"skipped\">catatonit</th>", "</tr>");
  EXPECT_TRUE(Contains(catatonit, "<td class=\"count\">2</td><td>skipped: catatonit: not found in PATH</td>"))
      << catatonit;
}

TEST_F(SampleReportTest, TheMostFailedPropertyComesFirst) {
  const std::string tini = Between(html_, ">tini-g</th>", "</tr>");
  const size_t most = tini.find("no-sigkill-in-grace");
  ASSERT_NE(most, std::string::npos);
  for (const auto& cell : matrix_.cells) {
    for (const auto& id : cell.violated) {
      if (id != "no-sigkill-in-grace") {
        EXPECT_GT(tini.find(id), most) << id;
      }
    }
  }
}

TEST_F(SampleReportTest, TheMatrixLinksEachFailingCellToItsSection) {
  const std::string table = Between(html_, "<table class=\"matrix\">", "</table>");
  // Abbreviated, the ids in the title, the legend above.
  EXPECT_TRUE(Contains(table, "<td class=\"fail\" title=\"no-sigkill-in-grace")) << table;
  EXPECT_TRUE(Contains(table, "\"><a href=\"#cell-0-0\">NSK")) << table;
  EXPECT_TRUE(Contains(table, "\"><a href=\"#cell-1-0\">")) << table;
  EXPECT_TRUE(Contains(html_, "<p class=\"legend\"><b>NSK</b> <code>no-sigkill-in-grace</code> \u00b7 <b>GC</b>"));
  EXPECT_TRUE(Contains(table, "<td class=\"pass\">pass</td>"));
  EXPECT_TRUE(Contains(table, "<td class=\"unknown\" title=\"harness fault: the journal &amp; the kernel disagree "
                              "on &lt;pid 1004&gt;\">unknown"))
      << table;
  EXPECT_EQ(Count(table, "<td class=\"skipped\" title=\"catatonit: not found in PATH\">skipped</td>"), 2u);
  EXPECT_TRUE(Contains(table, "<th class=\"skipped\">catatonit<div class=\"reason\">skipped: catatonit: not found "
                              "in PATH</div></th>"));
  EXPECT_TRUE(Contains(table, "<th title=\"tini -g --\">tini-g</th>"));
  // Descriptions folded under the scenario's name.
  EXPECT_TRUE(Contains(table, "<details><summary>"));
  EXPECT_TRUE(Contains(table, "</summary><div class=\"desc\">main exits 100 ms after SIGTERM"));
  EXPECT_EQ(Count(html_, "<section class=\"failure\""), 2u);
  EXPECT_TRUE(Contains(html_, "<section class=\"failure\" id=\"cell-0-0\">"));
  EXPECT_TRUE(Contains(html_, "<section class=\"failure\" id=\"cell-1-0\">"));
}

TEST_F(SampleReportTest, EachFailureShowsTheTimelineThenWhyAndTheScenario) {
  const std::string section = Between(html_, "id=\"cell-0-0\"", "</section>");
  ASSERT_FALSE(section.empty());
  const MatrixCell* cell = matrix_.Cell("sibling-needs-longer-than-main", "tini-g");
  ASSERT_NE(cell, nullptr);
  const size_t svg = section.find("<svg xmlns=");
  const size_t why = section.find("Why it fails");
  ASSERT_NE(svg, std::string::npos);
  ASSERT_NE(why, std::string::npos);
  EXPECT_LT(svg, why);
  size_t explained = 0;
  for (const auto& v : cell->verdicts) {
    if (v.value != VerdictValue::kViolated) continue;
    for (const auto& violation : v.violations) {
      EXPECT_GT(section.find("<li><code>" + v.property + "</code>: " + EscapeXml(violation.explanation)), why)
          << violation.explanation;
      ++explained;
    }
  }
  EXPECT_GE(explained, 3u) << "worker, session-leader and daemon";
  EXPECT_TRUE(Contains(section, "<p>main exits 100 ms after SIGTERM; a sibling"));
  EXPECT_TRUE(Contains(section, "<a href=\"#matrix\">"));
  // No section for the cells that pass, are unknown or skipped.
  EXPECT_FALSE(Contains(html_, "id=\"cell-0-1\""));
  EXPECT_FALSE(Contains(html_, "id=\"cell-1-1\""));
  EXPECT_FALSE(Contains(html_, "id=\"cell-0-2\""));
}

TEST_F(SampleReportTest, EscapesEveryNameItPrints) {
  EXPECT_FALSE(Contains(html_, testing::kAwkwardMain));
  EXPECT_FALSE(Contains(html_, "<awkward>"));
  EXPECT_FALSE(Contains(html_, "]]>"));
  EXPECT_FALSE(Contains(html_, "\xff"));
  EXPECT_TRUE(Contains(html_, "<summary>&lt;awkward&gt; &amp; &quot;quoted&quot; &#39;scenario&#39;</summary><div class=\"desc\">"));
  EXPECT_TRUE(Contains(html_, "<h3>&lt;awkward&gt; &amp; &quot;quoted&quot; &#39;scenario&#39; \u00d7 tini-g</h3>"));
}

// One init (drain) by one scenario, called scenario, with no cells.
Matrix DrainMatrix(const std::string& scenario) {
  Matrix m;
  m.inits = {{"drain", "init --strategy=drain --", ""}};
  Scenario s;
  s.name = scenario;
  m.scenarios = {s};
  return m;
}

TEST(HtmlReportTest, AnEmptyOrPassingMatrixHasNoFailureSection) {
  Matrix m = DrainMatrix("quiet");
  m.cells = {{"quiet", "drain", CellStatus::kPass, {}, "", std::nullopt, {}}};
  const std::string html = RenderHtmlReport(m);
  EXPECT_TRUE(Contains(html, "<p>No cell fails.</p>"));
  EXPECT_FALSE(Contains(html, "<svg"));
  EXPECT_TRUE(Contains(html, "<td class=\"pass\">pass</td>"));
}

TEST(HtmlReportTest, ACellNeverRunIsUnknownNotPass) {
  const std::string html = RenderHtmlReport(DrainMatrix("lost"));
  EXPECT_TRUE(Contains(html, "<td class=\"unknown\" title=\"no run recorded for this cell\">unknown")) << html;
  EXPECT_FALSE(Contains(html, "class=\"pass\""));
}

TEST(HtmlReportTest, AWideTreesViolationsAreToldInFullFiveAtATime) {
  Matrix m = DrainMatrix("wide");
  MatrixCell cell{"wide", "drain", CellStatus::kFail, {"no-sigkill-in-grace"}, "", std::nullopt, {}};
  Verdict v{.property = "no-sigkill-in-grace", .value = VerdictValue::kViolated};
  for (int i = 1; i <= 7; ++i) {
    const std::string job = "job-" + std::to_string(i);
    v.violations.push_back(MakeViolation(job, std::nullopt, i * 1'000'000, {{i * 1'000'000, std::nullopt, job + " died"}}));
  }
  cell.verdicts = {v};
  m.cells = {cell};
  const std::string why = Between(RenderHtmlReport(m), "<ul class=\"why\">", "</ul>");
  for (int i = 1; i <= 5; ++i) {
    EXPECT_TRUE(Contains(why, "<li><code>no-sigkill-in-grace</code>: job-" + std::to_string(i) + " died</li>")) << why;
  }
  EXPECT_FALSE(Contains(why, "job-6 died")) << why;
  EXPECT_TRUE(Contains(why, "<li><code>no-sigkill-in-grace</code>: 2 more, explained in report.json: "
                            "job-6 at 6.0 ms, job-7 at 7.0 ms</li>"))
      << why;
}

}  // namespace
}  // namespace initcheck
