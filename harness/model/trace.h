// What one run recorded: enough to judge every property again without
// rerunning (checkers are pure functions of a Trace). Times are nanoseconds
// on CLOCK_MONOTONIC relative to t = 0 (negative: before t = 0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/enum_ids.h"
#include "harness/model/init_promises.h"
#include "harness/model/process_outcome.h"
#include "harness/model/scenario.h"

namespace initcheck {

enum class ProcessRole {
  kInit,          // PID 1 of the namespace: the init under test
  kNode,          // a probe playing a node of the scenario
  kIntermediate,  // the short-lived middle process of a daemonizing double fork
  kUnknown,       // a process the init or a probe started that no journal names
};

std::string_view ProcessRoleId(ProcessRole role);  // "intermediate"
std::optional<ProcessRole> ProcessRoleFromId(std::string_view id);
std::span<const EnumId<ProcessRole>> ProcessRoleIds();

// The name the trace gives PID 1 (no scenario node may take it).
inline constexpr std::string_view kInitName = "pid1";

// What a probe wrote in its journal. The probe cannot report its own SIGKILL:
// the kernel's exit record is the judge, the journal explains.
enum class JournalKind {
  kStart,         // first thing after exec: inherited mask and ignored signals
  kReady,         // dispositions, mask and session in place
  kDetached,      // a daemonized child's intermediate parent has exited
  kSignal,        // a caught signal arrived (signo)
  kCleanupStart,  // began the after_ms cleanup (signo that started it)
  kForwarded,     // sent signo to its children
  kExiting,       // about to _exit(code), or with signo to die by it (raise)
  kForceQuit,     // signo came again before the cleanup was done: quitting at once
};

std::string_view JournalKindId(JournalKind kind);  // "cleanup-start"
std::optional<JournalKind> JournalKindFromId(std::string_view id);
std::span<const EnumId<JournalKind>> JournalKindIds();

struct JournalEntry {
  int64_t t_ns = 0;
  std::string node;
  JournalKind kind = JournalKind::kStart;
  int signo = 0;  // kSignal, kCleanupStart, kForwarded; kExiting: the signal it deals itself
  int code = 0;   // kExiting with no signo
  // kStart: what the process inherited across exec.
  std::vector<int> blocked;
  std::vector<int> ignored;

  bool operator==(const JournalEntry&) const = default;
};

// The kExiting entry every probe effects write last: code, or with signo a
// death by that signal.
JournalEntry ExitingEntry(int64_t t_ns, std::string node, int code, int signo);

struct ProcessRecord {
  std::string name;  // node name; kInitName for the init
  ProcessRole role = ProcessRole::kUnknown;
  int pid = 0;                        // as the harness's (initial) namespace sees it
  int parent_pid = 0;                 // at fork time, initial namespace
  std::optional<int64_t> fork_ns;     // kernel fork event
  std::optional<int64_t> exit_ns;     // kernel exit event; nullopt: still running
  int wait_status = 0;                // raw, as waitpid(2) reports it
  Outcome outcome = Outcome::kStillRunning;

  bool operator==(const ProcessRecord&) const = default;
};

// Why the harness sent a signal to PID 1.
enum class SentKind {
  kExtra,     // one of scenario.signals
  kStop,      // the stop protocol's stop signal
  kDeadline,  // the SIGKILL at the end of the grace period
  kGiveUp,    // the SIGKILL of a run with no stop that did not end by itself
};

std::string_view SentKindId(SentKind kind);  // "deadline"
std::optional<SentKind> SentKindFromId(std::string_view id);
std::span<const EnumId<SentKind>> SentKindIds();

// A signal the harness sent to PID 1, or to a node (an extra signal with `to`).
struct SentSignal {
  int64_t t_ns = 0;
  int signo = 0;
  SentKind kind = SentKind::kExtra;
  std::string to;  // the node's name; empty: PID 1

  bool operator==(const SentSignal&) const = default;
};

// How long after a process exits (or, already dead, is orphaned) PID 1 may
// take to reap it before the runner looks: "promptly" for no-zombies.
inline constexpr int kReapPromptMs = 50;

// An exited process that the runner found still unreaped with PID 1 as its
// parent, kReapPromptMs after it exited or after its own parent died.
struct ZombieSighting {
  std::string name;
  int pid = 0;
  int64_t t_ns = 0;
  // The sighted process's index in Trace::processes: its identity, since a
  // pid may be reused within a run. nullopt in traces that predate it or
  // were written by hand: then the pid decides.
  std::optional<size_t> process;

