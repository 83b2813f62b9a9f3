#include "harness/cli/command_check.h"

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "harness/cli/cli_common.h"
#include "harness/report/display_text.h"
#include "harness/report/run_report.h"
#include "harness/codec/scenario_json.h"
#include "properties/search/property_search.h"

namespace initcheck::cli {
namespace {

struct CheckFlags {
  InitChoice init;
  std::vector<std::string> properties;
  RunFlags run;
  int runs = 100;
  std::optional<uint64_t> seed;
  int jobs = kAutoJobs;
  std::string out = "initcheck-findings";
  StopSignals stop_signals = StopSignals::kConventional;
};

// One line, rewritten in place, when stderr is a terminal.
void ShowProgress(const SearchProgress& p) {
  double rate = p.elapsed_s > 0 ? p.executions / p.elapsed_s : 0;
  std::string line =
      p.phase == "search"
          ? fmt::format("search: {}/{} runs, {} failing, {:.1f} s, {:.1f} runs/s", p.runs_done, p.runs_total,
                        p.failures, p.elapsed_s, rate)
          : fmt::format("{}: {} shrink steps, {} runs in all, {:.1f} s", p.phase, p.shrink_steps, p.executions,
                        p.elapsed_s);
  std::cerr << "\r\033[K" << line << std::flush;
}

std::string WriteCounterexample(const CheckFlags& flags, const InitCommand& init, Finding& finding) {
  std::string property = finding.violated.empty() ? "flaky" : finding.violated.front();
  // The name must stay a valid scenario name (kMaxScenarioNameChars) however
  // long the --init-cmd line was.
  const std::string safe_init = SafeFileName(init.name, 48);
  finding.minimal.name = fmt::format("{}-{}-seed{}", safe_init, property, *flags.seed);
  finding.minimal.description = fmt::format(
      "Found by `initcheck check` against {} with --seed {} (run {}), shrunk in {} steps; {} in {} of {} reruns.",
      init.name, *flags.seed, finding.run_index, finding.shrink_steps,
      finding.unconfirmed() ? "unconfirmed: violated " + property
      : finding.flaky()     ? "flaky: violated " + property
                            : "violates " + property,
      finding.confirmed, finding.judged_reruns);
  std::filesystem::create_directories(flags.out);
  std::string path = fmt::format("{}/{}{}.json", flags.out,
                                 finding.unconfirmed() ? "unconfirmed-" : finding.flaky() ? "flaky-" : "",
                                 finding.minimal.name);
  WriteTextFile(path, ScenarioToJsonText(finding.minimal));
  return std::filesystem::absolute(path).string();
}

// The scenarios of search runs that could not be judged, each written as
// OUT/unjudged-<name>.json so that the user can replay it with `run` and see
// why; at most kMaxUnjudgedFiles, since a loaded machine can make most runs
// of a long search unknown. Returns what to tell the user, or "".
constexpr size_t kMaxUnjudgedFiles = 20;

std::string WriteUnjudged(const CheckFlags& flags, const std::vector<Scenario>& scenarios) {
  if (scenarios.empty()) return "";
  std::filesystem::create_directories(flags.out);
  const size_t n = std::min(scenarios.size(), kMaxUnjudgedFiles);
  std::string first;
  for (size_t i = 0; i < n; ++i) {
    const std::string path = fmt::format("{}/unjudged-{}.json", flags.out, scenarios[i].name);
    WriteTextFile(path, ScenarioToJsonText(scenarios[i]));
    if (i == 0) first = std::filesystem::absolute(path).string();
  }
  return fmt::format("initcheck: the unjudged scenarios are in {}/unjudged-*.json{}; replay: {}\n",
                     std::filesystem::absolute(flags.out).string(),
                     n < scenarios.size() ? fmt::format(" (the first {} of {})", n, scenarios.size()) : "",
                     ReplayCommand(flags.init, first));
}

// What the search run that failed showed, for a finding that did not
// confirm: its violations, one line each, and its whole report next to the
// scenario ("<scenario>.run.json") for a closer look.
std::string FirstFailure(const Finding& finding, const std::string& scenario_path) {
  const Judgement& first = finding.first_failure;
  std::string out;
  for (const auto& verdict : first.verdicts) {
    for (const auto& v : verdict.violations) {
      out += fmt::format("  {}: {}\n", verdict.property, EscapeTerminal(v.explanation));
    }
  }
  if (first.trace) {
    std::string report = scenario_path.substr(0, scenario_path.size() - 5) + ".run.json";
    WriteTextFile(report, RunReportJson(*first.trace, first.verdicts).dump(2) + "\n");
    out += "  its run: " + report + "\n";
  }
  return out;
}

int Check(CheckFlags& flags) {
  CheckPropertyIds(flags.properties);
  if (!flags.seed) flags.seed = std::random_device{}() | (uint64_t{std::random_device{}()} << 32);
  SearchOptions options;
  options.init = ResolveInitOrThrow(flags.init);
  options.run = MakeRunOptions(flags.run);
  options.runs = flags.runs;
  options.seed = *flags.seed;
  options.properties = flags.properties;
  options.jobs = flags.jobs;
  options.gen.stop_signals = flags.stop_signals;
  bool terminal = isatty(STDERR_FILENO);
  if (terminal) options.on_progress = ShowProgress;

  std::cout << fmt::format("checking {} with {} generated scenarios, seed {}, jobs {}\n", options.init.name,
                           flags.runs, *flags.seed, DescribeJobs(flags.jobs));
  SearchResult result = Search(options);
  if (terminal) std::cerr << "\r\033[K";
  std::cout << fmt::format("{} scenarios run ({} runs in all, at most {} at once) in {:.1f} s\n", result.runs_done,
                           result.executions, result.widest_jobs, result.elapsed_s);
  for (size_t i = 0; i < result.harness_errors.size() && i < 5; ++i) {
    std::cerr << OneLine("initcheck: harness error: " + result.harness_errors[i]) << "\n";
  }

  std::cerr << WriteUnjudged(flags, result.unjudged_scenarios);
  if (!result.finding) {
    if (!result.harness_errors.empty()) {
      std::cerr << fmt::format("initcheck: {} runs could not be judged; no verdict\n", result.harness_errors.size());
      return kExitUnjudged;
    }
    std::cout << fmt::format("no violation in {} scenarios (seed {})\n", result.runs_done, *flags.seed);
    return kExitHolds;
  }
  Finding& finding = *result.finding;
  std::string path = WriteCounterexample(flags, options.init, finding);
  if (finding.unconfirmed()) {
    std::cout << fmt::format(
        "unconfirmed: run {} violated {}, but only {} of {} reruns of its smallest form could be "
        "judged ({} could not: harness errors or a slipped schedule), so there is no verdict.\n{}scenario: {}\n",
        finding.run_index, fmt::join(finding.first_failure.violated, ", "), finding.judged_reruns,
        finding.confirm_runs, finding.unjudged_reruns, FirstFailure(finding, path), path);
    return kExitUnjudged;
  }
  if (finding.flaky()) {
    std::cout << fmt::format(
        "flaky: run {} violated {}, but its smallest form failed only {} of {} reruns: its verdict "
        "depends on a race, so it is no finding.\n{}scenario: {}\n",
        finding.run_index, fmt::join(finding.first_failure.violated, ", "), finding.confirmed,
        finding.confirm_runs, FirstFailure(finding, path), path);
    return kExitUnjudged;
  }
  int processes = static_cast<int>(Flatten(finding.minimal).size());
  std::cout << fmt::format("violated: {} (run {}, shrunk in {} steps to {} processes, failed {} of {} reruns)\n",
                           fmt::join(finding.violated, ", "), finding.run_index, finding.shrink_steps, processes,
                           finding.confirmed, finding.confirm_runs);
  for (const auto& verdict : finding.verdicts) {
    for (const auto& v : verdict.violations) {
      std::cout << fmt::format("  {}: {}\n", verdict.property, EscapeTerminal(v.explanation));
    }
  }
  std::cout << fmt::format("counterexample: {}\nreplay: {}\n", path, ReplayCommand(flags.init, path));
  return kExitViolated;
}

}  // namespace

std::function<int()> AddCheckCommand(CLI::App& app) {
  auto flags = std::make_shared<CheckFlags>();
  CLI::App* command = app.add_subcommand(
      "check",
      "search generated scenarios for one that violates a property; shrink it, confirm it by rerunning, "
      "and write it as a scenario file");
  AddInitOption(*command, flags->init);
  AddPropertyOption(*command, flags->properties);
  AddRunOptions(*command, flags->run);
  command->add_option("--runs", flags->runs, "how many generated scenarios to try")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  command->add_option("--seed", flags->seed,
                      "random seed; the same seed gives the same scenarios and the same counterexample "
                      "(default: a fresh one, printed)");
  AddJobsOption(*command, flags->jobs, "scenarios");
  command
      ->add_option("--stop-signals", flags->stop_signals,
                   "stop signals the generated runtimes use: conventional (SIGTERM, SIGINT, SIGQUIT: what "
                   "inits treat as a stop), sigterm, or any (also SIGHUP, SIGUSR1/2, SIGWINCH as STOPSIGNAL)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, StopSignals>{
          {"conventional", StopSignals::kConventional},
          {"sigterm", StopSignals::kSigtermOnly},
          {"any", StopSignals::kAny}}))
      ->option_text("conventional|sigterm|any (default: conventional)");
  command
      ->add_option("--out", flags->out,
                   "directory the counterexample is written to, and the scenarios of the runs that could not be "
                   "judged (unjudged-NAME.json, to replay with run)")
      ->capture_default_str();
  return [command, flags] { return *command ? Check(*flags) : -1; };
}

}  // namespace initcheck::cli
