#include "harness/report/svg_timeline.h"

#include <gtest/gtest.h>

#include <csignal>
#include <set>
#include <string>

#include "harness/testing/report_sample.h"
#include "properties/properties.h"
#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::Between;
using testing::Contains;
using testing::Count;

// A lane's whole group: it is the only element that ends with "</g>" and a newline.
std::string LaneOf(const std::string& svg, const std::string& escaped_name) {
  return Between(svg, "<g class=\"lane\" data-process=\"" + escaped_name + "\"", "</g>\n");
}

std::string ExitOf(const std::string& svg, const std::string& escaped_name) {
  return Between(svg, "<g class=\"exit\" data-process=\"" + escaped_name + "\"", "</g>");
}

class TiniTimelineTest : public ::testing::Test {
 protected:
  Trace trace_ = testing::TiniGroupTrace();
  std::string svg_ = RenderTimelineSvg(trace_, CheckAll(trace_));
};

TEST_F(TiniTimelineTest, IsOneSvgElementInTheSvgNamespace) {
  EXPECT_EQ(svg_.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u) << svg_.substr(0, 80);
  EXPECT_EQ(svg_.substr(svg_.size() - 7), "</svg>\n");
  EXPECT_EQ(Count(svg_, "<svg"), 1u);
  EXPECT_FALSE(Contains(svg_, "<?xml")) << "an XML declaration cannot be inlined in HTML";
  EXPECT_FALSE(Contains(svg_, "href")) << "the picture must not reference anything";
}

TEST_F(TiniTimelineTest, HasALaneForEveryProcessWithNameAndPid) {
  ASSERT_EQ(trace_.processes.size(), 6u);
  for (const auto& p : trace_.processes) {
    const std::string lane = LaneOf(svg_, p.name);
    ASSERT_FALSE(lane.empty()) << p.name;
    EXPECT_TRUE(Contains(lane, "data-pid=\"" + std::to_string(p.pid) + "\"")) << lane;
    EXPECT_TRUE(Contains(lane, ">" + p.name + " (pid " + std::to_string(p.pid) + ")")) << lane;
  }
}

TEST_F(TiniTimelineTest, Pid1ComesFirstThenTraceOrder) {
  // Even when the trace lists PID 1 last.
  Trace reordered = trace_;
  std::rotate(reordered.processes.begin(), reordered.processes.begin() + 1, reordered.processes.end());
  ASSERT_EQ(reordered.processes.back().role, ProcessRole::kInit);
  const std::string svg = RenderTimelineSvg(reordered, {});
  size_t last = svg.find("<g class=\"lane\" data-process=\"pid1\"");
  ASSERT_NE(last, std::string::npos);
  for (const auto& p : reordered.processes) {
    if (p.role == ProcessRole::kInit) continue;
    const size_t at = svg.find("<g class=\"lane\" data-process=\"" + p.name + "\"");
    EXPECT_GT(at, last) << p.name;
    last = at;
  }
}

TEST_F(TiniTimelineTest, SigkillInGraceExitsAreRed) {
  const std::string red = std::string(OutcomeColour(Outcome::kSigkillInGrace));
  EXPECT_EQ(red, "#d62728");
  for (const std::string name : {"worker", "session-leader", "daemon"}) {
    ASSERT_EQ(trace_.Find(name)->outcome, Outcome::kSigkillInGrace) << name;
    const std::string exit = ExitOf(svg_, name);
    EXPECT_TRUE(Contains(exit, "data-outcome=\"sigkill-in-grace\"")) << exit;
    EXPECT_TRUE(Contains(exit, "class=\"cross o-sigkill-in-grace\"")) << exit;
    EXPECT_TRUE(Contains(exit, ">sigkill-in-grace 101.")) << exit;
  }
  const std::string main_exit = ExitOf(svg_, "main");
  EXPECT_TRUE(Contains(main_exit, "data-outcome=\"graceful\"")) << main_exit;
  EXPECT_TRUE(Contains(main_exit, "class=\"o-graceful\"")) << main_exit;
  EXPECT_FALSE(Contains(main_exit, "o-sigkill")) << main_exit;
  // The classes' colours, from the timeline's own stylesheet.
  EXPECT_TRUE(Contains(svg_, ".cross.o-sigkill-in-grace{fill:none;stroke:" + red + "}"));
  EXPECT_TRUE(Contains(svg_, ".o-graceful{fill:" + std::string(OutcomeColour(Outcome::kGraceful)) + "}"));
}

TEST(OutcomeColourTest, EveryOutcomeHasItsOwnColour) {
  std::set<std::string_view> colours;
  for (Outcome o : {Outcome::kGraceful, Outcome::kSignaled, Outcome::kSigkillBeforeStop, Outcome::kSigkillInGrace,
                    Outcome::kSigkillAtDeadline, Outcome::kStillRunning}) {
    colours.insert(OutcomeColour(o));
  }
  EXPECT_EQ(colours.size(), 6u);
  EXPECT_EQ(OutcomeColour(Outcome::kStillRunning), "#000000");
}

