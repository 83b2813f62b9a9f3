#include "harness/report/html_report.h"

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "harness/model/time_format.h"
#include "harness/report/svg_timeline.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

// No '<' or '&' in here: the document must stay well-formed XML.
constexpr std::string_view kStyle = R"(
body { font-family: sans-serif; margin: 1.5em 2em; color: #222; max-width: 1100px; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05em; margin-bottom: 0.3em; }
h4 { font-size: 0.95em; margin: 0.8em 0 0.3em; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
.meta, .desc, .reason, .note, .legend { color: #666; font-size: 0.85em; }
table.matrix { font-size: 0.8em; }
table.matrix th, table.matrix td { padding: 2px 4px; white-space: nowrap; }
table.matrix .desc { white-space: normal; max-width: 28em; }
table.matrix thead th { white-space: normal; max-width: 5.5em; }
summary { cursor: pointer; }
.desc, .reason { font-weight: normal; }
td.pass { background: #d8f0d8; color: #1e6b1e; }
td.fail { background: #f7d4d4; }
td.fail a { color: #a01010; font-weight: bold; }
td.unknown { background: #fbe8b8; color: #7a5200; }
td.skipped, th.skipped { background: #eeeeee; color: #999; }
td.count { text-align: right; }
section.failure { border-top: 3px solid #d62728; margin-top: 2em; padding-top: 0.3em; }
section.failure svg { display: block; margin: 0.8em 0; border: 1px solid #ddd; max-width: 100%; height: auto; }
ul.why li { margin-bottom: 0.3em; }
code { background: #f4f4f4; padding: 0 3px; }
)";

// What a matrix position shows. A skipped init wins over any cell (its
// binary is missing, so nothing it "did" counts); a position with no cell
// was never run, which is unknown, never a pass.
struct ResolvedCell {
  CellStatus status = CellStatus::kUnknown;
  const MatrixCell* cell = nullptr;
  std::string note;
};

ResolvedCell Resolve(const Matrix& matrix, const Scenario& scenario, const MatrixInit& init) {
  const MatrixCell* cell = matrix.Cell(scenario.name, init.name);
  if (!init.skip_reason.empty()) return {CellStatus::kSkipped, cell, init.skip_reason};
  if (!cell) return {CellStatus::kUnknown, nullptr, "no run recorded for this cell"};
  return {cell->status, cell, cell->note};
}

// The cell's violated property ids; from its verdicts when the list is empty.
std::vector<std::string> ViolatedIds(const MatrixCell& cell) {
  return cell.violated.empty() ? ViolatedProperties(cell.verdicts) : cell.violated;
}

// Anchors from positions, not names: names may hold anything.
std::string CellAnchor(size_t row, size_t column) { return fmt::format("cell-{}-{}", row, column); }

void RenderSummary(std::string& out, const Matrix& matrix) {
  out += R"(<h2 id="summary">Summary</h2>
<table class="summary"><thead><tr><th>init</th><th>pass</th><th>fail</th><th>unknown</th><th>skipped</th><th>fails most</th></tr></thead>
<tbody>
)";
  for (const auto& init : matrix.inits) {
    int counts[4] = {0, 0, 0, 0};  // indexed by CellStatus
    std::vector<std::pair<std::string, int>> failing;  // property -> cells, first seen first
    for (const auto& scenario : matrix.scenarios) {
      const ResolvedCell resolved = Resolve(matrix, scenario, init);
      ++counts[static_cast<int>(resolved.status)];
      if (resolved.status != CellStatus::kFail || !resolved.cell) continue;
      for (const auto& id : ViolatedIds(*resolved.cell)) {
        auto it = std::find_if(failing.begin(), failing.end(), [&](const auto& f) { return f.first == id; });
        if (it == failing.end()) {
          failing.emplace_back(id, 1);
        } else {
          ++it->second;
        }
      }
    }
    std::stable_sort(failing.begin(), failing.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string most;
    for (const auto& [id, n] : failing) {
      most += fmt::format("{}<code>{}</code> ({} of {})", most.empty() ? "" : ", ", EscapeXml(id), n,
                          matrix.scenarios.size());
    }
    if (most.empty()) most = init.skip_reason.empty() ? "none" : "skipped: " + EscapeXml(init.skip_reason);
    fmt::format_to(std::back_inserter(out),
                   R"(<tr><th{}{}>{}</th><td class="count">{}</td><td class="count">{}</td><td class="count">{}</td><td class="count">{}</td><td>{}</td></tr>)",
                   init.skip_reason.empty() ? "" : R"( class="skipped")",
                   init.command.empty() ? "" : R"( title=")" + EscapeXml(init.command) + "\"", EscapeXml(init.name),
                   counts[static_cast<int>(CellStatus::kPass)], counts[static_cast<int>(CellStatus::kFail)],
                   counts[static_cast<int>(CellStatus::kUnknown)], counts[static_cast<int>(CellStatus::kSkipped)],
                   most);
    out += "\n";
  }
  out += "</tbody></table>\n";
}

std::string RenderCell(const ResolvedCell& resolved, size_t row, size_t column) {
  switch (resolved.status) {
    case CellStatus::kPass:
      return R"(<td class="pass">pass</td>)";
    case CellStatus::kFail: {
      // Abbreviations keep a wide matrix one screen wide; the title has the ids.
      std::string shorts, ids;
      if (resolved.cell) {
        for (const auto& id : ViolatedIds(*resolved.cell)) {
          const Property* property = FindProperty(id);
          shorts += (shorts.empty() ? "" : " ") + EscapeXml(property ? std::string(property->abbreviation) : id);
          ids += (ids.empty() ? "" : ", ") + EscapeXml(id);
        }
      }
      return fmt::format(R"(<td class="fail" title="{}"><a href="#{}">{}</a></td>)", ids, CellAnchor(row, column),
                         shorts.empty() ? "fail" : shorts);
    }
    case CellStatus::kUnknown:
      if (resolved.note.empty()) return R"(<td class="unknown">unknown</td>)";
      return fmt::format(R"(<td class="unknown" title="{0}">unknown<div class="note">{0}</div></td>)",
                         EscapeXml(resolved.note));
    case CellStatus::kSkipped:
      return fmt::format(R"(<td class="skipped" title="{}">skipped</td>)", EscapeXml(resolved.note));
  }
  return "<td></td>";
}

void RenderLegend(std::string& out) {
  out += "<p class=\"legend\">";
  bool first = true;
  for (const Property& p : AllProperties()) {
    fmt::format_to(std::back_inserter(out), R"({}<b>{}</b> <code>{}</code>)", first ? "" : " \u00b7 ",
                   EscapeXml(p.abbreviation), EscapeXml(p.id));
    first = false;
  }
  out += " \u00b7 a failing cell links to its timeline and causal chain</p>\n";
}

void RenderMatrix(std::string& out, const Matrix& matrix) {
  out += R"(<h2 id="matrix">Matrix</h2>
)";
  RenderLegend(out);
  out += R"(<table class="matrix"><thead><tr><th>scenario</th>)";
  for (const auto& init : matrix.inits) {
    if (init.skip_reason.empty()) {
      fmt::format_to(std::back_inserter(out), R"(<th title="{}">{}</th>)", EscapeXml(init.command),
                     EscapeXml(init.name));
    } else {
      fmt::format_to(std::back_inserter(out), R"(<th class="skipped">{}<div class="reason">skipped: {}</div></th>)",
                     EscapeXml(init.name), EscapeXml(init.skip_reason));
    }
  }
  out += "</tr></thead>\n<tbody>\n";
  for (size_t row = 0; row < matrix.scenarios.size(); ++row) {
    const Scenario& scenario = matrix.scenarios[row];
    // The description folded: rows stay one line tall until asked.
    if (scenario.description.empty()) {
      fmt::format_to(std::back_inserter(out), R"(<tr><th>{}</th>)", EscapeXml(scenario.name));
    } else {
      fmt::format_to(std::back_inserter(out),
                     R"(<tr><th><details><summary>{}</summary><div class="desc">{}</div></details></th>)",
                     EscapeXml(scenario.name), EscapeXml(scenario.description));
    }
    for (size_t column = 0; column < matrix.inits.size(); ++column) {
      out += RenderCell(Resolve(matrix, scenario, matrix.inits[column]), row, column);
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

// A wide tree's violations are one story told per process (99 jobs, each
// "PID 1 exited -> the kernel SIGKILLed job-N"): the first few are told in
// full, the rest named with their times, and report.json keeps every one.
constexpr size_t kExplainedPerProperty = 5;

// Why the cell fails, in the checkers' own words: each violation's causal
// chain, then anything that makes part of the run untrustworthy.
void RenderWhy(std::string& out, const MatrixCell& cell) {
  out += "<h4>Why it fails</h4>\n<ul class=\"why\">\n";
  for (const auto& v : cell.verdicts) {
    if (v.value == VerdictValue::kViolated) {
      const size_t told = std::min(v.violations.size(), kExplainedPerProperty);
      for (size_t i = 0; i < told; ++i) {
        fmt::format_to(std::back_inserter(out), "<li><code>{}</code>: {}</li>\n", EscapeXml(v.property),
                       EscapeXml(v.violations[i].explanation));
      }
      if (v.violations.size() > told) {
        std::string rest;
        for (size_t i = told; i < v.violations.size(); ++i) {
          rest += fmt::format("{}{} at {}", i == told ? "" : ", ", v.violations[i].process,
                              FormatMs(v.violations[i].t_ns));
        }
        fmt::format_to(std::back_inserter(out),
                       "<li><code>{}</code>: {} more, explained in report.json: {}</li>\n", EscapeXml(v.property),
                       v.violations.size() - told, EscapeXml(rest));
      }
      if (v.violations.empty()) {
        fmt::format_to(std::back_inserter(out), "<li><code>{}</code>: violated{}</li>\n", EscapeXml(v.property),
                       v.note.empty() ? "" : " (" + EscapeXml(v.note) + ")");
      }
    } else if (v.value == VerdictValue::kUnknown) {
      fmt::format_to(std::back_inserter(out), "<li><code>{}</code>: unknown{}</li>\n", EscapeXml(v.property),
                     v.note.empty() ? "" : " (" + EscapeXml(v.note) + ")");
    }
  }
  if (cell.trace) {
    for (const auto& fault : cell.trace->faults) {
      fmt::format_to(std::back_inserter(out), "<li>harness fault: {}</li>\n", EscapeXml(fault));
    }
  }
  if (!cell.note.empty()) fmt::format_to(std::back_inserter(out), "<li>note: {}</li>\n", EscapeXml(cell.note));
  out += "</ul>\n";
}

void RenderFailure(std::string& out, const Scenario& scenario, const MatrixInit& init, const MatrixCell& cell,
                   const std::string& anchor) {
  fmt::format_to(std::back_inserter(out), "<section class=\"failure\" id=\"{}\">\n<h3>{} \u00d7 {}</h3>\n", anchor,
                 EscapeXml(scenario.name), EscapeXml(init.name));
  fmt::format_to(std::back_inserter(out), "<p class=\"meta\">init command: <code>{}</code>{}</p>\n",
                 EscapeXml(init.command.empty() ? init.name : init.command),
                 cell.trace ? " \u00b7 judged by " + EscapeXml(cell.trace->observer) : "");
  if (cell.trace && !cell.trace->init_env.empty()) {
    std::string env;
    for (const auto& e : cell.trace->init_env) env += (env.empty() ? "" : " ") + EscapeXml(e);
    fmt::format_to(std::back_inserter(out), "<p class=\"meta\">PID 1's environment: <code>{}</code></p>\n", env);
  }
  if (cell.trace && !cell.trace->init_output.empty()) {
    fmt::format_to(std::back_inserter(out), "<details><summary class=\"meta\">PID 1's output</summary><pre>{}</pre></details>\n",
                   EscapeXml(cell.trace->init_output));
  }
  if (cell.trace) {
    out += RenderTimelineSvg(*cell.trace, cell.verdicts, TimelineUse::kInReport);
  } else {
    out += "<p class=\"note\">No trace was recorded for this cell.</p>\n";
  }
  RenderWhy(out, cell);
  fmt::format_to(std::back_inserter(out), "<h4>Scenario</h4>\n<p>{}</p>\n",
                 scenario.description.empty() ? "(no description)" : EscapeXml(scenario.description));
  out += "<p class=\"meta\"><a href=\"#matrix\">back to the matrix</a></p>\n</section>\n";
}

void RenderFailures(std::string& out, const Matrix& matrix) {
  out += "<h2 id=\"failures\">Failing cells</h2>\n";
  bool any = false;
  for (size_t row = 0; row < matrix.scenarios.size(); ++row) {
    for (size_t column = 0; column < matrix.inits.size(); ++column) {
      const ResolvedCell resolved = Resolve(matrix, matrix.scenarios[row], matrix.inits[column]);
      if (resolved.status != CellStatus::kFail || !resolved.cell) continue;
      if (!any) out += RenderTimelineLegendSvg();  // once, for every timeline below
      RenderFailure(out, matrix.scenarios[row], matrix.inits[column], *resolved.cell, CellAnchor(row, column));
      any = true;
    }
  }
  if (!any) out += "<p>No cell fails.</p>\n";
}

}  // namespace

std::string RenderHtmlReport(const Matrix& matrix) {
  const std::string title =
      fmt::format("initcheck: {} scenario{} \u00d7 {} init{}", matrix.scenarios.size(),
                  matrix.scenarios.size() == 1 ? "" : "s", matrix.inits.size(), matrix.inits.size() == 1 ? "" : "s");
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  fmt::format_to(std::back_inserter(out), "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
                 EscapeXml(title), kStyle, EscapeXml(title));
  fmt::format_to(std::back_inserter(out),
                 "<p class=\"meta\">Each init ran each scenario in its own PID namespace; judged by {} in {:.1f} s. "
                 "Unknown is never a pass; a skipped init's binary is missing.</p>\n",
                 EscapeXml(matrix.observer.empty() ? "(observer not recorded)" : matrix.observer), matrix.elapsed_s);
  RenderSummary(out, matrix);
  RenderMatrix(out, matrix);
  RenderFailures(out, matrix);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace initcheck
