// Hand-written traces for the checkers' tests: a scenario, then what the
// kernel and the journal "reported", in milliseconds. Build() classifies each
// exit with the runner's own rule (ClassifyExit), so a test states what
// happened and the outcome follows as it would in a real run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario.h"
#include "harness/trace.h"

namespace initcheck::testing {

// Milliseconds (fractions allowed) -> ns on the trace's clock.
int64_t Ms(double ms);

// Raw wait statuses as waitpid(2) reports them.
int ExitedStatus(int code);
int KilledStatus(int signo);

// Scenario pieces.
ProcessSpec Node(std::string name);
Disposition ExitAfter(int after_ms, int code = 0);  // action exit
Disposition ForwardThen(int after_ms, int code = 0);  // action forward
Disposition WithAction(SignalAction action);         // default, ignore, record

// DESIGN.md's example: stop SIGTERM at 0 ms, grace 1000 ms; main exits 100 ms
// after SIGTERM; its children worker (same group), session-leader (own
// session) and daemon (double-forked) each need 200 ms.
Scenario SiblingScenario();

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

  TraceBuilder& Fault(std::string fault);

  Trace Build() const;

 private:
  TraceBuilder& Add(const std::string& name, ProcessRole role, std::optional<double> exit_ms,
                    int wait_status);

  Trace trace_;
  std::optional<ProcessRecord> init_;
  std::vector<ProcessRecord> others_;
};

}  // namespace initcheck::testing
