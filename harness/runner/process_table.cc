#include "harness/runner/process_table.h"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>

#include <fmt/core.h>

#include "harness/model/signal_names.h"
#include "harness/model/wait_status.h"

namespace initcheck {

ProcessTable::ProcessTable(const Scenario& scenario, ProcStatReader read_stat)
    : every_node_starts_(scenario.start == StartMode::kReady && !scenario.early_exit), read_stat_(std::move(read_stat)) {
  for (const auto& ref : Flatten(scenario)) {
    node_names_.insert(ref.spec->name);
    if (ref.spec->daemonize) daemon_names_.insert(ref.spec->name);
  }
}

void ProcessTable::Track(pid_t pid, std::optional<size_t> parent, std::optional<MonotonicNs> fork_at,
                         ProcessRole role, std::string name) {
  Tracked t;
  t.record.pid = pid;
  t.record.parent_pid = parent ? tracked_[*parent].record.pid : 0;
  t.record.role = role;
  t.record.name = std::move(name);
  t.parent = parent;
  t.fork_at = fork_at;
  live_[pid] = tracked_.size();
  tracked_.push_back(std::move(t));
}

void ProcessTable::AddInit(pid_t pid) {
  Track(pid, std::nullopt, std::nullopt, ProcessRole::kInit, std::string(kInitName));
}

void ProcessTable::OnProcEvent(const ProcEvent& e) {
  // Threads are not processes: only thread group leaders are tracked.
  if (e.pid != e.tid) return;
  if (e.kind == ProcEvent::Kind::kFork) {
    auto parent = live_.find(e.parent);
    if (parent != live_.end() && !live_.count(e.pid)) {
      Track(e.pid, parent->second, e.at, ProcessRole::kUnknown, "");
    }
  } else if (e.kind == ProcEvent::Kind::kExit) {
    auto it = live_.find(e.pid);
    if (it == live_.end()) return;
    Tracked& t = tracked_[it->second];
    t.exit_at = e.at;
    t.record.wait_status = e.wait_status;
    live_.erase(it);
    // It, or its children if it leaves zombies behind, should be reaped by
    // then: the next look for zombies of PID 1.
    zombie_looks_.push_back(e.at.PlusMs(kReapPromptMs));
  }
}

bool ProcessTable::AnyWorkloadRunning() const {
  for (const auto& [pid, index] : live_) {
    for (std::optional<size_t> i = index; i; i = tracked_[*i].parent) {
      if (tracked_[*i].record.role == ProcessRole::kNode) return true;
    }
  }
  return false;
}

std::optional<pid_t> ProcessTable::LivePid(const std::string& node) const {
  for (const auto& [pid, index] : live_) {
    const ProcessRecord& r = tracked_[index].record;
    if (r.role == ProcessRole::kNode && r.name == node) return pid;
  }
  return std::nullopt;
}

ProcessTable::Tracked* ProcessTable::Latest(pid_t pid) {
  for (auto it = tracked_.rbegin(); it != tracked_.rend(); ++it) {
    if (it->record.pid == pid) return &*it;
  }
  return nullptr;
}

void ProcessTable::OnJournal(pid_t sender_pid, JournalEntry entry) {
  if (!node_names_.count(entry.node)) {
    faults_.push_back(fmt::format("journal line from pid {} names unknown node {}", sender_pid, entry.node));
    return;
  }
  // A sender is alive when it sends: the latest process with its pid.
  Tracked* sender = Latest(sender_pid);
  if (!sender) {
    faults_.push_back(fmt::format("journal line for {} from pid {}, which is not in the run's namespace",
                                  entry.node, sender_pid));
    return;
  }
  switch (entry.kind) {
    case JournalKind::kStart:
      // PID 1 journaling a start has exec'd the workload: it is main.
      if (sender == &tracked_.front()) init_is_main_ = true;
      sender->record.name = entry.node;
      sender->record.role = ProcessRole::kNode;
      break;
    case JournalKind::kReady: ready_.insert(entry.node); break;
    case JournalKind::kDetached: detached_.insert(entry.node); break;
    case JournalKind::kExiting:
      sender->journaled_exit = true;
      sender->journaled_code = entry.code;
      sender->journaled_signal = entry.signo;
      break;
    default: break;
  }
  journal_.push_back(std::move(entry));
}

void ProcessTable::AddFault(std::string fault) { faults_.push_back(std::move(fault)); }

bool ProcessTable::AllReady() const {
  return ready_.size() == node_names_.size() && detached_.size() == daemon_names_.size();
}

std::vector<std::string> ProcessTable::NotReady() const {
  std::vector<std::string> missing;
  for (const auto& n : node_names_) {
    if (!ready_.count(n)) missing.push_back(n);
  }
  return missing;
}

std::optional<MonotonicNs> ProcessTable::NextZombieLook() const {
  if (zombie_looks_.empty()) return std::nullopt;
  return *std::min_element(zombie_looks_.begin(), zombie_looks_.end());
}

// When an exited process became PID 1's to reap: its exit, or its parent's
// exit if the parent was a probe that had not reaped it.
MonotonicNs ProcessTable::Pid1sToReapSince(const Tracked& t) const {
  MonotonicNs since = *t.exit_at;
  if (t.parent && *t.parent != 0) {  // a parent other than PID 1 (index 0)
    const Tracked& parent = tracked_[*t.parent];
    if (parent.exit_at) since = std::max(since, *parent.exit_at);
  }
  return since;
}

// Zombies of a probe with reap: false are that probe's business until it
// dies; only PID 1's are sighted.
void ProcessTable::LookForZombies(MonotonicNs now, bool pid1_reaped) {
  size_t before = zombie_looks_.size();
  std::erase_if(zombie_looks_, [now](MonotonicNs t) { return t <= now; });
  if (zombie_looks_.size() == before || pid1_reaped) return;
  const pid_t pid1 = tracked_.front().record.pid;
  // PID 1 first: a zombie seen after PID 1 began to exit is the kernel's to
  // reap, one seen before stays PID 1's even if it exits a moment later.
  std::optional<ProcStat> pid1_stat = read_stat_(pid1);
  if (!pid1_stat || (pid1_stat->flags & kPfExiting)) return;
  for (size_t i = 0; i < tracked_.size(); ++i) {
    Tracked& t = tracked_[i];
    if (!t.exit_at || t.reap_settled || i == 0) continue;  // PID 1 is no zombie of its own
    if (Pid1sToReapSince(t).PlusMs(kReapPromptMs) > now) continue;  // PID 1 still has time
    std::optional<ProcStat> stat = read_stat_(t.record.pid);
    if (!stat) {
      t.reap_settled = true;
    } else if (stat->state == 'Z' && stat->parent == pid1) {
      t.reap_settled = true;
      sightings_.push_back({i, now});
    }
  }
}

void ProcessTable::LookForStopped(MonotonicNs now) {
  for (const auto& [pid, index] : live_) {
    if (index == 0) continue;  // PID 1: the runtime's SIGKILL is for it
    std::optional<ProcStat> stat = read_stat_(pid);
    if (stat && stat->state == 'T') stopped_.push_back({index, now});
  }
}

// A middle process of a daemonizing double fork is unjournaled and the
// parent of a node that daemonizes; returns that node's name.
std::optional<std::string> ProcessTable::DaemonChildOf(size_t index) const {
  for (const auto& other : tracked_) {
    if (other.parent == index && daemon_names_.count(other.record.name)) return other.record.name;
  }
  return std::nullopt;
}

void ProcessTable::NameUnjournaled(size_t index) {
  ProcessRecord& r = tracked_[index].record;
  if (r.role != ProcessRole::kUnknown) return;
  if (auto daemon = DaemonChildOf(index)) {
    r.role = ProcessRole::kIntermediate;
    r.name = *daemon + " (intermediate)";
  } else {
    r.name = fmt::format("pid {}", r.pid);
  }
}

// The journal and the kernel must tell the same story; when they do not,
// the harness cannot be trusted and says so.
void ProcessTable::CrossCheck(const Tracked& t, std::vector<std::string>& faults) const {
  const ProcessRecord& r = t.record;
  if (r.role != ProcessRole::kNode) return;
  int status = r.wait_status;
  if (t.journaled_exit && t.journaled_signal != 0) {
    if (!(WIFSIGNALED(status) && WTERMSIG(status) == t.journaled_signal) && !KilledBySigkill(status)) {
      faults.push_back(fmt::format("{} journaled dealing itself {} but the kernel reports it {}", r.name,
                                   SignalName(t.journaled_signal), DescribeExit(status)));
    }
  } else if (t.journaled_exit) {
    bool same = WIFEXITED(status) && WEXITSTATUS(status) == t.journaled_code;
    // SIGKILL may overtake a journaled exit; nothing else may (the probe
    // blocks every signal before journaling it).
    if (!same && !KilledBySigkill(status)) {
      faults.push_back(fmt::format("{} journaled exit code {} but the kernel reports it {}", r.name,
                                   t.journaled_code, DescribeExit(status)));
    }
  } else if (WIFEXITED(status)) {
    faults.push_back(fmt::format("the kernel reports {} {} but its journal never said it was exiting",
                                 r.name, DescribeExit(status)));
  }
}

namespace {

// reboot(2) by PID 1 of a PID namespace (busybox init's shutdown ends so)
// ends the namespace instead of the machine: the kernel SIGKILLs PID 1,
// which the connector reports, and tells its parent it died of SIGHUP
// (restart) or SIGINT (halt, power off) (kernel/pid_namespace.c,
// reboot_pid_ns). Not a disagreement between observers.
bool RebootOfTheNamespace(int connector_status, int waitid_status) {
  return WIFSIGNALED(connector_status) && WTERMSIG(connector_status) == SIGKILL && WIFSIGNALED(waitid_status) &&
         (WTERMSIG(waitid_status) == SIGHUP || WTERMSIG(waitid_status) == SIGINT);
}

}  // namespace

void ProcessTable::AssembleInto(const Ending& ending, Trace& trace) {
  trace.faults = std::move(faults_);
  trace.init_is_main = init_is_main_;

  // PID 1's status from waitid is authoritative; the observer's record of it
  // is checked against it.
  Tracked& init = tracked_.front();
  if (!init.exit_at) {
    init.exit_at = ending.now;
    trace.faults.push_back("the connector never reported PID 1's exit");
  } else if (init.record.wait_status != ending.pid1_status && !RebootOfTheNamespace(init.record.wait_status,
                                                                                   ending.pid1_status)) {
    trace.faults.push_back(fmt::format("PID 1's status from waitid ({}) and from the connector ({}) differ",
                                       ending.pid1_status, init.record.wait_status));
  }
  init.record.wait_status = ending.pid1_status;

  std::set<std::string> seen;
  for (size_t i = 0; i < tracked_.size(); ++i) {
    Tracked& t = tracked_[i];
    ProcessRecord& r = t.record;
    if (r.role == ProcessRole::kNode) seen.insert(r.name);
    NameUnjournaled(i);
    if (t.fork_at) r.fork_ns = t.fork_at->SinceNs(ending.t0);
    if (!t.exit_at) {
      // PID 1 was reaped, so the kernel ended this process; the observer missed it.
      trace.faults.push_back(fmt::format("no exit record for {} (pid {})", r.name, r.pid));
      r.outcome = Outcome::kStillRunning;
      continue;
    }
    r.exit_ns = t.exit_at->SinceNs(ending.t0);
    r.outcome = ClassifyExit(r.wait_status, *r.exit_ns, ending.stop);
    // The scenario's own SIGKILL: the process dealt it itself. One from the
    // init landing in the microseconds between the journal line and the
    // raise would have changed nothing.
    if (t.journaled_signal == SIGKILL && KilledBySigkill(r.wait_status)) r.outcome = Outcome::kSignaled;
    // The scenario's own SIGKILL too: a `signals` entry aimed at it (the
    // OOM killer), sent before it died.
    if (r.role == ProcessRole::kNode && KilledBySigkill(r.wait_status) &&
        std::any_of(trace.sent.begin(), trace.sent.end(), [&](const SentSignal& s) {
          return s.to == r.name && s.signo == SIGKILL && s.t_ns <= *r.exit_ns;
        })) {
      r.outcome = Outcome::kSignaled;
    }
    // The give-up SIGKILL is the harness's, not the runtime's: what it killed
    // was still running.
    if (ending.gave_up && KilledBySigkill(r.wait_status)) r.outcome = Outcome::kStillRunning;
    CrossCheck(t, trace.faults);
  }
  if (every_node_starts_) {
    for (const auto& n : node_names_) {
      if (!seen.count(n)) trace.faults.push_back(fmt::format("{} never journaled its start", n));
    }
  }
  for (auto& e : journal_) e.t_ns -= ending.t0.ns;
  trace.journal = std::move(journal_);
  auto assemble = [&](const std::vector<std::pair<size_t, MonotonicNs>>& seen, std::vector<ZombieSighting>& out) {
    for (const auto& [index, at] : seen) {
      const ProcessRecord& r = tracked_[index].record;
      out.push_back({r.name, r.pid, at.SinceNs(ending.t0), index});
    }
  };
  assemble(sightings_, trace.zombies);
  assemble(stopped_, trace.stopped);
  for (auto& t : tracked_) trace.processes.push_back(std::move(t.record));
}

}  // namespace initcheck
