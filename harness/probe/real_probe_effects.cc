#include "harness/probe/real_probe_effects.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/codec/journal_json.h"
#include "harness/model/signal_names.h"
#include "harness/os/monotonic_clock.h"
#include "harness/os/system_error.h"
#include "harness/os/timed_priority.h"
#include "harness/probe/probe_exit_status.h"

namespace initcheck {
namespace {

// A caught signal travels from the handler to WaitForEvents through this
// pipe, stamped with the time the handler ran.
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

std::string SigactionCall(int signo) { return "sigaction(" + SignalName(signo) + ")"; }

}  // namespace

RealProbeEffects::RealProbeEffects(RunDirLayout run_dir, std::string node_name, NodePlayer play_child)
    : run_dir_(std::move(run_dir)), node_name_(std::move(node_name)), play_child_(std::move(play_child)),
      journal_(run_dir_.JournalSocket()) {
  int fds[2];
  CheckSys(pipe2(fds, O_CLOEXEC | O_NONBLOCK), "pipe2");
  signal_read_ = UniqueFd(fds[0]);
  signal_write_ = UniqueFd(fds[1]);
  g_signal_pipe = signal_write_.get();
}

RealProbeEffects::~RealProbeEffects() { g_signal_pipe = -1; }

int64_t RealProbeEffects::NowNs() { return MonotonicNowNs(); }

InheritedSignals RealProbeEffects::CaptureInheritedSignals() {
  CheckSys(sigprocmask(SIG_BLOCK, nullptr, &start_mask_), "sigprocmask");
  for (int s : KnownSignals()) {
    if (!IsCatchable(s)) continue;
    struct sigaction sa;
    CheckSys(sigaction(s, nullptr, &sa), SigactionCall(s));
    if (sa.sa_handler == SIG_IGN) start_ignored_.insert(s);
  }
  InheritedSignals inherited;
  for (int s : KnownSignals()) {
    if (sigismember(&start_mask_, s)) inherited.blocked.push_back(s);
    if (start_ignored_.count(s)) inherited.ignored.push_back(s);
  }
  return inherited;
}

void RealProbeEffects::EnterSession(SessionMode mode) {
  switch (mode) {
    case SessionMode::kInherit: break;
    case SessionMode::kNewGroup: CheckSys(setpgid(0, 0), "setpgid(0, 0)"); break;
    case SessionMode::kNewSession: CheckSys(setsid(), "setsid()"); break;
  }
}

void RealProbeEffects::SetSignalHandling(int signo, SignalHandling handling) {
  struct sigaction sa {};
  sigfillset(&sa.sa_mask);
  switch (handling) {
    case SignalHandling::kDefault: sa.sa_handler = SIG_DFL; break;
    case SignalHandling::kIgnore: sa.sa_handler = SIG_IGN; break;
    case SignalHandling::kCatch: sa.sa_handler = OnSignal; sa.sa_flags = SA_RESTART; break;
  }
  CheckSys(sigaction(signo, &sa, nullptr), SigactionCall(signo));
  handled_.insert(signo);
}

void RealProbeEffects::BlockSignals(const std::vector<int>& signals) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : signals) sigaddset(&set, s);
  CheckSys(sigprocmask(SIG_BLOCK, &set, nullptr), "sigprocmask(SIG_BLOCK)");
}

// Until the child has put back its inherited dispositions, a signal must not
// reach this probe's handler in the child (it would write to this probe's
// pipe and be lost): everything stays blocked in the child until it has the
// inherited ones.
pid_t RealProbeEffects::ForkBlocked() {
  sigset_t all, before;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &before);
  std::fflush(nullptr);  // else the child writes this probe's buffered output again
  pid_t pid = fork();
  if (pid != 0) sigprocmask(SIG_SETMASK, &before, nullptr);
  return CheckSys(pid, "fork");
}

// In a freshly forked child: what an exec of the probe would leave it, with
// no exec. An exec cost a probe 1 ms of CPU, most of it glibc's start-up
// asking the CPU for its cache sizes (cpuid traps to the hypervisor in a
// VM), and every node but main was one.
//
// The signal state is the one this probe inherited, not the dispositions
// its own node asked for: handlers back to SIG_DFL as exec resets them,
// SIG_IGN where it was inherited. This probe's descriptors are all
// close-on-exec, so they go as an exec would close them; its objects are
// never used again, since the child ends in _exit without returning.
void RealProbeEffects::BecomeChild(const ProcessSpec& child) {
  for (int signo : handled_) signal(signo, start_ignored_.count(signo) ? SIG_IGN : SIG_DFL);
  g_signal_pipe = -1;
  signal_read_.Reset();
  signal_write_.Reset();
  go_.Reset();
  children_.clear();
  journal_.Close();
  sigprocmask(SIG_SETMASK, &start_mask_, nullptr);
  try {
    play_child_(child);
  } catch (...) {
  }
  _exit(kProbeFailure);  // play_child_ ends in _exit; nothing else may unwind into this probe's frames
}

