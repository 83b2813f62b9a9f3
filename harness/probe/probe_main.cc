// The probe workload: one process of a scenario's tree. The init under test
// runs `probe --run-dir DIR --node main`; each probe builds its own children
// the same way, sets the dispositions its node asks for, journals what it
// sees, and acts on signals exactly as the scenario says. It never decides a
// verdict: the kernel's exit records do that.
//
// Like a real program, a probe leaves alone what its node does not mention:
// a SIG_IGN or a blocked signal that the init leaked across exec stays in
// force, so the init's mistakes show in the workload's behaviour.

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/codec/journal_json.h"
#include "harness/os/journal_socket.h"
#include "harness/os/monotonic_clock.h"
#include "harness/os/run_dir.h"
#include "harness/model/scenario.h"
#include "harness/codec/scenario_json.h"
#include "harness/model/signal_names.h"
#include "harness/os/system_error.h"
#include "harness/os/unique_fd.h"

namespace initcheck {
namespace {

// Exit status of a probe that could not play its part: the harness sees it in
// the kernel's exit record with no journaled exit, and reports a fault.
constexpr int kProbeFailure = 125;

// A caught signal travels from the handler to the main loop through this pipe,
// stamped with the time the handler ran.
struct CaughtSignal {
  int signo;
  int64_t t_ns;
};
int g_signal_pipe = -1;

void OnSignal(int signo) {
  int saved = errno;
  CaughtSignal caught{signo, MonotonicNowNs()};
  // The pipe is non-blocking and large enough; a full pipe could only drop a
  // signal the kernel would have coalesced anyway.
  [[maybe_unused]] ssize_t n = write(g_signal_pipe, &caught, sizeof caught);
  errno = saved;
}

bool IsCatchable(int signo) { return signo != SIGKILL && signo != SIGSTOP; }

struct Child {
  std::string name;
  pid_t pid;
  UniqueFd pidfd;  // readable once the child has exited
};

class Probe {
 public:
  Probe(std::string self_exe, RunDirLayout run_dir, const ProcessSpec& node)
      : self_exe_(std::move(self_exe)), run_dir_(std::move(run_dir)), node_(node),
        journal_(run_dir_.JournalSocket()) {}

  [[noreturn]] void Run() {
    RecordStartState();
    EnterSession();
    InstallDispositions();
    for (const auto& child : node_.children) Spawn(child);
    BlockSignals();
    Journal(JournalKind::kReady);
    OpenGo();
    Loop();
  }

 private:
  void Journal(JournalKind kind, int signo = 0, int code = 0, int64_t t_ns = -1,
               const std::string& node = "") {
    JournalEntry entry;
    entry.t_ns = t_ns >= 0 ? t_ns : MonotonicNowNs();
    entry.node = node.empty() ? node_.name : node;
    entry.kind = kind;
    entry.signo = signo;
    entry.code = code;
    if (kind == JournalKind::kStart) {
      for (int s : KnownSignals()) {
        if (sigismember(&start_mask_, s)) entry.blocked.push_back(s);
        if (start_ignored_.count(s)) entry.ignored.push_back(s);
      }
    }
    journal_.Send(JournalEntryToJson(entry).dump());
  }

  // What the init handed over across exec, before the probe changes anything:
  // the clean-signal-state property reads it from the journal.
  void RecordStartState() {
    CheckSys(sigprocmask(SIG_BLOCK, nullptr, &start_mask_), "sigprocmask");
    for (int s : KnownSignals()) {
      if (!IsCatchable(s)) continue;
      struct sigaction sa;
      CheckSys(sigaction(s, nullptr, &sa), "sigaction(" + SignalName(s) + ")");
      if (sa.sa_handler == SIG_IGN) start_ignored_.insert({s, true});
    }
    Journal(JournalKind::kStart);
  }

  void EnterSession() {
    switch (node_.session) {
      case SessionMode::kInherit: break;
      case SessionMode::kNewGroup: CheckSys(setpgid(0, 0), "setpgid(0, 0)"); break;
      case SessionMode::kNewSession: CheckSys(setsid(), "setsid()"); break;
    }
  }

