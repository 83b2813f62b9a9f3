#include "harness/runner/runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <variant>

#include <fmt/format.h>

#include "harness/codec/journal_json.h"
#include "harness/os/file_tail.h"
#include "harness/os/journal_socket.h"
#include "harness/os/monotonic_clock.h"
#include "harness/codec/scenario_json.h"
#include "harness/model/init_environment.h"
#include "harness/model/scenario_validation.h"
#include "harness/model/utf8.h"
#include "harness/model/wait_status.h"
#include "harness/os/run_dir.h"
#include "harness/os/system_error.h"
#include "harness/os/timed_priority.h"
#include "harness/os/unique_fd.h"
#include "harness/runner/monotonic_ns.h"
#include "harness/runner/namespace_init.h"
#include "harness/runner/pid1_sampler.h"
#include "harness/runner/process_table.h"
#include "harness/runner/ptrace_observer.h"
#include "harness/runner/run_keeper.h"
#include "harness/runner/run_tasks.h"
#include "harness/runner/shared_connector.h"
#include "harness/runner/signal_tracer.h"
#include "harness/runner/stop_schedule.h"

namespace initcheck {
namespace {

constexpr int kReadyMsPerProcess = 20;
// After PID 1 is reaped every exit has happened; its event may still be in
// flight through the netlink socket for a moment.
constexpr int kLateEventWaitMs = 1000;
// How often the poll loop wakes, at least, with nothing to wake it: to read
// the machine's signals (signal_tracer.h), whose shared buffer holds some
// thousands (512 kB a CPU) if no run reads it.
constexpr int kQuietWakeMs = 100;
// The init's log may grow as fast as the init writes (a run lasts up to 10
// minutes), on a tmpfs in memory (temp_dir.h); only its last
// kInitOutputBytes are ever read. Checked at every wake, at least each
// kQuietWakeMs, so a log grows past the cap by at most what the init writes
// in 100 ms.
constexpr size_t kInitLogCapBytes = 256 << 10;
constexpr size_t kInitLogKeepBytes = 64 << 10;
static_assert(kInitLogKeepBytes > kInitOutputBytes);

MonotonicNs Now() { return MonotonicNs{MonotonicNowNs()}; }

// The zombie watch's look at /proc/<pid>/stat; nullopt once the pid has
// been reaped.
std::optional<ProcStat> ReadStat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  return ParseProcStat(line);
}

// The OS side of one run: the run directory, PID 1, the observer, the
// journal socket and the poll loop. What the events mean is the
// ProcessTable's business, when to signal PID 1 the StopSchedule's.
class NamespaceRun {
 public:
  NamespaceRun(const InitCommand& init, const Scenario& scenario, const RunOptions& options)
      : init_(init), scenario_(scenario), options_(options), keeper_("initcheck-"),
        layout_{keeper_.dir()}, journal_(layout_.JournalSocket()), table_(scenario, ReadStat) {}

  Trace Execute() {
    WriteRunDir();
    std::optional<std::string> connector_problem = OpenConnector();
    std::vector<std::string> argv = init_.argv_prefix;
    if (scenario_.main.exec_error == ExecError::kNoCommand) {
      // Nothing: the init's own arguments are all it gets.
    } else if (scenario_.main.exec_error != ExecError::kNone) {
      argv.push_back(UnrunnableCommand());
    } else {
      for (const char* a : {options_.probe_path.c_str(), "--run-dir", layout_.dir.c_str(), "--node",
                            scenario_.main.name.c_str()}) {
        argv.push_back(a);
      }
    }
    if (argv.empty()) throw RunError("no init and no command (exec_error: no-command): PID 1 would have nothing to run");
    init_env_ = InitEnvironment(scenario_, options_.pass_env);
    try {
      const MonotonicNs started = Now();
      pid1_.emplace(argv, init_env_, layout_.InitLog(), scenario_.pid1_inherits);
      tasks_.AddInit(pid1_->pid(), started);
      sampler_.emplace(pid1_->pid());
      // Before PID 1 runs anything: the keeper, so that no init outlives
      // initcheck; the observer, so that it sees everything the init starts.
      keeper_.Guard(pid1_->pidfd());
      if (connector_) connector_->Follow(pid1_->pid());
      if (!observer_) {
        auto tracer = std::make_unique<PtraceObserver>(pid1_->pid());
        ptrace_ = tracer.get();
        observer_ = std::move(tracer);
        observer_name_ = options_.observer == ObserverChoice::kPtrace
                             ? observer_->Name()
                             : fmt::format("{} (fallback: proc connector not live: {})", observer_->Name(),
                                           *connector_problem);
      }
      pid1_->ReleaseToExec();
    } catch (const InitExecError& e) {
      throw RunError(fmt::format("init {} could not be started: {}", init_.name, e.what()));
    }
    table_.AddInit(pid1_->pid());

    if (scenario_.start == StartMode::kReady && !scenario_.early_exit) WaitUntilReady();
    const TimedPriority timed;  // the schedule's keeper (harness/os/timed_priority.h)
    StopSchedule schedule = StartClock();
    PlayStopProtocol(schedule);
    CollectLateEvents();
    return BuildTrace(schedule);
  }

