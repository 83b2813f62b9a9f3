#include "properties/search/property_search.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>

#include <fmt/core.h>
#include <rapidcheck.h>

#include "properties/gen/scenario_gen.h"
#include "properties/search/run_width.h"
#include "properties/search/worker_pool.h"

namespace initcheck {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// RapidCheck's size grows with the run index: small scenarios first.
int SizeFor(int index) { return std::min(index, 100); }

rc::Shrinkable<Scenario> Draw(uint64_t seed, int index, const ScenarioGenOptions& gen) {
  return GenScenario(gen)(rc::Random(ScenarioKey(seed, index)), SizeFor(index));
}

Scenario NameGenerated(Scenario s, uint64_t seed, int index) {
  s.name = fmt::format("generated-seed{}-run{}", seed, index);
  return s;
}

class Searcher {
 public:
  explicit Searcher(const SearchOptions& options)
      : options_(options),
        width_(RunWidth::ForJobs(options.jobs)),
        start_(Clock::now()) {
    progress_.runs_total = options.runs;
  }

  SearchResult Execute() {
    SearchResult result;
    std::optional<int> failed_index = SearchPhase(result);
    result.runs_done = progress_.runs_done;
    if (failed_index) result.finding = ShrinkAndConfirm(*failed_index, result);
    result.executions = progress_.executions;
    result.elapsed_s = Elapsed();
    result.widest_jobs = width_.Widest();
    return result;
  }

 private:
  rc::Shrinkable<Scenario> Generate(int index) const { return Draw(options_.seed, index, options_.gen); }

  // A run that cannot be judged (a slipped schedule on a busy machine, a
  // fault) is run again, up to kUnjudgedReplacements times, before it counts
  // as a harness error: skipping it would let the search find a later
  // scenario, or the shrink take another path, only because the machine was
  // busy (a cold CI, compiling beside it, gave two jobs another
  // counterexample than one). Judged runs are never rerun.

  Judgement Judge(const Scenario& scenario) {
    Judgement j;
    for (int attempt = 0; attempt <= kUnjudgedReplacements; ++attempt) {
      j = RunAndJudge(options_.runner, options_.init, scenario, options_.run, options_.properties);
      width_.OnRunEnded(j.worst_late_ns);
      {
        std::lock_guard lock(mutex_);
        ++progress_.executions;
      }
      if (j.Trustworthy()) return j;
    }
    j.error = fmt::format("{}: {}", scenario.name, j.error);
    return j;
  }

  // Judges every scenario make(i) for i in [0, n), options_.jobs at a time;
  // stops picking up past the first index for which stop(i, judgement) is
  // true. Returns the judgements (empty where never run).
  std::vector<std::optional<Judgement>> RunAll(int n, const std::function<Scenario(int)>& make,
                                               const std::function<bool(int, const Judgement&)>& stop,
                                               const std::string& phase) {
    std::vector<std::optional<Judgement>> out(static_cast<size_t>(n));
    {
      std::lock_guard lock(mutex_);
      progress_.phase = phase;
    }
    auto item = [&](int i) {
      Judgement j = Judge(make(i));
      bool halt = stop(i, j);
      std::lock_guard lock(mutex_);
      out[static_cast<size_t>(i)] = std::move(j);
      if (phase == "search") {
        ++progress_.runs_done;
        if (halt) ++progress_.failures;
      }
      return !halt;
    };
    ForEachIndex(n, width_, item, {[this] { Report(); }});
    return out;
  }

  void Report() {
    if (!options_.on_progress) return;
    std::lock_guard lock(mutex_);
    progress_.elapsed_s = Elapsed();
    options_.on_progress(progress_);
  }

  std::optional<int> SearchPhase(SearchResult& result) {
    auto runs = RunAll(
        options_.runs, [this](int i) { return Named(Generate(i).value(), i); },
        [](int, const Judgement& j) { return j.error.empty() && !j.violated.empty(); }, "search");
    for (int i = 0; i < options_.runs; ++i) {
      const auto& j = runs[static_cast<size_t>(i)];
      if (!j) break;
      if (!j->error.empty()) {
        result.harness_errors.push_back(j->error);
        result.unjudged_scenarios.push_back(Named(Generate(i).value(), i));
      }
      if (j->error.empty() && !j->violated.empty()) {
        target_ = j->violated.front();
        first_failure_ = std::move(*runs[static_cast<size_t>(i)]);
        return i;
      }
    }
    return std::nullopt;
  }

  Scenario Named(Scenario s, int index) const { return NameGenerated(std::move(s), options_.seed, index); }

  bool Violates(const Judgement& j) const {
    return j.error.empty() && std::find(j.violated.begin(), j.violated.end(), target_) != j.violated.end();
  }