  bool operator==(const ZombieSighting&) const = default;
};

// A process the runner found stopped (state T in /proc/<pid>/stat) just
// before the deadline SIGKILL or the give-up went out: it never ran again
// to finish what it was doing. The same record as a zombie sighting.
using StoppedSighting = ZombieSighting;

// PID 1's schedstat as the runner sampled it (/proc/<pid>/schedstat):
// run_delay, the total time the kernel kept PID 1 runnable on a runqueue,
// waiting for a CPU, since it was forked, and timeslices, how often it got
// a CPU. Both only grow. The kernel adds a wait to run_delay only when the
// wait ends, as the task gets a CPU (sched_info_arrive): a sample read while
// PID 1 waits does not show that wait yet, a sample with more timeslices
// than an earlier one shows every wait up to that earlier one, and so does a
// read after PID 1 exited (it ran to exit; a zombie's schedstat stays
// readable until it is reaped). What tells a late init from a starved one
// (properties/pid1_starvation.h).
struct RunDelaySample {
  int64_t t_ns = 0;  // when the runner read it, on the trace's clock
  int64_t run_delay_ns = 0;
  int64_t timeslices = 0;
  // PID 1 had exited (its pidfd said so) before the read. The kernel may
  // stamp the exit a little after it wakes the pidfd, so t_ns alone cannot
  // tell.
  bool pid1_exited = false;
  // PID 1 had begun to exit (PF_EXITING in /proc/<pid>/stat), or exited,
  // when read: it decided to end before the kernel reports its exit, which
  // comes after the namespace's teardown (properties/pid1_exit_start.h).
  // False in traces that predate it.
  bool pid1_exiting = false;
  // PID 1 was neither running nor on a runqueue (its /proc/<pid>/stat state
  // other than R, read at this sample): any wait for a CPU that ended after
  // this read began after it. The runner reads the state just before each of
  // its sends to PID 1, since the kernel's run_delay is not always a wait:
  // on 6.18 it once grew by 166.6 ms while PID 1 slept through a 10 ms gap
  // between reads. False when the state was not read, and in traces that
  // predate it.
  bool pid1_asleep = false;

  bool operator==(const RunDelaySample&) const = default;
};

// A signal the kernel generated for a process of the namespace, as its
// signal:signal_generate tracepoint reported it (harness/runner
// signal_tracer.h): who sent it, to whom, when. Only signals sent from
// inside the namespace (PID 1 forwarding, a probe forwarding, the kernel's
// SIGKILLs when PID 1 exits, SIGCHLD); the harness's own sends are
// Trace::sent.
struct GeneratedSignal {
  int64_t t_ns = 0;  // on the trace's clock
  int signo = 0;
  int sender_pid = 0;  // the task in whose context it was generated
  int target_pid = 0;
  int code = 0;    // si_code: SI_USER 0, SI_KERNEL 0x80, SI_TKILL -6, ...
  int result = 0;  // 0 delivered, 1 ignored, 2 already pending, 3 overflow, 4 info lost

  bool operator==(const GeneratedSignal&) const = default;
};

// How much of PID 1's output a trace keeps: enough for a supervisor's
// start-up and shutdown log, small enough for a report of 500 cells.
inline constexpr size_t kInitOutputBytes = 4096;

struct Trace {
  Scenario scenario;
  std::string init;      // the init's name in the catalogue, or its command
  std::string observer;  // which observer judged exits, e.g. "proc-connector"
  std::vector<std::string> init_env;  // PID 1's whole environment, "NAME=value" (init_environment.h)
  InitPromises promises;  // what the init promises to do differently (init_promises.h); empty: nothing
  // What PID 1 wrote to its stdout and stderr (one file), its last
  // kInitOutputBytes ("..." before them when cut), ill-formed UTF-8
  // replaced. Empty when it wrote nothing.
  std::string init_output;
  StopTimes stop;
  std::vector<SentSignal> sent;
  std::vector<ProcessRecord> processes;  // PID 1 first, then by fork time
  std::vector<JournalEntry> journal;     // in arrival order
  std::vector<ZombieSighting> zombies;   // at most one per process
  std::vector<StoppedSighting> stopped;  // at the deadline; empty in traces that predate it
  // By time. Empty in traces that predate it, or when /proc could not be read.
  std::vector<RunDelaySample> pid1_run_delay;
  // How the signals generated inside the namespace were observed:
  // "tracefs", "simulated" (fuzz/sim), or why they were not ("not observed:
  // tracefs is not mounted at /sys/kernel/tracing"). Empty in traces that
  // predate it.
  std::string signal_source;
  std::vector<GeneratedSignal> generated;  // by time; empty unless signal_source is "tracefs"
  // PID 1 is the main process itself: there is no init, or the init exec'd
  // the workload (env, gosu, su-exec). PID 1's record is then main's node
  // record (role kNode, main's name), and Init() returns it.
  bool init_is_main = false;
  // Anything that makes the run untrustworthy (observer failure, journal and
  // kernel disagree, a process the harness gave up on). Non-empty: every
  // verdict is unknown.
  std::vector<std::string> faults;

  bool operator==(const Trace&) const = default;

  // PID 1's record: the one with role kInit, or main's when init_is_main.
  const ProcessRecord* Init() const;
  bool IsInit(const ProcessRecord& record) const { return &record == Init(); }
  // Whether record belongs to the workload: a node, or a process a node
  // started (down its parent_pid chain). The rest, besides PID 1, are the
  // init's own helpers (a supervisor's s6-supervise or runsv, a wrapper's
  // set-up commands), whose deaths are part of PID 1's way of ending.
  bool OfTheWorkload(const ProcessRecord& record) const;
  // Whether the harness SIGKILLed PID 1 at the end of the grace period.
  bool DeadlineKillSent() const;
  const ProcessRecord* Find(const std::string& name) const;
  // The identity of a record of this trace: its index in processes.
  size_t IndexOf(const ProcessRecord& record) const {
    return static_cast<size_t>(&record - processes.data());
  }
};

}  // namespace initcheck
