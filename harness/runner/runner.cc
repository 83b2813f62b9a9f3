#include "harness/runner/runner.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "harness/codec/journal_json.h"
#include "harness/os/journal_socket.h"
#include "harness/os/monotonic_clock.h"
#include "harness/runner/namespace_init.h"
#include "harness/runner/proc_connector.h"
#include "harness/runner/ptrace_observer.h"
#include "harness/os/run_dir.h"
#include "harness/codec/scenario_json.h"
#include "harness/model/signal_names.h"
#include "harness/os/system_error.h"
#include "harness/os/temp_dir.h"
#include "harness/os/unique_fd.h"

namespace initcheck {
namespace {

constexpr int64_t kMs = 1'000'000;
constexpr int kReadyMsPerProcess = 20;
// After PID 1 is reaped every exit has happened; its event may still be in
// flight through the netlink socket for a moment.
constexpr int64_t kLateEventWaitNs = 1000 * kMs;

std::string DescribeStatus(int status) {
  if (WIFEXITED(status)) return fmt::format("exited with code {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "died by " + SignalName(WTERMSIG(status));
  return fmt::format("ended with raw status {:#x}", status);
}

std::string ReadTail(const std::string& path, size_t max_bytes) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string s = buf.str();
  if (s.size() > max_bytes) s = "..." + s.substr(s.size() - max_bytes);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// One process of the namespace as the kernel and the journal report it.
struct Tracked {
  ProcessRecord record;
  bool exited = false;
  bool journaled_exit = false;
  int journaled_code = 0;
  bool reap_settled = false;  // reaped, or already sighted as PID 1's zombie
};

// State and parent of a process from /proc/<pid>/stat, or nullopt once it
// has been reaped.
struct StatLine {
  char state;
  pid_t parent;
};
std::optional<StatLine> ReadStat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  // "pid (comm) S ppid ...": comm may hold spaces and parentheses.
  size_t close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(close + 1));
  StatLine stat{};
  rest >> stat.state >> stat.parent;
  if (!rest) return std::nullopt;
  return stat;
}

class NamespaceRun {
 public:
  NamespaceRun(const InitCommand& init, const Scenario& scenario, const RunOptions& options)
      : init_(init), scenario_(scenario), options_(options), dir_("initcheck-"),
        layout_{dir_.path()}, journal_(layout_.JournalSocket()) {
    for (const auto& ref : Flatten(scenario_)) {
      node_names_.insert(ref.spec->name);
      if (ref.spec->daemonize) daemon_names_.insert(ref.spec->name);
    }
  }

  Trace Execute() {
    WriteRunDir();
    std::optional<std::string> connector_problem = OpenConnector();
    std::vector<std::string> argv = init_.argv_prefix;
    for (const char* a : {options_.probe_path.c_str(), "--run-dir", layout_.dir.c_str(), "--node",
                          scenario_.main.name.c_str()}) {
      argv.push_back(a);
    }
    try {
      // A tracer must attach before PID 1 runs anything.
      pid1_.emplace(argv, layout_.InitLog(), /*hold_before_exec=*/!observer_);
      if (!observer_) {
        auto tracer = std::make_unique<PtraceObserver>(pid1_->pid());
        ptrace_ = tracer.get();
        observer_ = std::move(tracer);
        observer_name_ = options_.observer == ObserverChoice::kPtrace
                             ? observer_->Name()
                             : fmt::format("{} (fallback: proc connector not live: {})", observer_->Name(),
                                           *connector_problem);
        pid1_->ReleaseToExec();
      }
    } catch (const InitExecError& e) {
      throw RunError(fmt::format("init {} could not be started: {}", init_.name, e.what()));
    }
    Track(pid1_->pid(), 0, std::nullopt, std::string(kInitName), ProcessRole::kInit);

    if (scenario_.start == StartMode::kReady) WaitUntilReady();
    StartClock();
    PlayStopProtocol();
    CollectLateEvents();
    return BuildTrace();
  }

