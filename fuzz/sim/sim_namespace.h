// A PID namespace as the kernel keeps it, simulated: the state the init
// strategies and the probes can observe, and what kill(2), exit, wait and
// the death of PID 1 do to it. Deterministic, in-process, and on no clock:
// the simulated kernel that drives it (issue 9 item 4) keeps the time and
// chooses the order of events. Modelled, each as signal(7), kill(2),
// wait(2), pid_namespaces(7) and setsid(2)/setpgid(2) state it:
//
//   generation   A signal is discarded when its target ignores it (SIG_IGN,
//                or SIG_DFL with a default action of ignore) and does not
//                block it; otherwise it becomes pending. Standard signals
//                do not queue: a pending one stays one (its sender learns
//                "already pending", as the signal_generate tracepoint does).
//   PID 1        From inside its namespace, PID 1 gets only the signals it
//                has a handler for: every SIG_DFL signal is dropped, SIGKILL
//                and SIGSTOP included (SIGNAL_UNKILLABLE). The ancestor
//                namespace (the runtime) may SIGKILL it (KillFromOutside).
//   delivery     A pending, unblocked signal is delivered: a handler is
//                taken by the process (TakeCaught), a default action is
//                carried out at once: terminate (it dies by that signal),
//                stop, or nothing. SIGKILL kills at once, stopped or not;
//                SIGCONT resumes a stopped process whatever its disposition
//                and discards its pending stop signals; a stop signal
//                discards a pending SIGCONT; SIGTSTP, SIGTTIN and SIGTTOU
//                at their default do not stop a process of an orphaned
//                process group (PID 1's own group is one).
//   exit         A process that ends becomes a zombie; its children (alive
//                or zombies) pass to PID 1; its parent is sent SIGCHLD,
//                except that a parent which set SIGCHLD to SIG_IGN reaps it
//                at once (auto-reap). When PID 1 ends, every other process
//                of the namespace is SIGKILLed (zap_pid_ns_processes).
//   wait         A parent reaps one zombie child at a time, in the order
//                they died.
//   groups       Fork keeps the parent's process group and session; setsid
//                makes a new session and group (EPERM for a group leader);
//                setpgid(0, 0) a new group in the same session.
//   exec         Handlers become SIG_DFL; SIG_IGN and the mask stay.
//
// Not modelled: real-time signals (no scenario or strategy uses them),
// siginfo, threads, ptrace, terminals, and the SIGHUP + SIGCONT a group
// gets when it becomes orphaned with a stopped member.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace initcheck::sim {

using SimPid = int;
inline constexpr SimPid kSimPid1 = 1;
inline constexpr int kMaxSignal = 31;  // standard signals only

enum class SimDisposition { kDefault, kIgnore, kCatch };

// A set of signals 1..kMaxSignal, bit signo.
using SignalSet = uint32_t;
inline constexpr SignalSet Bit(int signo) { return SignalSet{1} << signo; }

// What kill(2) and the tracepoint say of one generation.
enum class Generated {
  kPending,         // it became pending (result 0 of signal_generate)
  kIgnored,         // discarded: ignored, or dropped by PID 1 (result 1)
  kAlreadyPending,  // coalesced with a pending one (result 2)
  kActed,           // a default action was carried out at once (the target died, stopped or resumed)
};

struct SimProcess {
  enum class State { kRunning, kStopped, kZombie };
  SimPid pid = 0;
  SimPid parent = 0;  // 0 for PID 1: its parent is outside the namespace
  SimPid pgid = 0;
  SimPid sid = 0;
  State state = State::kRunning;
  SimDisposition disposition[kMaxSignal + 1] = {};
  SignalSet blocked = 0;
  SignalSet pending = 0;
  // How it ended, once a zombie: killed_by 0 means it exited with exit_code.
  int exit_code = 0;
  int killed_by = 0;

  bool Alive() const { return state != State::kZombie; }
};

class SimNamespace {
 public:
  // PID 1 exists, alone: pid 1, leader of its own session and group.
  SimNamespace();

  // fork(2) by parent: the child keeps the parent's dispositions, mask,
  // group and session, with nothing pending. Pids count up from 2.
  SimPid Fork(SimPid parent);
  void Exec(SimPid pid);
  void SetDisposition(SimPid pid, int signo, SimDisposition disposition);
  void SetBlocked(SimPid pid, SignalSet blocked);  // SIGKILL and SIGSTOP never
  // setsid(2): false (EPERM) for a process group leader.
  bool SetSid(SimPid pid);
  void NewProcessGroup(SimPid pid);  // setpgid(0, 0)

  // kill(2) from sender inside the namespace: target > 0 one process, 0 the
  // sender's group, -1 every process but PID 1 and the sender, < -1 process
  // group -target.
  // Every generation it made, in pid order; empty: ESRCH.
  struct Generation {
    SimPid target;
    Generated result;
  };
  std::vector<Generation> Kill(SimPid sender, int target, int signo);
  // The runtime, from the ancestor namespace: may SIGKILL PID 1.
  Generated KillFromOutside(SimPid target, int signo);

  // The lowest pending, unblocked signal pid catches, now no longer
  // pending: its handler is to run. nullopt when there is none.
  std::optional<int> TakeCaught(SimPid pid);
  // sigtimedwait(2) on set (signals the process blocks): the lowest pending
  // one of them, now no longer pending. nullopt when none is.
  std::optional<int> TakeWaited(SimPid pid, SignalSet set);
  // pid ends by itself (exit(2)) with code.
  void Exit(SimPid pid, int code);
  // waitpid(-1, WNOHANG) by parent: the child it reaps, if a zombie is ready.
  struct Reaped {
    SimPid pid;
    int exit_code;
    int killed_by;
  };
  std::optional<Reaped> Wait(SimPid parent);
  // waitpid(child, WNOHANG): that child, if it is a zombie of parent's.
  std::optional<Reaped> WaitFor(SimPid parent, SimPid child);
  bool HasChildren(SimPid parent) const;
  // No member has a parent in another group of the same session (PID 1's
  // parent is outside the namespace, in another session).
  bool Orphaned(SimPid pgid) const;

  const SimProcess& Get(SimPid pid) const { return processes_.at(pid); }
  bool Exists(SimPid pid) const { return processes_.count(pid) != 0; }
  // Every process not yet reaped, by pid.
  const std::map<SimPid, SimProcess>& Processes() const { return processes_; }
  // Every death, in order: who, and how (what a proc connector reports).
  struct Death {
    SimPid pid;
    int exit_code;
    int killed_by;
  };
  const std::vector<Death>& Deaths() const { return deaths_; }
  // The signals the kernel generated by itself, in order: SIGCHLD to a
  // parent (sent in the dying child's context) and the SIGKILLs of PID 1's
  // teardown (in PID 1's), as the signal_generate tracepoint reports them.
  struct KernelSignal {
    SimPid sender;
    SimPid target;
    int signo;
    Generated result;
  };
  const std::vector<KernelSignal>& KernelSignals() const { return kernel_signals_; }

 private:
  Generated Generate(SimPid target, int signo, bool from_outside);
  void Deliver(SimProcess& p);  // carries out default actions now due
  void Die(SimPid pid, int exit_code, int killed_by);

  std::map<SimPid, SimProcess> processes_;
  std::map<SimPid, std::vector<SimPid>> zombie_order_;  // parent -> its zombie children, by death
  std::vector<Death> deaths_;
  std::vector<KernelSignal> kernel_signals_;
  SimPid next_pid_ = 2;
};

}  // namespace initcheck::sim
