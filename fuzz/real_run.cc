#include "fuzz/real_run.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "harness/runner/init_catalogue.h"
#include "harness/runner/signal_tracer.h"
#include "harness/runner/tool_paths.h"

namespace initcheck::fuzz {
namespace {

std::string Env(const char* name, const std::string& fallback = "") {
  const char* value = getenv(name);
  return value && *value ? value : fallback;
}

[[noreturn]] void Die(const char* target, const std::string& why) {
  fprintf(stderr, "%s: %s\n", target, why.c_str());
  exit(2);
}

}  // namespace

const RealRuns& RealRunsFromEnv(const char* target, const std::string& default_init) {
  static const RealRuns runs = [&] {
    RealRuns r;
    const InitSearch search = DefaultInitSearch();
    const std::string cmd = Env("INITCHECK_FUZZ_INIT_CMD");
    const std::string name = Env("INITCHECK_FUZZ_INIT", default_init);
    r.init_flag = cmd.empty() ? "--init " + name : "--init-cmd '" + cmd + "'";
    ResolvedInit resolved;
    try {
      resolved = cmd.empty() ? ResolveInit(name, search) : ResolveInitCommand(cmd, search);
    } catch (const std::exception& e) {
      Die(target, e.what());
    }
    if (!resolved.command) Die(target, "init skipped: " + resolved.skip_reason);
    r.init = *resolved.command;
    r.options.probe_path = FindTool("harness/probe/probe", "INITCHECK_PROBE");
    if (r.options.probe_path.empty()) Die(target, "the probe binary (//harness/probe) is not in the runfiles");
    // The connector or nothing: a fuzzer that silently fell back to ptrace
    // would judge with another observer than the one its findings claim.
    r.options.observer = ObserverChoice::kProcConnector;
    r.confirm_runs = std::atoi(Env("INITCHECK_FUZZ_CONFIRM", "3").c_str());
    if (r.confirm_runs < 1) Die(target, "INITCHECK_FUZZ_CONFIRM must be at least 1");
    r.fail_unjudged = Env("INITCHECK_FUZZ_UNJUDGED") == "fail";
    fprintf(stderr, "%s: %s, %d confirming reruns\n", target, r.init_flag.c_str(), r.confirm_runs);
    return r;
  }();
  return runs;
}

Judgement RunOnce(const RealRuns& runs, const Scenario& scenario) {
  return RunAndJudge(Run, runs.init, scenario, runs.options, {});
}

void AbortOnFinding() {
  RemoveTracefsInstancesOf(getpid());
  abort();
}

void SkipUnjudged(const char* target, const RealRuns& runs, const Judgement& j) {
  static int unjudged = 0;
  fprintf(stderr, "%s: run not judged (%d so far): %s\n", target, ++unjudged, j.error.c_str());
  if (runs.fail_unjudged) AbortOnFinding();
}

Confirmation Confirm(const RealRuns& runs, const Scenario& scenario,
                     const std::function<bool(const Judgement&)>& shows_finding) {
  return ConfirmByReruns([&] { return RunOnce(runs, scenario); }, runs.confirm_runs, runs.confirm_runs, shows_finding);
}

}  // namespace initcheck::fuzz