TEST_F(TiniTimelineTest, ShadesTheGraceWindowBetweenStopAndDeadline) {
  const std::string grace = Between(svg_, "<rect class=\"grace-window\"", "</rect>");
  ASSERT_FALSE(grace.empty()) << svg_;
  EXPECT_TRUE(Contains(grace, "grace period open from 0.0 ms until 1000.0 ms")) << grace;
  EXPECT_FALSE(Contains(grace, "width=\"0")) << grace;
  EXPECT_TRUE(Contains(svg_, "class=\"stop-line\""));
  EXPECT_TRUE(Contains(svg_, ">SIGTERM sent<"));
  EXPECT_TRUE(Contains(svg_, "class=\"deadline-line\"")) << "1000 ms is within reach of a 200 ms run";
}

TEST_F(TiniTimelineTest, MarksEachSignalOnTheLaneThatReceivedIt) {
  EXPECT_TRUE(Contains(LaneOf(svg_, "pid1"), "<title>SIGTERM sent to PID 1 (the stop) at 0.0 ms</title>"));
  EXPECT_TRUE(Contains(LaneOf(svg_, "main"), "<title>main received SIGTERM at 1.1 ms</title>"));
  EXPECT_TRUE(Contains(LaneOf(svg_, "worker"), "<title>worker received SIGTERM at 1.9 ms</title>"));
  EXPECT_EQ(Count(LaneOf(svg_, "session-leader"), "class=\"signal\""), 0u) << "tini -g never signalled it";
  EXPECT_EQ(Count(svg_, "<g class=\"signal\">"), 3u);
}

TEST_F(TiniTimelineTest, DrawsCleanupAndTheCleanupItWasDenied) {
  const std::string worker = LaneOf(svg_, "worker");
  EXPECT_TRUE(Contains(worker, "class=\"cleanup\"")) << worker;
  EXPECT_TRUE(Contains(worker, "class=\"planned-cleanup\"")) << worker;
  EXPECT_TRUE(Contains(worker, "worker needed 200 ms of cleanup after SIGTERM")) << worker;
  const std::string main = LaneOf(svg_, "main");
  EXPECT_TRUE(Contains(main, "class=\"cleanup\"")) << main;
  EXPECT_FALSE(Contains(main, "planned-cleanup")) << "main finished its cleanup";
}

TEST_F(TiniTimelineTest, DrawsTheIntermediateThinAndGrey) {
  const std::string lane = LaneOf(svg_, "daemon-intermediate");
  EXPECT_TRUE(Contains(lane, "class=\"lane-label thin\"")) << lane;
  EXPECT_TRUE(Contains(lane, "class=\"life thin\"")) << lane;
  EXPECT_FALSE(Contains(lane, ">graceful ")) << "no exit label on a thin lane";
}

TEST_F(TiniTimelineTest, RingsEachViolationWithItsExplanation) {
  const Verdict v = CheckAll(trace_, {"no-sigkill-in-grace"}).front();
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  for (const auto& violation : v.violations) {
    EXPECT_TRUE(Contains(svg_, "<title>no-sigkill-in-grace: " + EscapeXml(violation.explanation) + "</title>"))
        << violation.explanation;
  }
  EXPECT_GE(Count(svg_, "<g class=\"violation\""), v.violations.size());
  EXPECT_TRUE(Contains(svg_, ">violated: no-sigkill-in-grace"));
}

// The chain is drawn from the violation's links, joined to lanes by record
// identity: one dot per link, each titled with the link's words.
TEST_F(TiniTimelineTest, DrawsEachViolationsCausalChain) {
  const Verdict v = CheckAll(trace_, {"no-sigkill-in-grace"}).front();
  ASSERT_FALSE(v.violations.empty());
  std::set<std::pair<int64_t, std::string>> links;  // a link the chains share is drawn once
  for (const auto& violation : v.violations) {
    ASSERT_GT(violation.chain.size(), 1u);
    for (const auto& link : violation.chain) links.insert({link.t_ns, link.what});
    for (const auto& link : violation.chain) {
      EXPECT_TRUE(Contains(svg_, "<title>" + EscapeXml(link.what) + "</title></circle>")) << link.what;
    }
  }
  EXPECT_EQ(Count(svg_, "<g class=\"chain\">"), v.violations.size());
  const std::string drawn = svg_.substr(0, svg_.find("<g class=\"legend\">"));  // the legend has two of its own
  EXPECT_EQ(Count(drawn, "<circle class=\"chain-link\""), links.size());
  EXPECT_LT(links.size(), 3 * v.violations.size()) << "main's exit and PID 1's lead to every death";
}

TEST_F(TiniTimelineTest, HasALegendOfEveryOutcome) {
  const std::string legend = Between(svg_, "<g class=\"legend\">", "</g>\n");
  for (std::string_view id : {"graceful", "signaled", "sigkill-before-stop", "sigkill-in-grace",
                              "sigkill-at-deadline", "still-running", "grace period", "cleanup"}) {
    EXPECT_TRUE(Contains(legend, ">" + std::string(id) + "</text>")) << id;
  }
}