 private:
  // Returns why the connector cannot judge this run, if it cannot; then
  // observer_ stays empty and ptrace takes over (unless the caller insisted).
  std::optional<std::string> OpenConnector() {
    if (options_.observer == ObserverChoice::kPtrace) return "not asked for";
    auto opened = RunConnector::Open(std::chrono::milliseconds(250));
    std::optional<std::string> problem;
    if (auto* connector = std::get_if<std::unique_ptr<RunConnector>>(&opened)) {
      connector_ = connector->get();
      observer_name_ = (*connector)->Name();
      observer_ = std::move(*connector);
    } else {
      problem = std::get<std::string>(opened);
    }
    if (problem && options_.observer == ObserverChoice::kProcConnector) {
      throw RunError("the kernel's process events connector is not live: " + *problem +
                     ". Run initcheck as root in the initial PID namespace (Bazel tests: tag "
                     "no-sandbox), or let it fall back to ptrace.");
    }
    return problem;
  }

  // main's command when its exec is to fail: a path in the run directory
  // that does not exist, or a file there without execute permission.
  std::string UnrunnableCommand() {
    if (scenario_.main.exec_error == ExecError::kNotFound) return layout_.MissingCommand();
    const std::string path = layout_.UnexecutableCommand();
    std::ofstream(path) << "#!/bin/sh\n";
    CheckSys(chmod(path.c_str(), 0644), "chmod(" + path + ")");
    return path;
  }

  void WriteRunDir() {
    std::ofstream(layout_.Scenario()) << ScenarioToJsonText(scenario_);
    // Made here, not by pid1_start (which appends to it), so that the
    // harness holds it to cap it.
    init_log_ = UniqueFd(CheckSys(open(layout_.InitLog().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600),
                                  "open(" + layout_.InitLog() + ")"));
    CheckSys(mkfifo(layout_.GoFifo().c_str(), 0600), "mkfifo(" + layout_.GoFifo() + ")");
    // Held open until t = 0: its hang-up starts every probe's clock at once.
    go_ = UniqueFd(CheckSys(open(layout_.GoFifo().c_str(), O_RDWR | O_CLOEXEC),
                            "open(" + layout_.GoFifo() + ")"));
  }

  // Waits for the next observer event, journal line, PID 1 exit or until
  // wake, and hands whatever arrived to the table.
  void Pump(std::optional<MonotonicNs> wake) {
    auto earliest = [&wake](MonotonicNs t) {
      if (!wake || t < *wake) wake = t;
    };
    if (auto interval = observer_->PollIntervalNs()) earliest(Now().PlusNs(*interval));
    if (auto look = table_.NextZombieLook()) earliest(*look);
    earliest(Now().PlusMs(kQuietWakeMs));
    pollfd fds[4] = {{journal_.fd(), POLLIN, 0},
                     {pid1_->pidfd(), POLLIN, 0},
                     {options_.cancel_fd, POLLIN, 0},
                     {observer_->PollFd(), POLLIN, 0}};
    nfds_t n = observer_->PollFd() >= 0 ? 4 : 3;
    timespec timeout;
    if (wake) timeout = NsToTimespec(wake->ns - MonotonicNowNs());
    if (ppoll(fds, n, wake ? &timeout : nullptr, nullptr) < 0 && errno != EINTR) {
      throw SystemError("ppoll", errno);
    }
    if (fds[2].revents & POLLIN) throw RunInterrupted();
    CapFileToTail(init_log_.get(), kInitLogCapBytes, kInitLogKeepBytes);
    // PID 1 is reaped only once sampled as exited, so that the series ends
    // on its final values: it can turn zombie while this wake handles other
    // news (its namespace's last exits come just before its own), and a
    // reap then would leave no read showing that PID 1 ran to its exit.
    const bool pid1_exited = fds[1].revents & POLLIN;
    if (pid1_exited) {
      sampler_->SampleNow(true);
      if (ptrace_) ptrace_->MayReapPid1();
    }
    CollectReports();
    if (ptrace_) {
      // The tracer's wait reaps PID 1; waiting on it here would steal its stops.
      if (auto status = ptrace_->Pid1Status()) pid1_->AdoptStatus(*status);
    } else if (pid1_exited && !pid1_->status()) {
      pid1_->TryReap();
    }
    table_.LookForZombies(Now(), pid1_->status().has_value());
  }

