// The probe workload: one process of a scenario's tree. The init under test
// runs `probe --run-dir DIR --node main`; each probe forks its own children
// (which play their nodes without an exec: real_probe_effects.h), sets the
// dispositions its node asks for, journals what it sees, and acts on signals
// exactly as the scenario says. It never decides a
// verdict: the kernel's exit records do that.
//
// Like a real program, a probe leaves alone what its node does not mention:
// a SIG_IGN or a blocked signal that the init leaked across exec stays in
// force, so the init's mistakes show in the workload's behaviour.
//
// This file only wires things: the decisions are ProbeCore's (probe_core.h),
// the system calls RealProbeEffects' (real_probe_effects.h).

#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#include "harness/codec/scenario_json.h"
#include "harness/model/scenario.h"
#include "harness/os/run_dir.h"
#include "harness/probe/probe_core.h"
#include "harness/probe/probe_exit_status.h"
#include "harness/probe/real_probe_effects.h"

namespace initcheck {
namespace {

// Plays `node` in this process: the whole life of the probe the init runs,
// and of each child it forks (real_probe_effects.h), which ends in _exit with
// what this returns.
int PlayNode(const RunDirLayout& layout, const ProcessSpec& node) {
  try {
    RealProbeEffects effects(layout, node.name, [&layout](const ProcessSpec& child) {
      const int code = PlayNode(layout, child);
      std::fflush(nullptr);
      _exit(code);
    });
    ProbeCore(node, effects).Run();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "probe %s: %s\n", node.name.c_str(), e.what());
    return kProbeFailure;
  }
}

}  // namespace
}  // namespace initcheck

int main(int argc, char** argv) {
  using namespace initcheck;
  std::string run_dir, node_name;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--run-dir") run_dir = argv[i + 1];
    else if (flag == "--node") node_name = argv[i + 1];
  }
  if (run_dir.empty() || node_name.empty()) {
    std::fprintf(stderr,
                 "usage: probe --run-dir DIR --node NAME\n"
                 "The probe workload of initcheck; the harness starts it, not a person.\n");
    return 2;
  }
  RunDirLayout layout{run_dir};
  Scenario scenario;
  const ProcessSpec* node = nullptr;
  try {
    scenario = LoadScenarioFile(layout.Scenario());
    node = FindNode(scenario, node_name);
    if (!node) throw std::runtime_error("no node named " + node_name + " in " + layout.Scenario());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "probe %s: %s\n", node_name.c_str(), e.what());
    return kProbeFailure;
  }
  return PlayNode(layout, *node);
}
