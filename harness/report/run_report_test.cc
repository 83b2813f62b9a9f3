// The terminal table shows hostile text as escapes: a name cannot drive the
// terminal or forge a row, nor can the init's output or a fault.
#include "harness/report/run_report.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "harness/testing/trace_builder.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

TEST(RenderRunTable, EscapesNamesAndFaults) {
  Scenario s = testing::SiblingScenario();
  s.main.children[0].name = "w\x1b[2J\nmain  1  graceful";
  Trace trace = testing::TraceBuilder(s)
                    .StopSent(0)
                    .Exited("main", 100.5)
                    .Exited(s.main.children[0].name, 150)
                    .Exited("session-leader", 200)
                    .Exited("daemon", 200)
                    .InitExited(201, 0)
                    .Build();
  trace.faults.push_back("observer said\n\x1b[31mred");
  trace.init_output = "line one\n\x1b]0;owned\x07";
  const std::string table = RenderRunTable(trace, CheckAll(trace));
  EXPECT_EQ(table.find('\x1b'), std::string::npos) << table;
  EXPECT_EQ(table.find('\x07'), std::string::npos) << table;
  EXPECT_NE(table.find("w\\x1b[2J\\nmain  1  graceful"), std::string::npos) << table;
  EXPECT_NE(table.find("PID 1's output:\n  | line one\n  | \\x1b]0;owned\\x07\n"), std::string::npos) << table;
  EXPECT_NE(table.find("harness fault: observer said\n  | \\x1b[31mred"), std::string::npos) << table;
}

}  // namespace
}  // namespace initcheck