  // The journal, the machine's signals and the observer's events, in that
  // order: a process's fork (and an exit before a pid's reuse) is queued to
  // the observer before that process can send a journal line or a signal,
  // so every sender read first is known once the observer's events are in.
  void CollectReports() {
    auto datagrams = journal_.Drain();
    std::vector<GeneratedSignal> signals = tracer_.Drain();
    for (const auto& e : observer_->Collect()) {
      tasks_.OnProcEvent(e);
      table_.OnProcEvent(e);
    }
    for (const auto& d : datagrams) OnJournal(d);
    // Only the run's are kept: the rest of the machine's would pile up for
    // as long as the run lasts (a strace beside it makes thousands a second).
    for (const GeneratedSignal& g : signals) {
      if (tasks_.Owned(g.sender_pid, MonotonicNs{g.t_ns})) generated_.push_back(g);
    }
  }

  void OnJournal(const JournalReceiver::Datagram& d) {
    JournalEntry entry;
    try {
      entry = ParseJournalEntry(d.text);
    } catch (const std::exception& e) {
      table_.AddFault(fmt::format("unreadable journal line from pid {}: {}", d.sender_pid, e.what()));
      return;
    }
    table_.OnJournal(d.sender_pid, std::move(entry));
  }

  void WaitUntilReady() {
    int budget_ms = options_.ready_timeout_ms + kReadyMsPerProcess * static_cast<int>(table_.NodeCount());
    const MonotonicNs give_up = Now().PlusMs(budget_ms);
    while (!table_.AllReady()) {
      if (auto status = pid1_->status()) {
        throw RunError(fmt::format("init {} {} before the workload was ready{}", init_.name,
                                   DescribeExit(*status), InitLogNote()));
      }
      if (Now() >= give_up) {
        throw RunError(fmt::format("the workload was not ready after {} ms under init {}: no ready "
                                   "report from {}{}",
                                   budget_ms, init_.name, fmt::join(table_.NotReady(), ", "), InitLogNote()));
      }
      Pump(give_up);
    }
  }

  std::string InitLogNote() const {
    std::string tail = ReadFileTail(layout_.InitLog(), 2000);
    return tail.empty() ? "" : "; the init's output:\n" + tail;
  }

  StopSchedule StartClock() {
    t0_ = Now();
    std::string tmp = layout_.StartTime() + ".tmp";
    std::ofstream(tmp) << t0_.ns;
    CheckSys(rename(tmp.c_str(), layout_.StartTime().c_str()), "rename(" + tmp + ")");
    go_.Reset();
    return StopSchedule(scenario_, t0_, options_.give_up_after_ms);
  }

  void PlayStopProtocol(StopSchedule& schedule) {
    while (!pid1_->status()) {
      std::optional<StopSchedule::Action> next = schedule.Next();
      if (next && Now() >= next->at) {
        // With the workload still running the scenario never ended: the
        // run proves nothing. With only PID 1 and its helpers left, PID 1
        // outliving its workload is the init's behaviour (a supervisor's),
        // which stop-latency judges.
        // An init expected to end early that did not is the finding, which
        // exit-code reports.
        if (next->kind == SentKind::kGiveUp && table_.AnyWorkloadRunning() && !scenario_.early_exit) {
          table_.AddFault(schedule.GiveUpFault(init_.name));
        }
        if (next->kind == SentKind::kDeadline || next->kind == SentKind::kGiveUp) table_.LookForStopped(Now());
        schedule.Took(Send(*next));
        continue;
      }
      Pump(next ? std::optional(next->at) : std::nullopt);
    }
  }

