// How long reading hostile input takes, beside nlohmann's own DOM parse of
// the same bytes measured in the same run:
//
//   bazel run -c opt //harness/codec:parse_bench
//
// BM_PlainParse/N    nlohmann::json::parse: the baseline, no checks.
// BM_ParseJson/N     the strict reader's parse (duplicate keys, NUL bytes):
//                    what every scenario, journal line and report goes through.
// BM_ParseScenario/N the whole scenario decoder on a document that is a
//                    scenario but for one unknown key holding N empty
//                    objects (the input that once took 31 s for 40,000).
// N is the number of empty objects; bytes_per_second gives the time per MB.
// The ratios to BM_PlainParse at each N are the figures to quote: they stay
// flat as N grows when the reader is linear.
#include <benchmark/benchmark.h>

#include <string>

#include <nlohmann/json.hpp>

#include "harness/codec/json_reader.h"
#include "harness/codec/scenario_json.h"

namespace initcheck {
namespace {

std::string ManyObjects(int64_t n) {
  std::string text = R"({"name": "big", "main": {}, "junk": [)";
  for (int64_t i = 0; i < n; ++i) text += i ? ", {}" : "{}";
  return text + "]}";
}

void BM_PlainParse(benchmark::State& state) {
  const std::string text = ManyObjects(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json::parse(text));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}

void BM_ParseJson(benchmark::State& state) {
  const std::string text = ManyObjects(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(ParseJson(text));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}

void BM_ParseScenario(benchmark::State& state) {
  const std::string text = ManyObjects(state.range(0));
  for (auto _ : state) {
    try {
      benchmark::DoNotOptimize(ParseScenario(text));
    } catch (const ScenarioError&) {
      // the unknown key, as expected: its discovery is what is timed
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}

// 40,000 objects is the issue's case; 250,000 is about 1 MB.
BENCHMARK(BM_PlainParse)->Arg(40000)->Arg(250000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseJson)->Arg(40000)->Arg(250000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseScenario)->Arg(40000)->Arg(250000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace initcheck

BENCHMARK_MAIN();