 private:
  // Returns why the connector cannot judge this run, if it cannot; then
  // observer_ stays empty and ptrace takes over (unless the caller insisted).
  std::optional<std::string> OpenConnector() {
    if (options_.observer == ObserverChoice::kPtrace) return "not asked for";
    std::optional<std::string> problem;
    try {
      auto connector = std::make_unique<ProcConnector>();
      // The exit record is queued before the proof child can be reaped, so a
      // live connector answers at once; the wait only covers a loaded machine.
      problem = connector->ProveLive(std::chrono::milliseconds(250));
      if (!problem) {
        observer_name_ = connector->Name();
        observer_ = std::move(connector);
      }
    } catch (const SystemError& e) {
      problem = e.what();
    }
    if (problem && options_.observer == ObserverChoice::kProcConnector) {
      throw RunError("the kernel's process events connector is not live: " + *problem +
                     ". Run initcheck as root in the initial PID namespace (Bazel tests: tag "
                     "no-sandbox), or let it fall back to ptrace.");
    }
    return problem;
  }

  void WriteRunDir() {
    std::ofstream(layout_.Scenario()) << ScenarioToJsonText(scenario_);
    CheckSys(mkfifo(layout_.GoFifo().c_str(), 0600), "mkfifo(" + layout_.GoFifo() + ")");
    // Held open until t = 0: its hang-up starts every probe's clock at once.
    go_ = UniqueFd(CheckSys(open(layout_.GoFifo().c_str(), O_RDWR | O_CLOEXEC),
                            "open(" + layout_.GoFifo() + ")"));
  }

  void Track(pid_t pid, pid_t parent, std::optional<int64_t> fork_ns, const std::string& name,
             ProcessRole role) {
    Tracked t;
    t.record.pid = pid;
    t.record.parent_pid = parent;
    t.record.fork_ns = fork_ns;
    t.record.name = name;
    t.record.role = role;
    live_[pid] = tracked_.size();
    tracked_.push_back(std::move(t));
  }

  // Waits for the next connector event, journal line, PID 1 exit or until
  // wake_ns, and files whatever arrived.
  void Pump(std::optional<int64_t> wake_ns) {
    if (auto interval = observer_->PollIntervalNs()) {
      int64_t soon = MonotonicNowNs() + *interval;
      if (!wake_ns || soon < *wake_ns) wake_ns = soon;
    }
    if (!zombie_checks_.empty()) {
      int64_t check = *std::min_element(zombie_checks_.begin(), zombie_checks_.end());
      if (!wake_ns || check < *wake_ns) wake_ns = check;
    }
    pollfd fds[4] = {{journal_.fd(), POLLIN, 0},
                     {pid1_->pidfd(), POLLIN, 0},
                     {options_.cancel_fd, POLLIN, 0},
                     {observer_->PollFd(), POLLIN, 0}};
    nfds_t n = observer_->PollFd() >= 0 ? 4 : 3;
    timespec timeout;
    if (wake_ns) timeout = NsToTimespec(*wake_ns - MonotonicNowNs());
    if (ppoll(fds, n, wake_ns ? &timeout : nullptr, nullptr) < 0 && errno != EINTR) {
      throw SystemError("ppoll", errno);
    }
    if (fds[2].revents & POLLIN) throw RunInterrupted();
    // Journal first, observer second: a probe's fork record is taken before
    // the probe can send anything, so every sender read here is known below.
    auto datagrams = journal_.Drain();
    for (const auto& e : observer_->Collect()) OnProcEvent(e);
    for (const auto& d : datagrams) OnJournal(d);
    if (ptrace_) {
      // The tracer's wait reaps PID 1; waiting on it here would steal its stops.
      if (auto status = ptrace_->Pid1Status()) pid1_->AdoptStatus(*status);
    } else if (!pid1_->status()) {
      pid1_->TryReap();
    }
    LookForZombies();
  }

  // When an exited process became PID 1's to reap: its exit, or its parent's
  // exit if the parent was a probe that had not reaped it.
  int64_t OrphanedZombieSince(const Tracked& t) {
    int64_t since = *t.record.exit_ns;
    if (t.record.parent_pid != pid1_->pid()) {
      Tracked* parent = FindTracked(t.record.parent_pid);
      if (parent && parent->exited) since = std::max(since, *parent->record.exit_ns);
    }
    return since;
  }

  // Once a look is due: every exited process still unreaped with PID 1 as its
  // parent is a zombie PID 1 failed to reap promptly. Zombies of a probe
  // with reap: false are that probe's business until it dies.
  void LookForZombies() {
    int64_t now = MonotonicNowNs();
    size_t before = zombie_checks_.size();
    std::erase_if(zombie_checks_, [now](int64_t t) { return t <= now; });
    if (zombie_checks_.size() == before || pid1_->status()) return;
    for (auto& t : tracked_) {
      if (!t.exited || t.reap_settled || t.record.role == ProcessRole::kInit) continue;
      if (OrphanedZombieSince(t) > now - kReapPromptMs * kMs) continue;  // PID 1 still has time
      std::optional<StatLine> stat = ReadStat(t.record.pid);
      if (!stat) {
        t.reap_settled = true;
      } else if (stat->state == 'Z' && stat->parent == pid1_->pid()) {
        t.reap_settled = true;
        zombie_pids_.push_back({t.record.pid, now});
      }
    }
  }

