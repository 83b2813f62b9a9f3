// Hand-written traces for the checkers' tests: a scenario, then what the
// kernel and the journal "reported", in milliseconds. Build() classifies each
// exit with the runner's own rule (ClassifyExit), so a test states what
// happened and the outcome follows as it would in a real run. Also the checks
// the tests make of a checker's Verdict, again and again.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck::testing {

// Whether a checker's note or explanation says part.
bool Contains(const std::string& text, const std::string& part);

// Milliseconds (fractions allowed) -> ns on the trace's clock.
int64_t Ms(double ms);

// Raw wait statuses as waitpid(2) reports them.
int ExitedStatus(int code);
int KilledStatus(int signo);

// Scenario pieces.
ProcessSpec Node(std::string name);
ProcessSpec Node(std::string name, Disposition on_sigterm);  // on_signal[SIGTERM]
Disposition ExitAfter(int after_ms, int code = 0);  // action exit
Disposition ForwardThen(int after_ms, int code = 0);  // action forward
Disposition WithAction(SignalAction action);         // default, ignore, record

// A scenario called name with main as its main process, stopped by SIGTERM at
// stop_at_ms with grace_ms of grace.
Scenario StoppedScenario(std::string name, ProcessSpec main, int stop_at_ms = 0,
                         int grace_ms = 1000);

// DESIGN.md's example: stop SIGTERM at 0 ms, grace 1000 ms; main exits 100 ms
// after SIGTERM; its children worker (same group), session-leader (own
// session) and daemon (double-forked) each need 200 ms.
Scenario SiblingScenario();

// How much of a run the canned traces below record.
enum class Detail {
  kEssential,  // the exits, and only the journal entries the checkers cite
  kFull,       // also the daemon's double-fork intermediate (gone at -3 ms) and
               // every journal entry of the stop's delivery, as a real run has
};

// SiblingScenario() under a drain-like init: everyone gets SIGTERM, exits by
// itself once its cleanup is done, and PID 1 exits last (at 201.6 ms).
Trace SiblingEveryoneExitsTrace(Detail detail = Detail::kEssential);

class TraceBuilder;

// SiblingEveryoneExitsTrace() up to the last exit but PID 1's: main at
// 100.8 ms, worker at 200.9, session-leader at 201.0, daemon (last) at 201.3.
// PID 1's end is up to the caller.
TraceBuilder SiblingEveryoneExits(Detail detail = Detail::kEssential);

// What tini -g does with SiblingScenario() (measured): main and worker get
// SIGTERM, main exits at 101.2 ms, PID 1 follows at 101.5 ms and the kernel
// SIGKILLs session-leader, daemon and worker (mid-cleanup) in the grace period.
Trace SiblingForwardGroupTrace(Detail detail = Detail::kEssential);

// SiblingScenario() with worker ignoring SIGTERM: main, session-leader and
// daemon exit by themselves as in SiblingEveryoneExitsTrace(); the harness's
// SIGKILL at the 1000 ms deadline ends worker, then PID 1, at the times given.
Trace SiblingWorkerIgnoresStopTrace(double worker_killed_ms, double init_killed_ms);

class TraceBuilder {
 public:
  explicit TraceBuilder(Scenario scenario);

  // The stop signal went to PID 1 at stop_ms; the grace period ends at
  // stop_ms + grace_ms unless deadline_ms says otherwise.
  TraceBuilder& StopSent(double stop_ms, std::optional<double> deadline_ms = std::nullopt);
  // The harness SIGKILLed PID 1 at the end of the grace period.
  TraceBuilder& DeadlineKill(double ms);
  // An extra signal the harness sent to PID 1.
  TraceBuilder& Sent(double ms, int signo);

  TraceBuilder& InitExited(double ms, int code);
  TraceBuilder& InitKilled(double ms, int signo);
  TraceBuilder& InitRunning();

  TraceBuilder& Exited(const std::string& name, double ms, int code = 0,
                       ProcessRole role = ProcessRole::kNode);
  TraceBuilder& Killed(const std::string& name, double ms, int signo,
                       ProcessRole role = ProcessRole::kNode);
  TraceBuilder& Running(const std::string& name);

  TraceBuilder& Journal(const std::string& node, double ms, JournalKind kind, int signo = 0,
                        int code = 0);
  TraceBuilder& Received(const std::string& node, double ms, int signo);        // kSignal
  TraceBuilder& CleanupStarted(const std::string& node, double ms, int signo);  // kCleanupStart
  // kStart: what node inherited across exec.
  TraceBuilder& Started(const std::string& node, double ms, std::vector<int> blocked = {},
                        std::vector<int> ignored = {});