TEST_F(TiniTimelineTest, LabelsTheTimeAxisInMilliseconds) {
  const std::string axis = Between(svg_, "<g class=\"axis\">", "</g>");
  EXPECT_TRUE(Contains(axis, ">0</text>")) << axis;
  EXPECT_TRUE(Contains(axis, ">1000</text>")) << axis;
  EXPECT_TRUE(Contains(axis, "ms after t = 0"));
}

TEST(TimelineTest, AFarDeadlineIsNotedOffTheScale) {
  Scenario s = testing::SiblingScenario();
  s.stop->grace_ms = 30000;
  const Trace trace = testing::TraceBuilder(s)
                          .StopSent(0)
                          .Exited("main", 100.5)
                          .Killed("worker", 100.6, SIGKILL)
                          .InitExited(100.7, 0)
                          .Build();
  const std::string svg = RenderTimelineSvg(trace, {});
  EXPECT_TRUE(Contains(svg, "grace period open until 30000.0 ms &#8594;")) << svg;
  EXPECT_FALSE(Contains(svg, "class=\"deadline-line\""));
  EXPECT_TRUE(Contains(svg, "class=\"grace-window\""));
}

TEST(TimelineTest, AProcessStillRunningRunsOffTheRightEdgeInBlack) {
  const Trace trace = testing::TraceBuilder(testing::SiblingScenario())
                          .StopSent(0)
                          .Running("worker")
                          .InitExited(100.7, 0)
                          .Build();
  const std::string svg = RenderTimelineSvg(trace, {});
  const std::string exit = ExitOf(svg, "worker");
  EXPECT_TRUE(Contains(exit, "data-outcome=\"still-running\"")) << exit;
  EXPECT_TRUE(Contains(exit, "class=\"o-still-running\"")) << exit;
  EXPECT_TRUE(Contains(svg, ".o-still-running{fill:#000000}"));
  EXPECT_TRUE(Contains(LaneOf(svg, "worker"), "class=\"life running\""));
}

TEST(TimelineTest, WithoutAStopThereIsNoGraceWindow) {
  Scenario s = testing::SiblingScenario();
  s.stop.reset();
  const Trace trace = testing::TraceBuilder(s).Exited("main", 50).InitExited(50.2, 0).Build();
  const std::string svg = RenderTimelineSvg(trace, {});
  EXPECT_FALSE(Contains(svg, "grace-window"));
  EXPECT_FALSE(Contains(svg, "stop-line"));
  EXPECT_TRUE(Contains(svg, "no stop: PID 1 is expected to end by itself"));
}

TEST(TimelineTest, EscapesEveryNameItDraws) {
  const Trace trace = testing::AwkwardNamesTrace();
  const std::string svg = RenderTimelineSvg(trace, CheckAll(trace));
  EXPECT_TRUE(Contains(svg, ">a&lt;b &amp; &quot;c&quot; &#39;d&#39; (pid ")) << svg;
  EXPECT_TRUE(Contains(svg, "data-process=\"a&lt;b &amp; &quot;c&quot; &#39;d&#39;\""));
  EXPECT_TRUE(Contains(svg, ">x]]&gt;y (pid "));
  EXPECT_TRUE(Contains(svg, ">bad\uFFFD\uFFFDutf8 (pid "));
  EXPECT_TRUE(Contains(svg, "&lt;awkward&gt; &amp; &quot;quoted&quot;"));
  EXPECT_TRUE(Contains(svg, "tini --opt=&quot;&lt;&amp;&gt;&quot;"));
  EXPECT_FALSE(Contains(svg, testing::kAwkwardMain));
  EXPECT_FALSE(Contains(svg, "]]>"));
  EXPECT_FALSE(Contains(svg, "\xff"));
  EXPECT_FALSE(Contains(svg, "\x01"));
  // The forward and the zombie are drawn too.
  EXPECT_TRUE(Contains(svg, "forwarded SIGTERM to its children at 0.6 ms"));
  EXPECT_TRUE(Contains(svg, "<g class=\"zombie\">"));
}

TEST(EscapeXmlTest, ReplacesMarkupAndWhatXmlCannotHold) {
  EXPECT_EQ(EscapeXml("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
  EXPECT_EQ(EscapeXml("caf\u00e9 \u2192 \U0001F600"), "caf\u00e9 \u2192 \U0001F600");
  EXPECT_EQ(EscapeXml("tab\tnl\n"), "tab\tnl\n");
  EXPECT_EQ(EscapeXml(std::string("nul\0x", 5)), "nul\uFFFDx");
  EXPECT_EQ(EscapeXml("\x1b[31m"), "\uFFFD[31m");
  EXPECT_EQ(EscapeXml("\xc3"), "\uFFFD");              // truncated sequence
  EXPECT_EQ(EscapeXml("\xc0\xaf"), "\uFFFD\uFFFD");    // overlong '/'
  EXPECT_EQ(EscapeXml("\xed\xa0\x80"), "\uFFFD\uFFFD\uFFFD");  // a surrogate
  EXPECT_EQ(EscapeXml("\xef\xbf\xbe"), "\uFFFD");      // U+FFFE, not an XML Char
}

}  // namespace
}  // namespace initcheck
