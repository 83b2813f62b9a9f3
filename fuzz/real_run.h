// What the fuzz targets that run real inits share: the init they run, from
// the environment, the run options (the probe from the runfiles, the proc
// connector or nothing), and confirmation by reruns. A fuzzer's finding
// must hold on the real kernel more than once: a verdict that hinged on one
// run's scheduling is no finding.
//
//   INITCHECK_FUZZ_INIT      a catalogue name (default: the target's)
//   INITCHECK_FUZZ_INIT_CMD  or a command line, as --init-cmd takes it
//   INITCHECK_FUZZ_CONFIRM   judged reruns a finding needs (default 3)
//   INITCHECK_FUZZ_UNJUDGED  "fail": a run that cannot be judged aborts (the
//                            regression tests); otherwise it is skipped
#pragma once

#include <functional>
#include <string>

#include "harness/model/scenario.h"
#include "harness/runner/runner.h"
#include "properties/search/judge.h"

namespace initcheck::fuzz {

struct RealRuns {
  InitCommand init;
  std::string init_flag;  // how to name it to initcheck: "--init tini", "--init-cmd '...'"
  RunOptions options;
  int confirm_runs = 3;
  bool fail_unjudged = false;
};

// Read once from the environment; a bad setting exits 2 with a message
// prefixed by target.
const RealRuns& RealRunsFromEnv(const char* target, const std::string& default_init);

// One run, judged by every property.
Judgement RunOnce(const RealRuns& runs, const Scenario& scenario);

// Ends the fuzzer on a finding, as libFuzzer expects (abort), first
// removing this process's tracefs instances: abort runs no destructors, so
// the runner's pool (signal_tracer.h) cannot, and a finding is where a user
// stops fuzzing. (A later initcheck would sweep them, but none may come.)
[[noreturn]] void AbortOnFinding();

// A run that cannot be judged: says so on stderr, counted, and aborts when
// runs.fail_unjudged.
void SkipUnjudged(const char* target, const RealRuns& runs, const Judgement& j);

// Reruns scenario until runs.confirm_runs reruns are judged (as many again
// may not be): ConfirmByReruns (properties/search/judge.h).
Confirmation Confirm(const RealRuns& runs, const Scenario& scenario,
                     const std::function<bool(const Judgement&)>& shows_finding);

}  // namespace initcheck::fuzz
