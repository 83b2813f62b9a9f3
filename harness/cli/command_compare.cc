#include "harness/cli/command_compare.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "harness/cli/cli_common.h"
#include "properties/search/matrix_sweep.h"
#include "harness/cli/report_files.h"
#include "harness/report/matrix_markdown.h"

namespace initcheck::cli {
namespace {

namespace fs = std::filesystem;

struct CompareFlags {
  InitChoices inits;
  std::vector<std::string> properties;
  RunFlags run;
  std::vector<std::string> scenario_paths;
  int jobs = kAutoJobs;
  std::string out = "initcheck-report";
};

std::vector<CompareInit> ResolveInits(const CompareFlags& flags) {
  std::vector<std::string> names = flags.inits.names;
  if (names.empty() && flags.inits.cmds.empty()) {
    for (const auto& entry : InitCatalogue()) names.push_back(entry.name);
  }
  std::vector<CompareInit> inits;
  InitSearch search = DefaultInitSearch();
  try {
    for (const auto& name : names) {
      ResolvedInit r = ResolveInit(name, search);
      inits.push_back({name, r.command, r.skip_reason});
    }
    for (const auto& cmd : flags.inits.cmds) {
      ResolvedInit r = ResolveInitCommand(cmd, search);
      inits.push_back({cmd, r.command, r.skip_reason});
    }
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  return inits;
}

// A bar, rewritten in place, when stderr is a terminal.
void ShowProgress(int done, int total) {
  constexpr int kWidth = 30;
  int filled = total ? done * kWidth / total : kWidth;
  std::cerr << "\r\033[K[" << std::string(static_cast<size_t>(filled), '#')
            << std::string(static_cast<size_t>(kWidth - filled), '.') << "] " << done << "/" << total << " cells"
            << std::flush;
}

int Compare(const CompareFlags& flags) {
  CheckPropertyIds(flags.properties);
  std::vector<Scenario> scenarios = LoadScenariosOrCatalogue(flags.scenario_paths);
  std::vector<CompareInit> inits = ResolveInits(flags);

  CompareOptions options;
  options.run = MakeRunOptions(flags.run);
  options.jobs = flags.jobs;
  options.properties = flags.properties;
  bool terminal = isatty(STDERR_FILENO);
  if (terminal) options.on_progress = ShowProgress;
  Matrix matrix = RunMatrix(inits, scenarios, options);
  if (terminal) std::cerr << "\r\033[K";

  WriteReportFiles(matrix, flags.out, /*with_json=*/true);
  std::cout << RenderMarkdownMatrix(matrix);
  std::cout << fmt::format("\n{} inits x {} scenarios in {:.1f} s, judged by {}\nreport: {}\n", inits.size(),
                           scenarios.size(), matrix.elapsed_s, matrix.observer,
                           fs::absolute(flags.out).lexically_normal().string());
  bool unknown = std::any_of(matrix.cells.begin(), matrix.cells.end(),
                             [](const MatrixCell& c) { return c.status == CellStatus::kUnknown; });
  if (unknown) {
    std::cerr << "initcheck: some cells could not be judged (unknown); see the report\n";
    return kExitUnjudged;
  }
  return kExitHolds;
}

}  // namespace

std::function<int()> AddCompareCommand(CLI::App& app) {
  auto flags = std::make_shared<CompareFlags>();
  CLI::App* command = app.add_subcommand(
      "compare",
      "run every init against every scenario: prints a Markdown matrix (cells: pass, or the violated "
      "property ids) and writes report.json, report.md and report.html. Exit status 0 when every cell "
      "was judged (failing cells are findings, not errors), 2 for bad input, 3 when a cell could not be "
      "judged");
  AddInitOptions(*command, flags->inits);
  AddPropertyOption(*command, flags->properties);
  AddRunOptions(*command, flags->run);
  AddScenariosOption(*command, flags->scenario_paths);
  AddJobsOption(*command, flags->jobs, "cells");
  command->add_option("--out", flags->out, "directory for report.json, report.md, report.html")
      ->capture_default_str();
  return [command, flags] { return *command ? Compare(*flags) : -1; };
}

}  // namespace initcheck::cli