  void OnProcEvent(const ProcEvent& e) {
    if (e.kind == ProcEvent::Kind::kFork) {
      if (e.pid == e.tid && live_.count(e.parent) && !live_.count(e.pid)) {
        Track(e.pid, e.parent, e.t_ns, "", ProcessRole::kUnknown);
      }
    } else if (e.kind == ProcEvent::Kind::kExit) {
      auto it = live_.find(e.pid);
      if (it == live_.end() || e.pid != e.tid) return;
      Tracked& t = tracked_[it->second];
      t.exited = true;
      t.record.exit_ns = e.t_ns;
      t.record.wait_status = e.wait_status;
      live_.erase(it);
      // It, or its children if it leaves zombies behind, should be reaped by
      // then: the next look for zombies of PID 1.
      zombie_checks_.push_back(e.t_ns + kReapPromptMs * kMs);
    }
  }

  void OnJournal(const JournalReceiver::Datagram& d) {
    JournalEntry entry;
    try {
      entry = JournalEntryFromJson(nlohmann::json::parse(d.text));
    } catch (const std::exception& e) {
      faults_.push_back(fmt::format("unreadable journal line from pid {}: {}", d.sender_pid, e.what()));
      return;
    }
    if (!node_names_.count(entry.node)) {
      faults_.push_back(fmt::format("journal line from pid {} names unknown node {}", d.sender_pid, entry.node));
      return;
    }
    Tracked* sender = FindTracked(d.sender_pid);
    if (!sender) {
      faults_.push_back(fmt::format("journal line for {} from pid {}, which is not in the run's namespace",
                                    entry.node, d.sender_pid));
      return;
    }
    switch (entry.kind) {
      case JournalKind::kStart:
        sender->record.name = entry.node;
        sender->record.role = ProcessRole::kNode;
        break;
      case JournalKind::kReady: ready_.insert(entry.node); break;
      case JournalKind::kDetached: detached_.insert(entry.node); break;
      case JournalKind::kExiting:
        sender->journaled_exit = true;
        sender->journaled_code = entry.code;
        break;
      default: break;
    }
    journal_entries_.push_back(std::move(entry));
  }

  Tracked* FindTracked(pid_t pid) {
    // The latest process with this pid: pids may be reused within a run.
    for (auto it = tracked_.rbegin(); it != tracked_.rend(); ++it) {
      if (it->record.pid == pid) return &*it;
    }
    return nullptr;
  }

  bool AllReady() const {
    return ready_.size() == node_names_.size() && detached_.size() == daemon_names_.size();
  }

  void WaitUntilReady() {
    int budget_ms = options_.ready_timeout_ms + kReadyMsPerProcess * static_cast<int>(node_names_.size());
    int64_t give_up = MonotonicNowNs() + budget_ms * kMs;
    while (!AllReady()) {
      if (auto status = pid1_->status()) {
        throw RunError(fmt::format("init {} {} before the workload was ready{}", init_.name,
                                   DescribeStatus(*status), InitLogNote()));
      }
      if (MonotonicNowNs() >= give_up) {
        std::vector<std::string> missing;
        for (const auto& n : node_names_) {
          if (!ready_.count(n)) missing.push_back(n);
        }
        throw RunError(fmt::format("the workload was not ready after {} ms under init {}: no ready "
                                   "report from {}{}",
                                   budget_ms, init_.name, fmt::join(missing, ", "), InitLogNote()));
      }
      Pump(give_up);
    }
  }

  std::string InitLogNote() const {
    std::string tail = ReadTail(layout_.InitLog(), 2000);
    return tail.empty() ? "" : "; the init's output:\n" + tail;
  }

  void StartClock() {
    t0_ = MonotonicNowNs();
    std::string tmp = layout_.StartTime() + ".tmp";
    std::ofstream(tmp) << t0_;
    CheckSys(rename(tmp.c_str(), layout_.StartTime().c_str()), "rename(" + tmp + ")");
    go_.Reset();
  }

  struct Action {
    int64_t at_ns;
    int signo;
    SentKind kind;
  };