ChildId RealProbeEffects::SpawnChild(const ProcessSpec& child) {
  pid_t pid = ForkBlocked();
  if (pid == 0) BecomeChild(child);
  int pidfd = CheckSys(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)), "pidfd_open");
  children_.push_back(WatchedChild{pid, UniqueFd(pidfd)});
  return pid;
}

void RealProbeEffects::SpawnDaemon(const ProcessSpec& child) {
  pid_t pid = ForkBlocked();
  if (pid == 0) {
    // The intermediate of a double fork: its exit hands the grandchild to PID 1.
    pid_t grandchild = fork();
    if (grandchild == 0) BecomeChild(child);
    _exit(grandchild < 0 ? kProbeFailure : 0);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("daemonize " + child.name + ": intermediate fork failed");
  }
}

// The harness holds the go FIFO open for writing until t = 0; its hang-up
// wakes every probe at once.
std::optional<int64_t> RealProbeEffects::WatchStartClock() {
  go_ = UniqueFd(CheckSys(open(run_dir_.GoFifo().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC),
                          "open(" + run_dir_.GoFifo() + ")"));
  return ReadStartTime();
}

// The t0 file is renamed into place before the FIFO closes, so once the
// FIFO hangs up the file is there.
std::optional<int64_t> RealProbeEffects::ReadStartTime() {
  std::ifstream in(run_dir_.StartTime());
  int64_t t0;
  if (!(in >> t0)) return std::nullopt;
  go_.Reset();
  // From now on the probe keeps a schedule (harness/os/timed_priority.h).
  int old_nice;
  RaiseToTimedPriority(old_nice);
  return t0;
}

std::vector<ProbeEvent> RealProbeEffects::WaitForEvents(std::optional<int64_t> deadline_ns) {
  std::vector<pollfd> fds;
  fds.push_back({signal_read_.get(), POLLIN, 0});
  const bool watching_go = go_.valid();
  if (watching_go) fds.push_back({go_.get(), POLLIN, 0});
  const size_t first_child = fds.size();
  for (const WatchedChild& child : children_) fds.push_back({child.pidfd.get(), POLLIN, 0});

  timespec timeout;
  if (deadline_ns) timeout = NsToTimespec(*deadline_ns - MonotonicNowNs());
  int n = ppoll(fds.data(), fds.size(), deadline_ns ? &timeout : nullptr, nullptr);
  if (n < 0 && errno != EINTR) throw SystemError("ppoll", errno);

  std::vector<ProbeEvent> events;
  if (n <= 0) return events;
  if (fds[0].revents) {
    CaughtSignal caught;
    while (read(signal_read_.get(), &caught, sizeof caught) == sizeof caught) {
      events.push_back(ProbeEvent::SignalCaught(caught.signo, caught.t_ns));
    }
  }
  if (watching_go && fds[1].revents & (POLLHUP | POLLIN)) {
    if (std::optional<int64_t> t0 = ReadStartTime()) {
      events.push_back(ProbeEvent::StartClockKnown(*t0));
    }
  }
  // Latest spawned first, the order the probe has always handled them in.
  for (size_t i = fds.size(); i-- > first_child;) {
    if (fds[i].revents) events.push_back(ProbeEvent::ChildExited(children_[i - first_child].pid));
  }
  return events;
}

void RealProbeEffects::SendSignal(ChildId child, int signo) { kill(child, signo); }

void RealProbeEffects::ReapChild(ChildId child) {
  for (const WatchedChild& watched : children_) {
    if (watched.pid != child) continue;
    siginfo_t info;
    waitid(static_cast<idtype_t>(P_PIDFD), watched.pidfd.get(), &info, WEXITED);
  }
  StopWatching(child);
}

void RealProbeEffects::LeaveZombie(ChildId child) { StopWatching(child); }

// Closes the pidfd: an exited child's stays readable and would wake every wait.
void RealProbeEffects::StopWatching(ChildId child) {
  std::erase_if(children_, [child](const WatchedChild& c) { return c.pid == child; });
}

void RealProbeEffects::Journal(const JournalEntry& entry) {
  journal_.Send(JournalEntryToJson(entry).dump());
}

void RealProbeEffects::JournalExiting(int code, int signo) {
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, nullptr);
  Journal(ExitingEntry(MonotonicNowNs(), node_name_, code, signo));
}

void RealProbeEffects::Exit(int code) {
  JournalExiting(code, 0);
  _exit(code);
}

// Pending while everything is blocked, then let through alone: nothing the
// init sends meanwhile can be handled first.
void RealProbeEffects::ExitBySignal(int signo) {
  JournalExiting(0, signo);
  signal(signo, SIG_DFL);
  kill(getpid(), signo);
  sigset_t only;
  sigemptyset(&only);
  sigaddset(&only, signo);
  sigprocmask(SIG_UNBLOCK, &only, nullptr);
  // Unreachable for a signal that terminates; validation allows no other.
  abort();
}

}  // namespace initcheck
