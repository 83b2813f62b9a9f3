// How NamespacePid1 (namespace_init.h) and the first program of a run's
// PID 1 (pid1_start_main.cc) talk: the program is exec'd as
//   pid1_start MODE LOG_PATH BLOCKED IGNORED INIT [ARG...]
// (BLOCKED and IGNORED: signal numbers, comma-separated, or empty), with
// the init's whole environment as its own, the read end of the hold pipe at
// kHoldFd and the write end of the report pipe at kReportFd. It reports
// {kHeld, 0} once it runs (the harness waits for that before it sets up a
// tracer: the clone's vfork ends inside the exec, and a tracer attached
// then would stop PID 1 at the end of that exec while the harness waits for
// the report), then waits for a byte on kHoldFd (end of file: the harness gave up, exit), sets PID 1 up
// and execs INIT. MODE kHold waits; kHoldThenReexec waits and then execs
// itself again with kGo, which does not wait: in a user namespace of its
// own the program was exec'd before the harness wrote its uid map, so as
// an unmapped user, and the exec dropped the capabilities the namespace
// gave it; exec'd again as the mapped root, it has them back. The report
// pipe closes at that exec: a failure after it shows as PID 1's exit
// status 127, its reason on stderr. On a failure it writes {step, errno} (two ints) to
// kReportFd and exits 127; kReportFd is close-on-exec, so end of file there
// means the init was exec'd.
#pragma once

namespace initcheck::pid1_start {

inline constexpr char kHold[] = "hold";
inline constexpr char kHoldThenReexec[] = "hold-reexec";
inline constexpr char kGo[] = "go";

inline constexpr int kReportFd = 3;
inline constexpr int kHoldFd = 4;

enum Step : int {
  kHeld = 0,  // not a failure: running and waiting for the release
  kPdeathSig,
  kMountPrivate,
  kMountProc,
  kSetsid,
  kOpenStdio,
  kDupStdio,
  kCloseRange,
  kExecInit,
  kExecSelf,  // the program itself could not be exec'd (by the clone child, or again)
  kBadArguments,
};

inline const char* StepName(int step) {
  switch (step) {
    case kPdeathSig: return "prctl(PR_SET_PDEATHSIG)";
    case kMountPrivate: return "mount(/, MS_REC|MS_PRIVATE)";
    case kMountProc: return "mount(proc, /proc)";
    case kSetsid: return "setsid()";
    case kOpenStdio: return "open(/dev/null or the init log)";
    case kDupStdio: return "dup2(stdio)";
    case kCloseRange: return "close_range()";
    case kExecInit: return "execve(the init)";
    case kExecSelf: return "execve(pid1_start)";
    default: return "pid1_start's arguments";
  }
}

}  // namespace initcheck::pid1_start
