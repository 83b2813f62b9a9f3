// Who sent a signal to a process of the run, from the kernel's own record
// of it (Trace::generated: the signal:signal_generate tracepoint, or the
// simulated kernel's equivalent), for the causal chains. Three SIGKILLs
// look alike in an exit record and differ here:
//
//   the kernel's, at PID 1's exit   sender PID 1, si_code SI_KERNEL (0x80):
//                                   zap_pid_ns_processes() sends with
//                                   SEND_SIG_PRIV, in the exiting PID 1's context
//   PID 1's own                     sender PID 1, si_code SI_USER (0): kill(2),
//                                   e.g. kill(-1, SIGKILL) when its own timer ran out
//   another process's               sender that process (a node killing a peer, or itself)
//
// The runtime's deadline SIGKILL goes to PID 1 from outside the namespace
// (Trace::sent), so it is never in the record; what PID 1's death then does
// to the rest is the kernel's SIGKILL above. Where the record is missing
// (tracefs not mounted, no root: Trace::signal_source says why) callers
// infer the sender from timing and say so.
#pragma once

#include <string>

#include "harness/model/trace.h"

namespace initcheck {

inline constexpr int kSiUser = 0;
inline constexpr int kSiKernel = 0x80;

// True when Trace::generated holds every signal sent inside the namespace.
bool SendersRecorded(const Trace& trace);

// The latest recorded generation of signo for target at or before t_ns
// that made it pending (result 0), or nullptr.
const GeneratedSignal* LastSent(const Trace& trace, const ProcessRecord& target, int signo, int64_t t_ns);

// The process of the trace that had pid at t_ns, or nullptr.
const ProcessRecord* ProcessAt(const Trace& trace, int pid, int64_t t_ns);

// The sender as a reason names it: "PID 1", a node's name, or "pid 42" for
// a process the trace does not name (alive at t_ns with that pid).
std::string SenderLabel(const Trace& trace, int pid, int64_t t_ns);

// The namespace teardown's SIGKILL: sent in PID 1's context as SI_KERNEL.
bool IsTeardownKill(const Trace& trace, const GeneratedSignal& g);

// Sent by PID 1 itself with kill(2) (SI_USER), not its teardown.
bool SentByPid1(const Trace& trace, const GeneratedSignal& g);

}  // namespace initcheck
