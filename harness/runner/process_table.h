// The processes of one run's namespace as a plain object fed with what the
// runner observes: fork and exit events, the probes' journal lines (decoded,
// with the sender's pid as the kernel stamped it), and PID 1's status from
// waitid. From these it knows which process is which node, when the tree is
// ready, when to look for zombies of PID 1, where the journal and the kernel
// disagree, and it assembles the trace's processes, zombies and faults.
//
// It makes no system call: the one thing it must ask the OS, what
// /proc/<pid>/stat says during the zombie watch, comes through the
// ProcStatReader it is given, so tests script it.
//
// Identity: a pid names a process only while it lives; pids may be reused
// within a run. Each process is a record, known by its index (the order it
// was first seen, which is also its place in Trace::processes); parents and
// zombie sightings are joined to records by that index, never by pid or
// display name after the fact.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/model/process_outcome.h"
#include "harness/model/scenario.h"
#include "harness/model/trace.h"
#include "harness/runner/monotonic_ns.h"
#include "harness/runner/proc_event.h"
#include "harness/runner/proc_stat.h"

namespace initcheck {

// nullopt: no such process (it has been reaped).
using ProcStatReader = std::function<std::optional<ProcStat>(pid_t pid)>;

class ProcessTable {
 public:
  ProcessTable(const Scenario& scenario, ProcStatReader read_stat);

  // PID 1 of the namespace: the root every other tracked process forks from.
  // Call once, before any event.
  void AddInit(pid_t pid);

  void OnProcEvent(const ProcEvent& event);
  // entry.t_ns is on CLOCK_MONOTONIC as the probe stamped it; the trace gets
  // it relative to t = 0.
  void OnJournal(pid_t sender_pid, JournalEntry entry);
  // Something else that makes the run untrustworthy, in the order it happened.
  void AddFault(std::string fault);

  size_t NodeCount() const { return node_names_.size(); }
  // Every node journaled kReady and every daemon kDetached.
  bool AllReady() const;
  std::vector<std::string> NotReady() const;  // nodes with no ready line yet
  // Some tracked process has no exit record yet.
  bool AnyRunning() const { return !live_.empty(); }
  // Some process of the workload (Trace::OfTheWorkload: a node, or one a
  // node started) has no exit record yet.
  bool AnyWorkloadRunning() const;
  // The pid of the node called name while it has no exit record; nullopt
  // before it journaled its start and once it exited.
  std::optional<pid_t> LivePid(const std::string& node) const;
  // Records every live process but PID 1 that /proc shows stopped (state
  // T): called just before the deadline SIGKILL or the give-up goes out.
  void LookForStopped(MonotonicNs now);

  // When the zombie watch next wants to look: kReapPromptMs after an exit.
  std::optional<MonotonicNs> NextZombieLook() const;
  // Looks, if a look is due by now: an exited process still unreaped with
  // PID 1 as its parent, kReapPromptMs after it became PID 1's to reap, is
  // a zombie sighting. Once PID 1 is reaped, or has begun to exit, there is
  // nothing to look at: the kernel reaps an exiting PID 1's children in its
  // exit (zap_pid_ns_processes), and on a loaded machine that exit can take
  // longer than kReapPromptMs before it is reported.
  void LookForZombies(MonotonicNs now, bool pid1_reaped);

  // How the run ended, for the trace.
  struct Ending {
    MonotonicNs t0;
    StopTimes stop;
    bool gave_up = false;  // the schedule's give-up SIGKILL went out
    int pid1_status = 0;   // from waitid: authoritative
    MonotonicNs now;       // stands in for PID 1's exit if no observer reported it
  };
  // Fills trace.processes, journal, zombies and faults (times relative to
  // t0). Call once, last.
  void AssembleInto(const Ending& ending, Trace& trace);

 private:
  struct Tracked {
    // Its times stay empty until assembly: fork_at and exit_at hold them on
    // the absolute clock meanwhile.
    ProcessRecord record;
    std::optional<size_t> parent;  // index of the parent's record; none for PID 1
    std::optional<MonotonicNs> fork_at;
    std::optional<MonotonicNs> exit_at;  // the observer's exit record
    bool journaled_exit = false;
    int journaled_code = 0;
    int journaled_signal = 0;  // kExiting by a signal it deals itself
    bool reap_settled = false;  // reaped, or already sighted as PID 1's zombie
  };

  void Track(pid_t pid, std::optional<size_t> parent, std::optional<MonotonicNs> fork_at,
             ProcessRole role, std::string name);
  Tracked* Latest(pid_t pid);
  MonotonicNs Pid1sToReapSince(const Tracked& t) const;
  std::optional<std::string> DaemonChildOf(size_t index) const;
  void NameUnjournaled(size_t index);
  void CrossCheck(const Tracked& t, std::vector<std::string>& faults) const;

  bool every_node_starts_;  // start: ready and no early exit: a node that never journaled is a fault
  ProcStatReader read_stat_;
  std::set<std::string> node_names_, daemon_names_, ready_, detached_;
  std::vector<Tracked> tracked_;
  std::map<pid_t, size_t> live_;  // pid -> index in tracked_, until its exit record
  std::vector<JournalEntry> journal_;
  std::vector<std::string> faults_;
  std::vector<MonotonicNs> zombie_looks_;  // when the watch wants to look next
  std::vector<std::pair<size_t, MonotonicNs>> sightings_;  // record index, when
  std::vector<std::pair<size_t, MonotonicNs>> stopped_;    // record index, when
  bool init_is_main_ = false;  // PID 1 journaled main's start: it exec'd the workload
};

}  // namespace initcheck
