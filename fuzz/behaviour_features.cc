#include "fuzz/behaviour_features.h"

#include <sys/wait.h>

#include <csignal>
#include <map>
#include <string>
#include <string_view>

#include "harness/model/process_outcome.h"
#include "harness/model/scenario.h"

namespace initcheck::fuzz {
namespace {

// FNV-1a over the feature's parts: stable across runs and builds, so a
// corpus kept on disk keeps meaning the same.
class FeatureHash {
 public:
  FeatureHash& Add(std::string_view text) {
    for (unsigned char c : text) Mix(c);
    Mix(0);
    return *this;
  }
  FeatureHash& Add(int64_t value) {
    for (int i = 0; i < 8; ++i) Mix(static_cast<uint8_t>(value >> (8 * i)));
    return *this;
  }
  uint64_t value() const { return hash_; }

 private:
  void Mix(uint8_t byte) { hash_ = (hash_ ^ byte) * 0x100000001b3ULL; }
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// A process's place in the scenario: what it is, not what it is called.
std::string PlaceOf(const Trace& trace, const ProcessRecord& record) {
  if (trace.IsInit(record) && !trace.init_is_main) return "pid1";
  if (record.role == ProcessRole::kIntermediate) return "intermediate";
  if (record.role != ProcessRole::kNode) return "unnamed";
  std::string place = trace.init_is_main ? "pid1=" : "";
  for (const NodeRef& node : Flatten(trace.scenario)) {
    if (node.spec->name != record.name) continue;
    const Disposition stop =
        node.spec->DispositionFor(trace.scenario.stop ? trace.scenario.stop->signal : SIGTERM);
    place += "d" + std::to_string(node.depth) + (node.spec->daemonize ? " daemon" : "") + " " +
             std::string(SessionModeId(node.spec->session)) + " stop:" + std::string(SignalActionId(stop.action)) +
             (node.spec->exit_after_ms ? " exits" : "");
  }
  return place;
}

enum class DeathPhase { kBeforeStop, kInGrace, kWithPid1, kAfterDeadline, kNever };

// The kernel reports the SIGKILLs of PID 1's exit before PID 1's own exit,
// all within a few ms: "with PID 1" is a death within kZapWindowNs of it.
constexpr int64_t kZapWindowNs = 5'000'000;

DeathPhase PhaseOf(const Trace& trace, const ProcessRecord& record) {
  if (!record.exit_ns) return DeathPhase::kNever;
  const ProcessRecord* pid1 = trace.Init();
  if (pid1 && pid1->exit_ns && !trace.IsInit(record) && *record.exit_ns > *pid1->exit_ns - kZapWindowNs) {
    return DeathPhase::kWithPid1;
  }
  if (trace.stop.deadline_ns && *record.exit_ns >= *trace.stop.deadline_ns) return DeathPhase::kAfterDeadline;
  if (trace.stop.stop_sent_ns && *record.exit_ns >= *trace.stop.stop_sent_ns) return DeathPhase::kInGrace;
  return DeathPhase::kBeforeStop;
}

int ExitCodeClass(int wait_status) {
  if (!WIFEXITED(wait_status)) return -1;
  const int code = WEXITSTATUS(wait_status);
  return code == 0 ? 0 : code > 128 ? 128 : 1;
}

}  // namespace

std::set<uint64_t> BehaviourFeatures(const Trace& trace, const std::vector<Verdict>& verdicts) {
  std::set<uint64_t> features;
  std::map<int, std::string> place_of_pid;
  for (const ProcessRecord& p : trace.processes) {
    const std::string place = PlaceOf(trace, p);
    place_of_pid[p.pid] = place;
    features.insert(FeatureHash().Add("outcome").Add(place).Add(OutcomeId(p.outcome)).value());
    features.insert(FeatureHash().Add("death").Add(place).Add(static_cast<int>(PhaseOf(trace, p))).value());
    if (trace.IsInit(p)) {
      features.insert(FeatureHash().Add("pid1").Add(OutcomeId(p.outcome)).Add(ExitCodeClass(p.wait_status)).value());
    }
  }

  // main's end among the nodes' ends.
  if (const ProcessRecord* main = trace.Find(trace.scenario.main.name); main && main->exit_ns) {
    int before = 0, after = 0;
    for (const ProcessRecord& p : trace.processes) {
      if (p.role != ProcessRole::kNode || &p == main || !p.exit_ns) continue;
      (*p.exit_ns < *main->exit_ns ? before : after)++;
    }
    const char* order = before == 0 && after == 0 ? "alone" : before == 0 ? "first" : after == 0 ? "last" : "between";
    features.insert(FeatureHash().Add("main order").Add(order).value());
  }

  for (const JournalEntry& e : trace.journal) {
    if (e.kind != JournalKind::kSignal && e.kind != JournalKind::kForwarded) continue;
    const ProcessRecord* record = trace.Find(e.node);
    const std::string place = record ? PlaceOf(trace, *record) : "unnamed";
    features.insert(FeatureHash()
                        .Add(e.kind == JournalKind::kSignal ? "received" : "forwarded")
                        .Add(place)
                        .Add(e.signo)
                        .value());
  }

  const ProcessRecord* pid1 = trace.Init();
  for (const GeneratedSignal& g : trace.generated) {
    auto sender = place_of_pid.find(g.sender_pid);
    auto target = place_of_pid.find(g.target_pid);
    const bool zap = g.signo == SIGKILL && pid1 && g.sender_pid == pid1->pid && pid1->exit_ns &&
                     g.t_ns > *pid1->exit_ns - kZapWindowNs;
    features.insert(FeatureHash()
                        .Add("generated")
                        .Add(zap ? "kernel at PID 1's exit" : sender != place_of_pid.end() ? sender->second : "other")
                        .Add(target != place_of_pid.end() ? target->second : "other")
                        .Add(g.signo)
                        .Add(g.result)
                        .value());
  }

  for (const Verdict& v : verdicts) {
    features.insert(FeatureHash().Add("verdict").Add(v.property).Add(static_cast<int>(v.value)).value());
  }
  return features;
}

}  // namespace initcheck::fuzz