  void PlayStopProtocol() {
    std::vector<Action> schedule;
    for (const auto& s : scenario_.signals) schedule.push_back({t0_ + s.at_ms * kMs, s.signal, SentKind::kExtra});
    if (scenario_.stop) {
      schedule.push_back({t0_ + scenario_.stop->at_ms * kMs, scenario_.stop->signal, SentKind::kStop});
    }
    std::stable_sort(schedule.begin(), schedule.end(),
                     [](const Action& a, const Action& b) { return a.at_ns < b.at_ns; });

    int64_t last_event_ms = 0;
    for (const auto& s : scenario_.signals) last_event_ms = std::max<int64_t>(last_event_ms, s.at_ms);
    for (const auto& ref : Flatten(scenario_)) {
      if (ref.spec->exit_after_ms) last_event_ms = std::max<int64_t>(last_event_ms, *ref.spec->exit_after_ms);
    }
    std::optional<int64_t> deadline;  // set when the stop signal goes out
    const int64_t give_up = t0_ + (last_event_ms + options_.give_up_after_ms) * kMs;

    size_t next = 0;
    while (!pid1_->status()) {
      std::optional<int64_t> wake;
      if (next < schedule.size()) wake = schedule[next].at_ns;
      if (deadline && (!wake || *deadline < *wake)) wake = deadline;
      if (!scenario_.stop && !gave_up_ && (!wake || give_up < *wake)) wake = give_up;
      if (wake && MonotonicNowNs() >= *wake) {
        if (deadline && *wake == *deadline) {
          if (auto t = Send(SIGKILL, SentKind::kDeadline)) stop_.deadline_ns = *t;
          deadline.reset();
        } else if (next < schedule.size() && *wake == schedule[next].at_ns) {
          const Action& a = schedule[next++];
          auto t = Send(a.signo, a.kind);
          if (a.kind == SentKind::kStop && t) {
            stop_.stop_sent_ns = *t;
            deadline = t0_ + *t + scenario_.stop->grace_ms * kMs;
          }
        } else {
          faults_.push_back(fmt::format(
              "the scenario has no stop and PID 1 ({}) was still running {} ms after the last "
              "scheduled event: the harness gave up and killed it",
              init_.name, options_.give_up_after_ms));
          gave_up_ = true;
          Send(SIGKILL, SentKind::kGiveUp);
        }
        continue;
      }
      Pump(wake);
    }
    if (stop_.stop_sent_ns && !stop_.deadline_ns) {
      stop_.deadline_ns = *stop_.stop_sent_ns + scenario_.stop->grace_ms * kMs;
    }
  }

  // Signals PID 1 and records it; returns when (after t = 0) it was sent,
  // or nullopt when PID 1 was already gone.
  std::optional<int64_t> Send(int signo, SentKind kind) {
    int64_t t = MonotonicNowNs() - t0_;
    if (!pid1_->Signal(signo)) return std::nullopt;
    sent_.push_back({t, signo, kind});
    return t;
  }

  // PID 1 is reaped, so every process of the namespace has exited; wait for
  // the connector to deliver the last exit records.
  void CollectLateEvents() {
    int64_t give_up = MonotonicNowNs() + kLateEventWaitNs;
    while (!live_.empty() && MonotonicNowNs() < give_up) Pump(give_up);
    for (const auto& d : journal_.Drain()) OnJournal(d);
  }