  // name was forked by parent (by default every process is PID 1's child).
  // Both must have been added already.
  TraceBuilder& ParentOf(const std::string& name, const std::string& parent);
  // The runner saw name, already added, as an unreaped zombie of PID 1 at ms.
  TraceBuilder& Zombie(const std::string& name, double ms);
  // The runner saw name, already added, stopped (state T) at ms, as the
  // deadline SIGKILL went out.
  TraceBuilder& Stopped(const std::string& name, double ms);
  // The kernel generated signo for target at ms, in the context of sender
  // ("pid1" for PID 1); both added by the time of Build(). Marks the trace's
  // signal_source "tracefs". result: 0 delivered, 2 already pending; code:
  // si_code, 0 (SI_USER) for kill(2), 0x80 (SI_KERNEL) for PID 1's teardown
  // (Trace GeneratedSignal).
  TraceBuilder& Generated(double ms, int signo, const std::string& sender, const std::string& target,
                          int result = 0, int code = 0);

  // The runner read PID 1's schedstat at ms: run_delay (total, in ms) and
  // timeslices (by default one more than the sample before); in time order,
  // after PID 1's end (a read at or after it is marked pid1_exited, and so
  // pid1_exiting).
  TraceBuilder& RunDelay(double ms, double run_delay_ms, std::optional<int64_t> timeslices = std::nullopt);
  // The latest RunDelay read found PID 1 asleep (RunDelaySample::pid1_asleep).
  TraceBuilder& Pid1Asleep();
  // PID 1 began to exit at ms: the RunDelay reads at or after it, added
  // later, are marked pid1_exiting.
  TraceBuilder& Pid1ExitingFrom(double ms);

  TraceBuilder& Fault(std::string fault);

  Trace Build() const;

 private:
  // A sighting of name, already added (what names the caller in the error).
  ZombieSighting Sighting(const char* what, const std::string& name, double ms) const;

  TraceBuilder& Add(const std::string& name, ProcessRole role, std::optional<double> exit_ms,
                    int wait_status);

  Trace trace_;
  std::optional<ProcessRecord> init_;
  std::optional<int64_t> pid1_exiting_from_ns_;
  std::vector<ProcessRecord> others_;
  struct NamedSignal {
    GeneratedSignal signal;  // its pids filled in by Build()
    std::string sender, target;
  };
  std::vector<NamedSignal> generated_;
  int PidOf(const std::string& name) const;
};

// Checks of a checker's verdict v. Call them through the EXPECT_ macros below:
// a failure then also names the caller's line, and where a check ASSERTs (the
// number of violations) the calling test ends as the ASSERT would end it.

// v is property's verdict, holds, and lists no violation.
void ExpectHolds(const Verdict& v, const std::string& property);
// v is violated, with exactly one violation (ASSERTed): process's, at at_ms,
// explained by explanation.
void ExpectOneViolation(const Verdict& v, const std::string& process, double at_ms,
                        const std::string& explanation);
// v is violated, with exactly one violation (ASSERTed), explained by explanation.
void ExpectOneViolation(const Verdict& v, const std::string& explanation);
// v has exactly one violation (ASSERTed), whose explanation says part.
void ExpectOneViolationMentioning(const Verdict& v, const std::string& part);

// A chain link as a test states it: whose (the record's name, or "harness"
// for the harness's own act) and when, in ms.
struct LinkAt {
  std::string process;
  double at_ms;
  bool operator==(const LinkAt&) const = default;
};
std::ostream& operator<<(std::ostream& os, const LinkAt& link);

// The links of violation's chain, resolved against trace's records (by
// identity), and its own record's name: what tests assert instead of wording.
std::vector<LinkAt> ChainOf(const Trace& trace, const Violation& violation);
std::string RecordOf(const Trace& trace, const Violation& violation);
// v is unknown, lists no violation, and its note cites fault.
void ExpectUnknownCiting(const Verdict& v, const std::string& fault);

}  // namespace initcheck::testing

// Runs check (a call of one of the functions above) with the caller's line in
// any failure's trace; a fatal failure inside ends the calling test.
#define INITCHECK_VERDICT_CHECK(check)              \
  do {                                              \
    SCOPED_TRACE("verdict check called from here"); \
    ASSERT_NO_FATAL_FAILURE(check);                 \
  } while (false)

#define EXPECT_HOLDS(verdict, property) \
  INITCHECK_VERDICT_CHECK(::initcheck::testing::ExpectHolds((verdict), (property)))
// (verdict, process, at_ms, explanation) or (verdict, explanation).
#define EXPECT_ONE_VIOLATION(verdict, ...) \
  INITCHECK_VERDICT_CHECK(::initcheck::testing::ExpectOneViolation((verdict), __VA_ARGS__))
#define EXPECT_ONE_VIOLATION_MENTIONING(verdict, part) \
  INITCHECK_VERDICT_CHECK(::initcheck::testing::ExpectOneViolationMentioning((verdict), (part)))
#define EXPECT_UNKNOWN_CITING(verdict, fault) \
  INITCHECK_VERDICT_CHECK(::initcheck::testing::ExpectUnknownCiting((verdict), (fault)))
