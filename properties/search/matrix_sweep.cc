#include "properties/search/matrix_sweep.h"

#include <chrono>
#include <mutex>

#include <fmt/format.h>

#include "properties/search/judge.h"
#include "properties/search/worker_pool.h"

namespace initcheck {
namespace {

MatrixCell RunCell(const CompareInit& init, const Scenario& scenario, const CompareOptions& options,
                   RunWidth& width) {
  MatrixCell cell;
  cell.scenario = scenario.name;
  cell.init = init.name;
  if (!init.command) {
    cell.status = CellStatus::kSkipped;
    cell.note = init.skip_reason;
    return cell;
  }
  if (options.hold) {
    if (std::string why = options.hold(scenario); !why.empty()) {
      cell.status = CellStatus::kSkipped;
      cell.note = std::move(why);
      return cell;
    }
  }
  Judgement j = RunAndJudge(Run, *init.command, scenario, options.run, options.properties);
  width.OnRunEnded(j.worst_late_ns);
  if (!j.trace) {
    cell.status = CellStatus::kUnknown;
    cell.note = j.error;
    return cell;
  }
  cell.Judged(std::move(j.verdicts));
  cell.trace = std::move(j.trace);
  return cell;
}

}  // namespace

Matrix RunMatrix(const std::vector<CompareInit>& inits, const std::vector<Scenario>& scenarios,
                 const CompareOptions& options) {
  auto start = std::chrono::steady_clock::now();
  Matrix matrix;
  for (const auto& init : inits) {
    matrix.inits.push_back({init.name, init.command ? fmt::format("{}", fmt::join(init.command->argv_prefix, " ")) : "",
                            init.skip_reason});
  }
  matrix.scenarios = scenarios;
  const int total = static_cast<int>(inits.size() * scenarios.size());
  matrix.cells.resize(static_cast<size_t>(total));

  std::mutex mutex;
  int done = 0;
  RunWidth width = RunWidth::ForJobs(options.jobs);
  // Started along diagonals: each next cell is another scenario under
  // another init. The cells of one heavy scenario (100 processes, a fork
  // storm at the stop) started one after another burst together and took
  // the machine to 100% busy, and so did a column of supervisord's Python
  // start-ups (matrix_bench, the 10 inits: 20.5 s -> 16 to 17 s). For
  // each k, r -> (r, (k + r) mod columns) visits every row once, so every
  // cell is run once. Stored row by row.
  ForEachIndex(total, width, [&](int i) {
    const size_t row = static_cast<size_t>(i) % scenarios.size();
    const size_t column = (static_cast<size_t>(i) / scenarios.size() + row) % inits.size();
    MatrixCell cell = RunCell(inits[column], scenarios[row], options, width);
    std::lock_guard lock(mutex);
    matrix.cells[row * inits.size() + column] = std::move(cell);
    ++done;
    if (options.on_progress) options.on_progress(done, total);
    return true;
  });

  for (int i = 0; i < total; ++i) {
    MatrixCell& cell = matrix.cells[static_cast<size_t>(i)];
    const Scenario& scenario = scenarios[static_cast<size_t>(i) / inits.size()];
    const CompareInit& init = inits[static_cast<size_t>(i) % inits.size()];
    for (int attempt = 0; cell.status == CellStatus::kUnknown && attempt < options.unknown_replacements; ++attempt) {
      MatrixCell again = RunCell(init, scenario, options, width);
      if (again.status == CellStatus::kSkipped) break;  // held back: no time left
      if (again.status != CellStatus::kUnknown) cell = std::move(again);
    }
  }

  for (const auto& cell : matrix.cells) {
    if (!cell.trace) continue;
    if (matrix.observer.empty()) matrix.observer = cell.trace->observer;
    if (matrix.observer != cell.trace->observer) matrix.observer = "mixed (see each cell)";
  }
  matrix.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return matrix;
}

}  // namespace initcheck