  Trace BuildTrace() {
    Trace trace;
    trace.scenario = scenario_;
    trace.init = init_.name;
    trace.observer = observer_name_;
    trace.stop = stop_;
    trace.sent = sent_;
    trace.faults = faults_;
    if (auto lost = observer_->Lost()) trace.faults.push_back(*lost);

    // PID 1's status from waitid is authoritative; the connector's record of it
    // is checked against it.
    Tracked& init = tracked_.front();
    if (!init.exited) {
      init.record.exit_ns = MonotonicNowNs();
      trace.faults.push_back("the connector never reported PID 1's exit");
    } else if (init.record.wait_status != *pid1_->status()) {
      trace.faults.push_back(fmt::format("PID 1's status from waitid ({}) and from the connector ({}) differ",
                                         *pid1_->status(), init.record.wait_status));
    }
    init.record.wait_status = *pid1_->status();

    std::set<std::string> seen;
    for (auto& t : tracked_) {
      ProcessRecord& r = t.record;
      if (r.role == ProcessRole::kNode) seen.insert(r.name);
      if (r.role == ProcessRole::kUnknown) {
        if (auto daemon = DaemonChildOf(t)) {
          r.role = ProcessRole::kIntermediate;
          r.name = *daemon + " (intermediate)";
        } else {
          r.name = fmt::format("pid {}", r.pid);
        }
      }
      if (r.fork_ns) *r.fork_ns -= t0_;
      if (!t.exited && r.role != ProcessRole::kInit) {
        trace.faults.push_back(fmt::format("no exit record for {} (pid {})", r.name, r.pid));
        r.outcome = Outcome::kStillRunning;
        r.exit_ns.reset();
        continue;
      }
      *r.exit_ns -= t0_;
      r.outcome = ClassifyExit(r.wait_status, *r.exit_ns, stop_);
      if (gave_up_ && WIFSIGNALED(r.wait_status) && WTERMSIG(r.wait_status) == SIGKILL) {
        r.outcome = Outcome::kStillRunning;
      }
      CrossCheck(t, trace.faults);
    }
    for (const auto& n : node_names_) {
      if (!seen.count(n) && scenario_.start == StartMode::kReady) {
        trace.faults.push_back(fmt::format("{} never journaled its start", n));
      }
    }
    for (auto& e : journal_entries_) e.t_ns -= t0_;
    for (const auto& [pid, t] : zombie_pids_) {
      trace.zombies.push_back({FindTracked(pid)->record.name, pid, t - t0_});
    }
    trace.journal = std::move(journal_entries_);
    for (auto& t : tracked_) trace.processes.push_back(std::move(t.record));
    if (!trace.faults.empty()) {
      std::string log = InitLogNote();
      if (!log.empty()) trace.faults.push_back(log.substr(2));
    }
    return trace;
  }

  // A middle process of a daemonizing double fork is unjournaled and the
  // parent of a node that daemonizes; returns that node's name.
  std::optional<std::string> DaemonChildOf(const Tracked& t) const {
    for (const auto& other : tracked_) {
      if (other.record.parent_pid == t.record.pid && daemon_names_.count(other.record.name)) {
        return other.record.name;
      }
    }
    return std::nullopt;
  }

  // The journal and the kernel must tell the same story; when they do not,
  // the harness cannot be trusted and says so.
  void CrossCheck(const Tracked& t, std::vector<std::string>& faults) const {
    const ProcessRecord& r = t.record;
    if (r.role != ProcessRole::kNode) return;
    int status = r.wait_status;
    if (t.journaled_exit) {
      bool same = WIFEXITED(status) && WEXITSTATUS(status) == t.journaled_code;
      // SIGKILL may overtake a journaled exit; nothing else may (the probe
      // blocks every signal before journaling it).
      bool overtaken = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
      if (!same && !overtaken) {
        faults.push_back(fmt::format("{} journaled exit code {} but the kernel reports it {}", r.name,
                                     t.journaled_code, DescribeStatus(status)));
      }
    } else if (WIFEXITED(status)) {
      faults.push_back(fmt::format("the kernel reports {} {} but its journal never said it was exiting",
                                   r.name, DescribeStatus(status)));
    }
  }

  const InitCommand& init_;
  const Scenario& scenario_;
  const RunOptions& options_;
  TempDir dir_;
  RunDirLayout layout_;
  JournalReceiver journal_;
  UniqueFd go_;
  std::optional<NamespacePid1> pid1_;
  // After pid1_: destroyed first, so a tracer sees the namespace out.
  std::unique_ptr<ExitObserver> observer_;
  PtraceObserver* ptrace_ = nullptr;  // observer_, when it is the tracer
  std::string observer_name_;

  std::set<std::string> node_names_, daemon_names_, ready_, detached_;
  std::vector<Tracked> tracked_;
  std::map<pid_t, size_t> live_;  // pid -> index in tracked_, until its exit record
  std::vector<JournalEntry> journal_entries_;
  std::vector<std::string> faults_;
  std::vector<SentSignal> sent_;
  std::vector<int64_t> zombie_checks_;                // when to look for zombies next
  std::vector<std::pair<pid_t, int64_t>> zombie_pids_;  // sightings: pid, when
  StopTimes stop_;
  int64_t t0_ = 0;
  bool gave_up_ = false;
};

}  // namespace

Trace Run(const InitCommand& init, const Scenario& scenario, const RunOptions& options) {
  try {
    return NamespaceRun(init, scenario, options).Execute();
  } catch (const SystemError& e) {
    throw RunError(std::string("harness error: ") + e.what());
  }
}

}  // namespace initcheck
