#include "properties/no_zombies.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>

#include "properties/death_context.h"
#include "properties/faults.h"
#include "properties/pid1_starvation.h"
#include "harness/model/time_format.h"

namespace initcheck {
namespace {

// The sighted process's record: by its index when the runner joined it
// (pids may be reused within a run), else by pid, else by name.
const ProcessRecord* FindSighted(const Trace& trace, const ZombieSighting& z) {
  if (z.process) return *z.process < trace.processes.size() ? &trace.processes[*z.process] : nullptr;
  for (const auto& p : trace.processes) {
    if (z.pid != 0 && p.pid == z.pid) return &p;
  }
  if (z.name.empty()) return nullptr;
  const ProcessRecord* p = trace.Find(z.name);
  return p != nullptr && (z.pid == 0 || p->pid == z.pid) ? p : nullptr;
}

const ProcessRecord* FindPid(const Trace& trace, int pid) {
  for (const auto& p : trace.processes) {
    if (p.pid == pid) return &p;
  }
  return nullptr;
}

// Since when the zombie was PID 1's to reap: the later of its exit and its
// parent's, unless PID 1 was its parent from the start (or the trace cannot
// say who its parent was).
int64_t Pid1sToReapSince(const Trace& trace, const ProcessRecord& zombie) {
  const ProcessRecord* parent = FindPid(trace, zombie.parent_pid);
  if (parent == nullptr || trace.IsInit(*parent) || !parent->exit_ns) return *zombie.exit_ns;
  return std::max(*zombie.exit_ns, *parent->exit_ns);
}

// The chain from the zombie's exit (and its orphaning) to the sighting. The
// reap was due kReapPromptMs after the later of the two (pid1s_since).
std::vector<ChainLink> Chain(const Trace& trace, const ProcessRecord& zombie, const ZombieSighting& z) {
  const std::string name = ProcessLabel(zombie);
  const int64_t exited = *zombie.exit_ns;
  const size_t id = trace.IndexOf(zombie);
  const ProcessRecord* parent = FindPid(trace, zombie.parent_pid);
  const int64_t pid1s_since = Pid1sToReapSince(trace, zombie);
  std::vector<ChainLink> chain;

  if (parent != nullptr && trace.IsInit(*parent)) {
    chain.push_back({exited, id, fmt::format("{} (a child of PID 1 from the start) exited at {}", name,
                                             FormatMs(exited))});
  } else if (parent != nullptr && parent->exit_ns && *parent->exit_ns <= exited) {
    chain.push_back({*parent->exit_ns, trace.IndexOf(*parent),
                     fmt::format("{}'s parent {} exited at {}, making {} a child of PID 1", name,
                                 ProcessLabel(*parent), FormatMs(*parent->exit_ns), name)});
    chain.push_back({exited, id, fmt::format("{} exited at {}", name, FormatMs(exited))});
  } else if (parent != nullptr && parent->exit_ns) {
    chain.push_back({exited, id, fmt::format("{} exited at {}", name, FormatMs(exited))});
    chain.push_back({*parent->exit_ns, trace.IndexOf(*parent),
                     fmt::format("its parent {} exited at {} without reaping it, handing the zombie to PID 1",
                                 ProcessLabel(*parent), FormatMs(*parent->exit_ns))});
  } else {
    // The sighting proves PID 1 was its parent by then; the trace cannot say since when.
    chain.push_back({exited, id,
                     fmt::format("{} exited at {} (its parent, pid {}, has no exit in the trace: when it "
                                 "became PID 1's child is unknown)",
                                 name, FormatMs(exited), zombie.parent_pid)});
  }
  chain.push_back({z.t_ns, id,
                   fmt::format("PID 1 had still not reaped it at {}, {} after it was PID 1's to reap "
                               "(due within {} ms)",
                               FormatMs(z.t_ns), FormatMs(z.t_ns - pid1s_since), kReapPromptMs)});
  return chain;
}

}  // namespace

Verdict CheckNoZombies(const Trace& trace) {
  if (auto unknown = UnknownIfFaulty(kNoZombiesId, trace)) return *unknown;
  Verdict verdict;
  verdict.property = std::string(kNoZombiesId);
  std::vector<std::string> starved;  // sightings the machine, not the init, decided
  for (const ZombieSighting& z : trace.zombies) {
    const ProcessRecord* zombie = FindSighted(trace, z);
    const std::string who = z.name.empty() ? fmt::format("pid {}", z.pid) : z.name;
    if (zombie == nullptr || !zombie->exit_ns) {
      return UnknownVerdict(kNoZombiesId,
                            fmt::format("{} was seen as a zombie of PID 1 at {} but the trace has "
                                        "no exit record of it: the trace contradicts itself",
                                        who, FormatMs(z.t_ns)));
    }
    const int64_t since = Pid1sToReapSince(trace, *zombie);
    if (auto why = Pid1Starved(trace, kNoZombiesId,
                               {since, z.t_ns,
                                fmt::format("to reap {}, its to reap since {}, before the runner looked at {}",
                                            ProcessLabel(*zombie), FormatMs(since), FormatMs(z.t_ns))},
                               kReapPromptMs, kReapStarvedMs)) {
      starved.push_back(std::move(*why));
      continue;
    }
    verdict.violations.push_back(
        MakeViolation(ProcessLabel(*zombie), trace.IndexOf(*zombie), z.t_ns, Chain(trace, *zombie, z)));
  }
  if (verdict.violations.empty() && !starved.empty()) {
    return UnknownVerdict(kNoZombiesId, fmt::format("{}", fmt::join(starved, "; ")));
  }
  if (!starved.empty()) {
    verdict.note = fmt::format("not counted: {}", fmt::join(starved, "; "));
  }
  std::stable_sort(verdict.violations.begin(), verdict.violations.end(),
            [](const Violation& a, const Violation& b) { return a.t_ns < b.t_ns; });
  verdict.value = verdict.violations.empty() ? VerdictValue::kHolds : VerdictValue::kViolated;
  return verdict;
}

}  // namespace initcheck
