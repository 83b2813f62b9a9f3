#include "fuzz/sim/sim_namespace.h"

#include <algorithm>
#include <csignal>
#include <stdexcept>

#include "harness/model/signal_defaults.h"

namespace initcheck::sim {
namespace {

constexpr SignalSet kStopSignals = Bit(SIGSTOP) | Bit(SIGTSTP) | Bit(SIGTTIN) | Bit(SIGTTOU);
constexpr SignalSet kUnblockable = Bit(SIGKILL) | Bit(SIGSTOP);

int Lowest(SignalSet set) {
  for (int signo = 1; signo <= kMaxSignal; ++signo) {
    if (set & Bit(signo)) return signo;
  }
  return 0;
}

void CheckSignal(int signo) {
  if (signo < 1 || signo > kMaxSignal) throw std::invalid_argument("not a standard signal");
}

}  // namespace

SimNamespace::SimNamespace() {
  SimProcess& init = processes_[kSimPid1];
  init.pid = kSimPid1;
  init.pgid = kSimPid1;
  init.sid = kSimPid1;
}

SimPid SimNamespace::Fork(SimPid parent) {
  const SimProcess& p = processes_.at(parent);
  SimProcess child = p;
  child.pid = next_pid_++;
  child.parent = parent;
  child.state = SimProcess::State::kRunning;
  child.pending = 0;
  processes_[child.pid] = child;
  return child.pid;
}

void SimNamespace::Exec(SimPid pid) {
  for (SimDisposition& d : processes_.at(pid).disposition) {
    if (d == SimDisposition::kCatch) d = SimDisposition::kDefault;
  }
}

void SimNamespace::SetDisposition(SimPid pid, int signo, SimDisposition disposition) {
  CheckSignal(signo);
  if (kUnblockable & Bit(signo)) return;  // EINVAL: SIGKILL and SIGSTOP keep theirs
  SimProcess& p = processes_.at(pid);
  p.disposition[signo] = disposition;
  // A pending signal now ignored is discarded (signal(7)).
  const bool ignored = disposition == SimDisposition::kIgnore ||
                       (disposition == SimDisposition::kDefault && DefaultActionOf(signo) == DefaultAction::kIgnore);
  if (ignored) p.pending &= ~Bit(signo);
  Deliver(p);
}

void SimNamespace::SetBlocked(SimPid pid, SignalSet blocked) {
  SimProcess& p = processes_.at(pid);
  p.blocked = blocked & ~kUnblockable & ~SignalSet{1};
  Deliver(p);
}

bool SimNamespace::SetSid(SimPid pid) {
  SimProcess& p = processes_.at(pid);
  if (p.pgid == pid) return false;
  p.sid = p.pgid = pid;
  return true;
}

void SimNamespace::NewProcessGroup(SimPid pid) { processes_.at(pid).pgid = pid; }

std::vector<SimNamespace::Generation> SimNamespace::Kill(SimPid sender, int target, int signo) {
  CheckSignal(signo);
  std::vector<SimPid> targets;
  if (target > 0) {
    if (Exists(target)) targets.push_back(target);
  } else {
    const SimPid group = target == 0 ? processes_.at(sender).pgid : -target;
    for (const auto& [pid, p] : processes_) {
      if (!p.Alive()) continue;
      if (target == -1 ? pid != kSimPid1 && pid != sender : p.pgid == group) targets.push_back(pid);
    }
  }
  std::vector<Generation> out;
  for (SimPid t : targets) {
    if (Exists(t)) out.push_back({t, Generate(t, signo, /*from_outside=*/false)});
  }
  return out;
}

Generated SimNamespace::KillFromOutside(SimPid target, int signo) {
  CheckSignal(signo);
  if (!Exists(target)) return Generated::kIgnored;
  return Generate(target, signo, /*from_outside=*/true);
}

Generated SimNamespace::Generate(SimPid target, int signo, bool from_outside) {
  SimProcess& p = processes_.at(target);
  if (!p.Alive()) return Generated::kIgnored;
  const bool blocked = (p.blocked & Bit(signo)) != 0;
  const SimDisposition disposition = p.disposition[signo];
  // SIGNAL_UNKILLABLE: PID 1 gets only what it handles or waits for, but
  // for SIGKILL and SIGSTOP from the ancestor namespace.
  if (target == kSimPid1) {
    const bool forced = from_outside && (kUnblockable & Bit(signo));
    if (!forced && ((kUnblockable & Bit(signo)) || (!blocked && disposition != SimDisposition::kCatch))) {
      return Generated::kIgnored;
    }
  }
  if (signo == SIGKILL) {
    Die(target, 0, SIGKILL);
    return Generated::kActed;
  }
  bool acted = false;
  if (signo == SIGCONT) {
    p.pending &= ~kStopSignals;
    if (p.state == SimProcess::State::kStopped) {
      p.state = SimProcess::State::kRunning;
      acted = true;
    }
  } else if (kStopSignals & Bit(signo)) {
    p.pending &= ~Bit(SIGCONT);
  }
  const bool ignored = disposition == SimDisposition::kIgnore ||
                       (disposition == SimDisposition::kDefault && DefaultActionOf(signo) == DefaultAction::kIgnore);
  if (ignored && !blocked) {
    if (acted) Deliver(p);
    return acted ? Generated::kActed : Generated::kIgnored;
  }
  if (p.pending & Bit(signo)) return Generated::kAlreadyPending;
  p.pending |= Bit(signo);
  const SimProcess::State before = p.state;
  Deliver(p);
  if (!Exists(target) || processes_.at(target).state != before || acted) return Generated::kActed;
  return Generated::kPending;
}

void SimNamespace::Deliver(SimProcess& p) {
  while (p.Alive() && p.state == SimProcess::State::kRunning) {
    SignalSet due = p.pending & ~p.blocked;
    SignalSet defaults = 0;
    for (int signo = 1; signo <= kMaxSignal; ++signo) {
      if ((due & Bit(signo)) && p.disposition[signo] != SimDisposition::kCatch) defaults |= Bit(signo);
    }
    if (defaults == 0) return;  // what is left is for handlers (TakeCaught)
    const int signo = Lowest(defaults);
    p.pending &= ~Bit(signo);
    // PID 1 drops a default action as it dequeues it, but for a SIGSTOP,
    // which only the ancestor namespace could have got to it.
    if ((p.pid == kSimPid1 && signo != SIGSTOP) || p.disposition[signo] == SimDisposition::kIgnore) continue;
    switch (DefaultActionOf(signo)) {
      case DefaultAction::kIgnore:
        break;
      case DefaultAction::kStop:
        // A job-control stop of a process in an orphaned group is discarded
        // (POSIX): nobody in its session could continue it.
        if (signo == SIGSTOP || !Orphaned(p.pgid)) p.state = SimProcess::State::kStopped;
        break;
      case DefaultAction::kTerminate:
        Die(p.pid, 0, signo);
        return;
    }
  }
}

std::optional<int> SimNamespace::TakeCaught(SimPid pid) {
  SimProcess& p = processes_.at(pid);
  if (!p.Alive() || p.state != SimProcess::State::kRunning) return std::nullopt;
  SignalSet caught = 0;
  for (int signo = 1; signo <= kMaxSignal; ++signo) {
    if ((p.pending & ~p.blocked & Bit(signo)) && p.disposition[signo] == SimDisposition::kCatch) caught |= Bit(signo);
  }
  if (caught == 0) return std::nullopt;
  const int signo = Lowest(caught);
  p.pending &= ~Bit(signo);
  return signo;
}

std::optional<int> SimNamespace::TakeWaited(SimPid pid, SignalSet set) {
  SimProcess& p = processes_.at(pid);
  if (!p.Alive() || p.state != SimProcess::State::kRunning) return std::nullopt;
  const SignalSet ready = p.pending & set & p.blocked;
  if (ready == 0) return std::nullopt;
  const int signo = Lowest(ready);
  p.pending &= ~Bit(signo);
  return signo;
}

void SimNamespace::Exit(SimPid pid, int code) { Die(pid, code & 0xff, 0); }

void SimNamespace::Die(SimPid pid, int exit_code, int killed_by) {
  SimProcess& p = processes_.at(pid);
  if (!p.Alive()) return;
  p.state = SimProcess::State::kZombie;
  p.exit_code = exit_code;
  p.killed_by = killed_by;
  p.pending = 0;
  if (pid == kSimPid1) {
    // zap_pid_ns_processes: every other process dies, and PID 1's exit is
    // reported after theirs; their zombies go with the namespace.
    std::vector<SimPid> others;
    for (const auto& [other, q] : processes_) {
      if (other != kSimPid1 && q.Alive()) others.push_back(other);
    }
    for (SimPid other : others) {
      if (!Exists(other)) continue;
      kernel_signals_.push_back({kSimPid1, other, SIGKILL, Generated::kActed});
      Die(other, 0, SIGKILL);
    }
    for (auto it = processes_.begin(); it != processes_.end();) {
      it = it->first == kSimPid1 ? std::next(it) : processes_.erase(it);
    }
    zombie_order_.clear();
    deaths_.push_back({pid, exit_code, killed_by});
    return;
  }
  deaths_.push_back({pid, exit_code, killed_by});
  if (!processes_.at(kSimPid1).Alive()) return;  // in the teardown: nothing is notified
  // Orphans pass to PID 1; a zombie among them is PID 1's to reap.
  std::vector<SimPid> orphaned_zombies;
  for (auto& [child, q] : processes_) {
    if (q.parent != pid) continue;
    q.parent = kSimPid1;
    if (!q.Alive()) orphaned_zombies.push_back(child);
  }
  zombie_order_.erase(pid);
  for (SimPid z : orphaned_zombies) {
    if (processes_.at(kSimPid1).disposition[SIGCHLD] == SimDisposition::kIgnore) {
      processes_.erase(z);
    } else {
      zombie_order_[kSimPid1].push_back(z);
      kernel_signals_.push_back({z, kSimPid1, SIGCHLD, Generate(kSimPid1, SIGCHLD, false)});
    }
  }
  const SimPid parent = p.parent;
  if (processes_.at(parent).disposition[SIGCHLD] == SimDisposition::kIgnore) {
    processes_.erase(pid);  // auto-reaped
    return;
  }
  zombie_order_[parent].push_back(pid);
  kernel_signals_.push_back({pid, parent, SIGCHLD, Generate(parent, SIGCHLD, false)});
}

std::optional<SimNamespace::Reaped> SimNamespace::Wait(SimPid parent) {
  auto it = zombie_order_.find(parent);
  if (it == zombie_order_.end() || it->second.empty()) return std::nullopt;
  const SimPid pid = it->second.front();
  it->second.erase(it->second.begin());
  const SimProcess p = processes_.at(pid);
  processes_.erase(pid);
  return Reaped{pid, p.exit_code, p.killed_by};
}

std::optional<SimNamespace::Reaped> SimNamespace::WaitFor(SimPid parent, SimPid child) {
  auto it = zombie_order_.find(parent);
  if (it == zombie_order_.end()) return std::nullopt;
  auto& zombies = it->second;
  auto at = std::find(zombies.begin(), zombies.end(), child);
  if (at == zombies.end()) return std::nullopt;
  zombies.erase(at);
  const SimProcess p = processes_.at(child);
  processes_.erase(child);
  return Reaped{child, p.exit_code, p.killed_by};
}

bool SimNamespace::Orphaned(SimPid pgid) const {
  for (const auto& [pid, q] : processes_) {
    if (!q.Alive() || q.pgid != pgid || q.parent == 0) continue;
    const auto parent = processes_.find(q.parent);
    if (parent != processes_.end() && parent->second.pgid != pgid && parent->second.sid == q.sid) return false;
  }
  return true;
}

bool SimNamespace::HasChildren(SimPid parent) const {
  for (const auto& [pid, p] : processes_) {
    if (pid != kSimPid1 && p.parent == parent) return true;
  }
  return false;
}

}  // namespace initcheck::sim