  void InstallDispositions() {
    int fds[2];
    CheckSys(pipe2(fds, O_CLOEXEC | O_NONBLOCK), "pipe2");
    signal_read_ = UniqueFd(fds[0]);
    signal_write_ = UniqueFd(fds[1]);
    g_signal_pipe = signal_write_.get();
    for (const auto& [signo, disposition] : node_.on_signal) {
      struct sigaction sa {};
      sigfillset(&sa.sa_mask);
      switch (disposition.action) {
        case SignalAction::kDefault: sa.sa_handler = SIG_DFL; break;
        case SignalAction::kIgnore: sa.sa_handler = SIG_IGN; break;
        default: sa.sa_handler = OnSignal; sa.sa_flags = SA_RESTART; break;
      }
      CheckSys(sigaction(signo, &sa, nullptr), "sigaction(" + SignalName(signo) + ")");
    }
  }

  void BlockSignals() {
    if (node_.block.empty()) return;
    sigset_t set;
    sigemptyset(&set);
    for (int s : node_.block) sigaddset(&set, s);
    CheckSys(sigprocmask(SIG_BLOCK, &set, nullptr), "sigprocmask(SIG_BLOCK)");
  }

  // In a freshly forked child: give it the signal state this probe inherited,
  // not the dispositions this probe's own node asked for.
  void RestoreStartState() {
    for (const auto& [signo, disposition] : node_.on_signal) {
      signal(signo, start_ignored_.count(signo) ? SIG_IGN : SIG_DFL);
    }
    sigprocmask(SIG_SETMASK, &start_mask_, nullptr);
  }

  [[noreturn]] void ExecChild(const ProcessSpec& child) {
    RestoreStartState();
    const char* argv[] = {self_exe_.c_str(), "--run-dir", run_dir_.dir.c_str(), "--node",
                          child.name.c_str(), nullptr};
    execv(self_exe_.c_str(), const_cast<char* const*>(argv));
    std::fprintf(stderr, "probe %s: execv(%s): %s\n", node_.name.c_str(), self_exe_.c_str(),
                 std::strerror(errno));
    _exit(kProbeFailure);
  }