  // Greedy descent through the generator's shrinks: the first candidate (in
  // the generator's order) that still violates the target property is kept.
  // Candidates are judged J at a time; the first failing one in order wins,
  // exactly as if they had been judged one by one.
  std::vector<Scenario> Shrink(rc::Shrinkable<Scenario> current, int index) {
    std::vector<Scenario> path = {Named(current.value(), index)};
    int budget = options_.max_shrink_runs;
    while (budget > 0) {
      std::vector<rc::Shrinkable<Scenario>> candidates;
      auto seq = current.shrinks();
      while (auto next = seq.next()) candidates.push_back(std::move(*next));
      std::optional<size_t> accepted;
      for (size_t begin = 0; begin < candidates.size() && !accepted && budget > 0;) {
        int chunk = std::min<int>({width_.Allowed(), budget, static_cast<int>(candidates.size() - begin)});
        auto judged = RunAll(
            chunk, [&](int k) { return Named(candidates[begin + static_cast<size_t>(k)].value(), index); },
            [this](int, const Judgement& j) { return Violates(j); }, "shrink");
        for (int k = 0; k < chunk; ++k) {
          if (judged[static_cast<size_t>(k)] && Violates(*judged[static_cast<size_t>(k)])) {
            accepted = begin + static_cast<size_t>(k);
            break;
          }
        }
        // The budget counts the runs one-by-one judging would have made, so
        // that the width changes how fast the shrink goes, not where it ends.
        budget -= accepted ? static_cast<int>(*accepted - begin) + 1 : chunk;
        begin += static_cast<size_t>(chunk);
      }
      if (!accepted) break;
      current = std::move(candidates[*accepted]);
      path.push_back(Named(current.value(), index));
      std::lock_guard lock(mutex_);
      ++progress_.shrink_steps;
    }
    return path;
  }

  // Reruns the most shrunk scenario; if it does not fail reliably (its
  // verdict hinged on a race), falls back along the shrink path to the last
  // scenario that does. A scenario that never confirms is reported flaky.
  Finding ShrinkAndConfirm(int index, SearchResult& result) {
    rc::Shrinkable<Scenario> original = Generate(index);
    std::vector<Scenario> path = Shrink(original, index);
    Finding finding;
    finding.run_index = index;
    finding.original = Named(original.value(), index);
    finding.first_failure = std::move(first_failure_);
    finding.confirm_runs = options_.confirm_runs;
    finding.confirm_needed = options_.confirm_needed;
    for (size_t step = path.size(); step-- > 0;) {
      const Scenario& candidate = path[step];
      // A rerun that cannot be judged (a harness error, a slipped schedule)
      // is neither a failure nor a pass: it is replaced, up to as many
      // replacements as reruns, so a loaded machine cannot turn a finding
      // into "flaky" nor a race into a finding.
      int failures = 0, trusted = 0, untrusted = 0;
      std::optional<Judgement> witness;
      while (trusted < options_.confirm_runs && untrusted < options_.confirm_runs) {
        auto judged = RunAll(
            options_.confirm_runs - trusted, [&](int) { return candidate; },
            [](int, const Judgement&) { return false; }, "confirm");
        for (auto& j : judged) {
          if (!j) continue;
          if (!j->Trustworthy()) {
            result.harness_errors.push_back(j->error);
            ++untrusted;
            continue;
          }
          ++trusted;
          if (Violates(*j)) {
            ++failures;
            if (!witness) witness = std::move(*j);
          }
        }
      }
      // Keep the most shrunk attempt's figures if nothing confirms.
      if (step + 1 == path.size() || failures >= options_.confirm_needed) {
        finding.minimal = candidate;
        finding.shrink_steps = static_cast<int>(step);
        finding.confirmed = failures;
        finding.judged_reruns = trusted;
        finding.unjudged_reruns = untrusted;
        if (witness) {
          finding.trace = std::move(*witness->trace);
          finding.verdicts = std::move(witness->verdicts);
          finding.violated = std::move(witness->violated);
        }
      }
      if (failures >= options_.confirm_needed) break;
    }
    return finding;
  }

  double Elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  const SearchOptions& options_;
  RunWidth width_;
  Clock::time_point start_;
  std::mutex mutex_;
  SearchProgress progress_;
  std::string target_;  // the property the shrinking keeps violated
  Judgement first_failure_;  // the search run that found it
};

}  // namespace

uint64_t ScenarioKey(uint64_t seed, int index) {
  return SplitMix64(SplitMix64(seed) ^ static_cast<uint64_t>(index));
}

Scenario GeneratedScenario(uint64_t seed, int index, const ScenarioGenOptions& gen) {
  return NameGenerated(Draw(seed, index, gen).value(), seed, index);
}

SearchResult Search(const SearchOptions& options) { return Searcher(options).Execute(); }

}  // namespace initcheck
