#include "properties/search/matrix_sweep.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "properties/properties.h"

namespace initcheck {
namespace {

MatrixCell RunCell(const CompareInit& init, const Scenario& scenario, const CompareOptions& options) {
  MatrixCell cell;
  cell.scenario = scenario.name;
  cell.init = init.name;
  if (!init.command) {
    cell.status = CellStatus::kSkipped;
    cell.note = init.skip_reason;
    return cell;
  }
  try {
    Trace trace = Run(*init.command, scenario, options.run);
    cell.verdicts = options.properties.empty() ? CheckAll(trace) : CheckAll(trace, options.properties);
    cell.trace = std::move(trace);
  } catch (const RunInterrupted&) {
    throw;
  } catch (const std::exception& e) {
    cell.status = CellStatus::kUnknown;
    cell.note = e.what();
    return cell;
  }
  cell.violated = ViolatedProperties(cell.verdicts);
  bool unknown = false;
  for (const auto& v : cell.verdicts) {
    if (v.value == VerdictValue::kUnknown && !unknown) {
      unknown = true;
      cell.note = v.property + ": " + v.note;
    }
  }
  cell.status = unknown ? CellStatus::kUnknown : cell.violated.empty() ? CellStatus::kPass : CellStatus::kFail;
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

  std::atomic<int> next{0};
  std::mutex mutex;
  int done = 0;
  bool interrupted = false;
  auto worker = [&] {
    for (int i; (i = next++) < total;) {
      // Scenario-major order: a row's cells finish close together.
      const Scenario& scenario = scenarios[static_cast<size_t>(i) / inits.size()];
      const CompareInit& init = inits[static_cast<size_t>(i) % inits.size()];
      MatrixCell cell;
      try {
        cell = RunCell(init, scenario, options);
      } catch (const RunInterrupted&) {
        std::lock_guard lock(mutex);
        interrupted = true;
        next = total;
        return;
      }
      std::lock_guard lock(mutex);
      matrix.cells[static_cast<size_t>(i)] = std::move(cell);
      ++done;
      if (options.on_progress) options.on_progress(done, total);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, options.jobs); ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (interrupted) throw RunInterrupted();

  for (const auto& cell : matrix.cells) {
    if (!cell.trace) continue;
    if (matrix.observer.empty()) matrix.observer = cell.trace->observer;
    if (matrix.observer != cell.trace->observer) matrix.observer = "mixed (see each cell)";
  }
  matrix.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return matrix;
}

}  // namespace initcheck
