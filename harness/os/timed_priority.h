// The priority the timed part of a run runs at: the probes from t = 0 on,
// and the runner's thread while it keeps the schedule.
//
// Runs at once share the CPUs, and each one's start-up (namespaces, execs,
// a fork storm of 80 probes) is CPU work that, at the caller's priority,
// delays another run's timed actions past what its margins allow: at 24 runs
// on 2 cores, 15% of them slipped and were unknown. Those timed actions are
// the harness's own clockwork (a cleanup's end, a stop sent on time), which
// needs a few microseconds of CPU when it is due. At nice -10 a woken probe
// weighs ten times a nice-0 task and gets a CPU at once, while start-ups and
// CPU hogs at nice 0 wait for it. The init under test keeps the priority
// it was started with: its delays are measured (properties/pid1_starvation.h),
// not removed. Raising a priority needs CAP_SYS_NICE; without it (an
// unprivileged run) everything stays as it was, and slips still show as
// unknown.
#pragma once

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace initcheck {

inline constexpr int kTimedNice = -10;

// Raises the calling thread to kTimedNice if it may, with its old nice value
// in old_nice; false if it could not (then nothing changed).
inline bool RaiseToTimedPriority(int& old_nice) {
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  errno = 0;
  old_nice = getpriority(PRIO_PROCESS, tid);
  if (errno != 0) return false;
  return old_nice <= kTimedNice || setpriority(PRIO_PROCESS, tid, kTimedNice) == 0;
}

// The calling thread at kTimedNice for the guard's life (where permitted).
class TimedPriority {
 public:
  TimedPriority() : raised_(RaiseToTimedPriority(old_nice_)) {}
  TimedPriority(const TimedPriority&) = delete;
  TimedPriority& operator=(const TimedPriority&) = delete;
  ~TimedPriority() {
    if (raised_) setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), old_nice_);
  }

 private:
  int old_nice_ = 0;
  bool raised_;
};

}  // namespace initcheck