  void Spawn(const ProcessSpec& child) {
    // Until the child has put back its inherited dispositions, a signal must
    // not reach this probe's handler in the child (it would write to this
    // probe's pipe and be lost): block everything across the fork, and let
    // the child unblock only once its handlers are the inherited ones.
    sigset_t all, before;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &before);
    pid_t pid = fork();
    if (pid != 0) sigprocmask(SIG_SETMASK, &before, nullptr);
    CheckSys(pid, "fork");
    if (pid == 0) {
      if (!child.daemonize) ExecChild(child);
      // The intermediate of a double fork: its exit hands the grandchild to PID 1.
      pid_t grandchild = fork();
      if (grandchild == 0) ExecChild(child);
      _exit(grandchild < 0 ? kProbeFailure : 0);
    }
    if (child.daemonize) {
      int status;
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error("daemonize " + child.name + ": intermediate fork failed");
      }
      Journal(JournalKind::kDetached, 0, 0, -1, child.name);
      return;
    }
    int pidfd = CheckSys(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)), "pidfd_open");
    children_.push_back(Child{child.name, pid, UniqueFd(pidfd)});
  }

  // Waits for the harness to start the clock. A probe that starts after t = 0
  // (racy start) finds the start time already written.
  void OpenGo() {
    go_ = UniqueFd(CheckSys(open(run_dir_.GoFifo().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC),
                            "open(" + run_dir_.GoFifo() + ")"));
    ReadStartTime();
  }

  void ReadStartTime() {
    std::ifstream in(run_dir_.StartTime());
    int64_t t0;
    if (in >> t0) {
      go_.Reset();
      if (node_.exit_after_ms) exit_at_ns_ = t0 + int64_t{*node_.exit_after_ms} * 1'000'000;
    }
  }

  void OnCaught(const CaughtSignal& caught) {
    Journal(JournalKind::kSignal, caught.signo, 0, caught.t_ns);
    if (state_ != State::kRunning) return;  // cleanup already under way
    Disposition d = node_.DispositionFor(caught.signo);
    exit_code_ = d.code;
    cleanup_ms_ = d.after_ms;
    if (d.action == SignalAction::kExit) {
      StartCleanup(caught.signo);
    } else if (d.action == SignalAction::kForward) {
      for (const auto& child : children_) kill(child.pid, caught.signo);
      Journal(JournalKind::kForwarded, caught.signo);
      state_ = State::kForwarding;
      cleanup_signal_ = caught.signo;
      if (children_.empty()) StartCleanup(caught.signo);
    }
  }

  void StartCleanup(int signo) {
    state_ = State::kCleaning;
    Journal(JournalKind::kCleanupStart, signo);
    cleanup_done_ns_ = MonotonicNowNs() + int64_t{cleanup_ms_} * 1'000'000;
  }

  void OnChildExited(size_t index) {
    if (node_.reap) {
      siginfo_t info;
      waitid(static_cast<idtype_t>(P_PIDFD), children_[index].pidfd.get(), &info, WEXITED);
    }
    children_.erase(children_.begin() + static_cast<long>(index));
    if (state_ == State::kForwarding && children_.empty()) StartCleanup(cleanup_signal_);
  }

  [[noreturn]] void Exit(int code) {
    // Nothing but SIGKILL may come between the journaled exit and the real
    // one, so the harness can hold the two against each other.
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, nullptr);
    Journal(JournalKind::kExiting, 0, code);
    _exit(code);
  }

  [[noreturn]] void Loop() {
    for (;;) {
      // The spontaneous exit keeps its time whatever the process is doing: a
      // cleanup or a forward that would end later does not postpone it.
      int64_t now = MonotonicNowNs();
      std::optional<int64_t> cleanup_done;
      if (state_ == State::kCleaning) cleanup_done = cleanup_done_ns_;
      bool cleanup_first = cleanup_done && (!exit_at_ns_ || *cleanup_done <= *exit_at_ns_);
      if (cleanup_first && now >= *cleanup_done) Exit(exit_code_);
      if (exit_at_ns_ && now >= *exit_at_ns_) Exit(node_.exit_code);

      std::optional<int64_t> wake = cleanup_first ? cleanup_done : exit_at_ns_;

      std::vector<pollfd> fds;
      fds.push_back({signal_read_.get(), POLLIN, 0});
      if (go_.valid()) fds.push_back({go_.get(), POLLIN, 0});
      size_t first_child = fds.size();
      for (const auto& child : children_) fds.push_back({child.pidfd.get(), POLLIN, 0});

      timespec timeout;
      if (wake) timeout = NsToTimespec(*wake - now);
      int n = ppoll(fds.data(), fds.size(), wake ? &timeout : nullptr, nullptr);
      if (n < 0 && errno != EINTR) throw SystemError("ppoll", errno);
      if (n <= 0) continue;

      if (fds[0].revents) {
        CaughtSignal caught;
        while (read(signal_read_.get(), &caught, sizeof caught) == sizeof caught) OnCaught(caught);
      }
      if (go_.valid() && fds[1].revents & (POLLHUP | POLLIN)) ReadStartTime();
      for (size_t i = fds.size(); i-- > first_child;) {
        if (fds[i].revents) OnChildExited(i - first_child);
      }
    }
  }

  enum class State { kRunning, kForwarding, kCleaning };

  std::string self_exe_;
  RunDirLayout run_dir_;
  const ProcessSpec& node_;
  JournalSender journal_;
  sigset_t start_mask_;
  std::map<int, bool> start_ignored_;
  UniqueFd signal_read_, signal_write_, go_;
  std::vector<Child> children_;
  std::optional<int64_t> exit_at_ns_;
  State state_ = State::kRunning;
  int exit_code_ = 0, cleanup_ms_ = 0, cleanup_signal_ = 0;
  int64_t cleanup_done_ns_ = 0;
};

std::string SelfExe() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n < 0) throw SystemError("readlink(/proc/self/exe)", errno);
  return std::string(buf, static_cast<size_t>(n));
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
  try {
    RunDirLayout layout{run_dir};
    Scenario scenario = LoadScenarioFile(layout.Scenario());
    const ProcessSpec* node = FindNode(scenario, node_name);
    if (!node) throw std::runtime_error("no node named " + node_name + " in " + layout.Scenario());
    Probe(SelfExe(), layout, *node).Run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "probe %s: %s\n", node_name.c_str(), e.what());
    return kProbeFailure;
  }
}
