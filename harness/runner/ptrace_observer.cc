#include "harness/runner/ptrace_observer.h"

#include <sys/ptrace.h>
#include <sys/wait.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <string>

#include "harness/os/monotonic_clock.h"
#include "harness/os/system_error.h"

namespace initcheck {
namespace {

constexpr long kOptions = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
                          PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;

bool IsStopSignal(int signo) {
  return signo == SIGSTOP || signo == SIGTSTP || signo == SIGTTIN || signo == SIGTTOU;
}

// The thread group a freshly cloned task belongs to.
pid_t ThreadGroupOf(pid_t tid) {
  std::ifstream status("/proc/" + std::to_string(tid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Tgid:", 0) == 0) return static_cast<pid_t>(std::stol(line.substr(5)));
  }
  return tid;
}

// waitpid(pid, &status, WNOHANG | __WALL) for stops only: an exited tracee
// stays a zombie. waitid's si_status for a tracee's stop is the kernel's
// whole stop code (the signal, and a ptrace event above it), which waitpid
// reports shifted as (code << 8) | 0x7f.
pid_t WaitForStop(pid_t pid, int& status) {
  siginfo_t info{};
  if (waitid(P_PID, static_cast<id_t>(pid), &info, WSTOPPED | WNOHANG | __WALL) < 0) return -1;
  if (info.si_pid == 0) return 0;
  status = (info.si_status << 8) | 0x7f;
  return pid;
}

}  // namespace

pid_t PtraceObserver::ThreadGroupOr(pid_t tid) const {
  auto it = groups_.find(tid);
  return it == groups_.end() ? tid : it->second;
}

PtraceObserver::PtraceObserver(pid_t pid1) : pid1_(pid1) {
  CheckSys(ptrace(PTRACE_SEIZE, pid1, nullptr, kOptions), "ptrace(PTRACE_SEIZE, PID 1)");
  tracees_.insert(pid1);
}

PtraceObserver::~PtraceObserver() {
  if (pid1_status_) return;
  pid1_reapable_ = true;
  kill(pid1_, SIGKILL);
  while (!pid1_status_ && !tracees_.empty()) {
    Collect();
    timespec pause = NsToTimespec(*PollIntervalNs());
    nanosleep(&pause, nullptr);
  }
}

std::vector<ProcEvent> PtraceObserver::Collect() {
  std::vector<ProcEvent> out;
  // A copy: Poll() adds new tracees and removes dead ones.
  std::set<pid_t> current = tracees_;
  for (pid_t pid : current) Poll(pid, out);
  return out;
}

void PtraceObserver::Poll(pid_t pid, std::vector<ProcEvent>& out) {
  for (;;) {
    int status;
    pid_t r = pid == pid1_ && !pid1_reapable_ ? WaitForStop(pid, status) : waitpid(pid, &status, WNOHANG | __WALL);
    if (r == 0) return;
    if (r < 0) {
      if (errno == EINTR) continue;
      lost_ = "ptrace lost track of pid " + std::to_string(pid) + ": waitpid: " + std::strerror(errno);
      tracees_.erase(pid);
      return;
    }
    const MonotonicNs now{MonotonicNowNs()};
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      out.push_back({ProcEvent::Kind::kExit, now, ThreadGroupOr(pid), pid, 0, status});
      tracees_.erase(pid);
      if (pid == pid1_) pid1_status_ = status;
      return;
    }
    if (!WIFSTOPPED(status)) continue;
    int signo = WSTOPSIG(status);
    int event = status >> 16;
    long inject = 0;
    switch (event) {
      case PTRACE_EVENT_FORK:
      case PTRACE_EVENT_VFORK:
      case PTRACE_EVENT_CLONE: {
        unsigned long child = 0;
        ptrace(PTRACE_GETEVENTMSG, pid, nullptr, &child);
        pid_t tid = static_cast<pid_t>(child);
        pid_t tgid = event == PTRACE_EVENT_CLONE ? ThreadGroupOf(tid) : tid;
        tracees_.insert(tid);
        groups_[tid] = tgid;
        if (tgid == tid) out.push_back({ProcEvent::Kind::kFork, now, tid, tid, ThreadGroupOr(pid), 0});
        break;
      }
      case PTRACE_EVENT_EXEC:
        out.push_back({ProcEvent::Kind::kExec, now, ThreadGroupOr(pid), pid, 0, 0});
        break;
      case PTRACE_EVENT_STOP:
        // A group stop (SIGSTOP and friends) must stay a stop until SIGCONT;
        // any other event stop (a new tracee's first) just resumes.
        if (IsStopSignal(signo)) {
          ptrace(PTRACE_LISTEN, pid, nullptr, nullptr);
          continue;
        }
        break;
      default:
        inject = signo;  // a signal on its way in: pass it on unchanged
        break;
    }
    ptrace(PTRACE_CONT, pid, nullptr, inject);
  }
}

}  // namespace initcheck
