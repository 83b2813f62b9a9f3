#include "harness/testing/report_sample.h"

#include <csignal>

#include "properties/properties.h"
#include "harness/testing/trace_builder.h"

namespace initcheck::testing {
namespace {

Scenario AwkwardScenario() {
  Scenario s;
  s.name = "<awkward> & \"quoted\" 'scenario'";
  s.description = "names with <, >, &, quotes and ]]> must reach the page as text, not markup";
  s.stop = StopProtocol{SIGTERM, 0, 500};
  s.main = Node(kAwkwardMain, ForwardThen(50));
  s.main.children = {Node(kAwkwardChild, ExitAfter(300)), Node(kBrokenUtf8Child)};
  return s;
}

// DESIGN.md's example under a drain-like init: everyone gets SIGTERM, cleans
// up and exits by itself; PID 1 exits last.
Trace DrainTrace(const Scenario& sibling) {
  TraceBuilder builder(sibling);
  builder.StopSent(0).Exited("daemon-intermediate", -3, 0, ProcessRole::kIntermediate).Started("main", -5);
  double t = 0.4;
  for (const char* node : {"main", "worker", "session-leader", "daemon"}) {
    builder.Received(node, t, SIGTERM).CleanupStarted(node, t + 0.1, SIGTERM);
    t += 0.2;
  }
  return builder.Exited("main", 100.8)
      .Exited("worker", 200.9)
      .Exited("session-leader", 201.0)
      .Exited("daemon", 201.3)
      .InitExited(201.6, 0)
      .Build();
}

// A cell judged by every property, with the status the verdicts imply.
MatrixCell JudgedCell(const std::string& init, Trace trace) {
  MatrixCell cell;
  cell.scenario = trace.scenario.name;
  cell.init = init;
  trace.init = init;
  cell.verdicts = CheckAll(trace);
  cell.status = CellStatus::kPass;
  for (const auto& v : cell.verdicts) {
    if (v.value == VerdictValue::kViolated) {
      cell.status = CellStatus::kFail;
      cell.violated.push_back(v.property);
    } else if (v.value == VerdictValue::kUnknown) {
      if (cell.status == CellStatus::kPass) cell.status = CellStatus::kUnknown;
      cell.note += (cell.note.empty() ? "" : "; ") + v.property + ": " + v.note;
    }
  }
  cell.trace = std::move(trace);
  return cell;
}

}  // namespace

Trace TiniGroupTrace() {
  Trace trace = SiblingForwardGroupTrace(Detail::kFull);
  // What main inherited across exec: nothing blocked or ignored.
  JournalEntry start;
  start.t_ns = Ms(-5);
  start.node = "main";
  start.kind = JournalKind::kStart;
  trace.journal.insert(trace.journal.begin(), start);
  trace.init = "tini-g";
  trace.observer = "proc-connector";
  return trace;
}

Trace AwkwardNamesTrace() {
  Trace trace = TraceBuilder(AwkwardScenario())
                    .Started(kAwkwardMain, -5)
                    .StopSent(0)
                    .Received(kAwkwardMain, 0.5, SIGTERM)
                    .Journal(kAwkwardMain, 0.6, JournalKind::kForwarded, SIGTERM)
                    .Received(kAwkwardChild, 0.8, SIGTERM)
                    .CleanupStarted(kAwkwardChild, 0.9, SIGTERM)
                    .CleanupStarted(kAwkwardMain, 5, SIGTERM)
                    .Exited(kAwkwardMain, 55)
                    .Killed(kAwkwardChild, 55.2, SIGKILL)
                    .Killed(kBrokenUtf8Child, 55.3, SIGKILL)
                    .InitExited(55.4, 0)
                    .Zombie(kBrokenUtf8Child, 105.3)
                    .Build();
  trace.init = "tini --opt=\"<&>\"";
  trace.observer = "proc-connector";
  return trace;
}

Matrix SampleMatrix() {
  Matrix m;
  m.inits = {
      {"tini-g", "tini -g --", ""},
      {"drain", "init --strategy=drain --", ""},
      {"catatonit", "", "catatonit: not found in PATH"},
  };
  Scenario sibling = SiblingScenario();
  sibling.description = "main exits 100 ms after SIGTERM; a sibling, a session leader and a daemon need 200 ms";
  m.scenarios = {sibling, AwkwardScenario()};

  Trace tini = TiniGroupTrace();
  tini.scenario = sibling;
  Trace drain = DrainTrace(sibling);
  drain.observer = "proc-connector";
  m.cells.push_back(JudgedCell("tini-g", tini));
  m.cells.push_back(JudgedCell("drain", drain));
  m.cells.push_back({sibling.name, "catatonit", CellStatus::kSkipped, {}, "catatonit: not found in PATH", {}, {}});

  m.cells.push_back(JudgedCell("tini-g", AwkwardNamesTrace()));
  m.cells.push_back({m.scenarios[1].name, "drain", CellStatus::kUnknown, {},
                     "harness fault: the journal & the kernel disagree on <pid 1004>", {}, {}});
  m.cells.push_back({m.scenarios[1].name, "catatonit", CellStatus::kSkipped, {}, "catatonit: not found in PATH", {}, {}});
  m.observer = "proc-connector";
  m.elapsed_s = 2.5;
  return m;
}

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

std::string Between(const std::string& text, const std::string& start, const std::string& end) {
  const size_t from = text.find(start);
  if (from == std::string::npos) return "";
  const size_t to = text.find(end, from);
  return text.substr(from, to == std::string::npos ? std::string::npos : to + end.size() - from);
}

}  // namespace initcheck::testing