  // Signals PID 1, or the node the action names; returns when it was sent,
  // or nullopt when its target was already gone.
  std::optional<MonotonicNs> Send(const StopSchedule::Action& action) {
    // Whether PID 1 was asleep as it was signalled bounds its wait for a CPU
    // after it (properties/schedule_slip.cc): read before the send's stamp,
    // so that the read is the latest at or before it.
    if (action.to.empty() && sampler_) sampler_->SampleNow(false, /*read_state=*/true);
    const MonotonicNs t = Now();
    if (action.to.empty()) {
      if (!pid1_->Signal(action.signo)) return std::nullopt;
      return t;
    }
    // The table's record of an exit lags it by at most one poll, and a pid
    // comes round again only after the kernel cycled through the pid space:
    // the pid is the node's.
    const std::optional<pid_t> pid = table_.LivePid(action.to);
    if (!pid || kill(*pid, action.signo) != 0) return std::nullopt;
    return t;
  }

  // PID 1 is reaped, so every process of the namespace has exited; wait for
  // the observer to deliver the last exit records.
  void CollectLateEvents() {
    const MonotonicNs give_up = Now().PlusMs(kLateEventWaitMs);
    while (table_.AnyRunning() && Now() < give_up) Pump(give_up);
    CollectReports();
  }

  Trace BuildTrace(const StopSchedule& schedule) {
    Trace trace;
    trace.scenario = scenario_;
    trace.init = init_.name;
    trace.promises = init_.promises;
    trace.init_output = ReplaceInvalidUtf8(ReadFileTail(layout_.InitLog(), kInitOutputBytes));
    trace.observer = observer_name_;
    trace.init_env = init_env_;
    trace.stop = schedule.Times();
    trace.sent = schedule.Sent();
    trace.pid1_run_delay = sampler_->Since(t0_);
    trace.signal_source = tracer_.Live() ? "tracefs" : "not observed: " + tracer_.WhyNotLive();
    for (GeneratedSignal g : generated_) {
      g.t_ns = MonotonicNs{g.t_ns}.SinceNs(t0_);
      trace.generated.push_back(g);
    }
    if (tracer_.Lost() > 0) {
      table_.AddFault(fmt::format("the signal tracepoint lost {} events (tracefs buffer full)", tracer_.Lost()));
    }
    if (auto lost = observer_->Lost()) table_.AddFault(*lost);
    table_.AssembleInto({.t0 = t0_,
                         .stop = trace.stop,
                         .gave_up = schedule.GaveUp(),
                         .pid1_status = *pid1_->status(),
                         .now = Now()},
                        trace);
    return trace;
  }

  const InitCommand& init_;
  const Scenario& scenario_;
  const RunOptions& options_;
  // Declared before what the run owns, so destroyed after it: once PID 1 is
  // reaped, the keeper removes the run directory.
  RunKeeper keeper_;
  SignalTracer tracer_;
  RunTasks tasks_;                          // which of the machine's signals are the run's
  std::vector<GeneratedSignal> generated_;  // the run's signals, on the absolute clock
  RunDirLayout layout_;
  JournalReceiver journal_;
  UniqueFd go_;
  UniqueFd init_log_;
  std::vector<std::string> init_env_;  // PID 1's whole environment
  std::optional<NamespacePid1> pid1_;
  std::optional<Pid1Sampler> sampler_;
  // After pid1_: destroyed first, so a tracer sees the namespace out.
  std::unique_ptr<ExitObserver> observer_;
  PtraceObserver* ptrace_ = nullptr;  // observer_, when it is the tracer
  RunConnector* connector_ = nullptr;  // observer_, when it is the connector
  std::string observer_name_;

  ProcessTable table_;
  MonotonicNs t0_;
};

}  // namespace

int64_t LongestRunMs(const Scenario& scenario, const RunOptions& options) {
  constexpr int64_t kTeardownMs = 1000;
  const int64_t ready_ms = options.ready_timeout_ms + kReadyMsPerProcess * static_cast<int64_t>(Flatten(scenario).size());
  return ready_ms + StopSchedule::SpanMs(scenario, options.give_up_after_ms) + kTeardownMs;
}

Trace Run(const InitCommand& init, const Scenario& scenario, const RunOptions& options) {
  // The probes would refuse it, with a message about a file the caller never wrote.
  ValidateScenario(scenario);
  try {
    return NamespaceRun(init, scenario, options).Execute();
  } catch (const SystemError& e) {
    throw RunError(std::string("harness error: ") + e.what());
  }
}

}  // namespace initcheck
