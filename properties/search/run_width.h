// How many runs at once: a number the user gave (--jobs N), or, by default,
// as many as the machine carries without a run's schedule slipping.
//
// Runs spend nearly all their time asleep, waiting on their own schedules
// (a 1.1 s generated scenario costs the machine about 30 ms of CPU), so the
// number of cores says little about how many fit; what bounds them is that
// every run's timed actions get a CPU when due (properties/schedule_slip.h),
// and what threatens that is bursts: runs started together reach their
// stops, their teardowns and their judging together. Measured with drain
// over 96 generated scenarios on 2 cores: growing by half a tick to 48 at
// once, started within 2 s, the machine went from 15% busy to 98% in one
// tick, and runs ended 600 ms late.
//
// So the adaptive width starts at kStartCoresTimes the number of cores,
// starts runs at least kStartSpacingMs apart (pool's business,
// worker_pool.h), and once a tick (250 ms):
//   - grows by half (at least 1) while the machine's CPUs were less
//     than kGrowBelowBusy busy in the last tick, the width was filled (as
//     many runs in flight as allowed; a width not used proves nothing) and
//     no run came close to slipping for kHoldTicks ticks;
//   - shrinks by a quarter when they were more than kShrinkAboveBusy busy
//     (another job on the machine, a compile, takes its share first);
//   - halves at once, and holds for kHoldTicks, when a run ended more than
//     kCloseToSlipMs late somewhere: half the allowance, so that the width
//     backs off before runs become unknown, not after.
// It never goes below the cores nor above kMaxAutoWidth, which bounds what
// runs hold at once (a dozen fds, their processes). Measured on 2 cores
// once runs shared one tracefs instance (signal_tracer.h): `check --init
// drain --runs 300` with seeds 1 to 3 took 12.1 to 13.1 s at 48 with no run
// replaced, 14.8 to 15.2 s at 32 (the width spends the first 3 s growing,
// and at 48 it keeps growing after 32 to make up for it), and 12.3 to 13.1 s
// at a fixed --jobs 32 with 4 of 904 runs replaced after slips; the
// catalogue matrix of the 10 inits took 7.9 to 8.4 s at 48 and 7.0
// to 8.1 s at 32. Before that, at 48 check replaced 21 of 321 runs. Growing
// by half instead of a quarter took `check --runs 300` from 11.5-11.7 s to
// 10.5-11.0 s and `--runs 100` from 6.6 to 6.0-6.4 s (seeds 1 to 3, none
// replaced; measured while the runner skipped its 10 ms reads of a sleeping
// PID 1, since reverted, which left check_bench's BM_CheckDefault the same);
// starting at four times the cores instead of at the cores, to 9.6-9.8 s
// and 5.1-5.5 s, none replaced; with two CPU hogs beside it, 50 runs never
// went above 8 at once and none was replaced. A 100-run check is bounded by
// its longest scenarios: at a fixed --jobs 100 it took 4.4 s.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

#include "properties/schedule_slip.h"

namespace initcheck {

inline constexpr double kGrowBelowBusy = 0.4;
inline constexpr double kShrinkAboveBusy = 0.7;
inline constexpr int kHoldTicks = 4;
inline constexpr int kStartSpacingMs = 10;
inline constexpr int kStartCoresTimes = 4;
inline constexpr int64_t kCloseToSlipMs = kSlipAllowanceMs / 2;
inline constexpr int kMaxAutoWidth = 48;

// A jobs setting meaning "adaptive" (the CLI's --jobs auto, its default).
inline constexpr int kAutoJobs = 0;

// The CPUs this process may run on (its affinity mask), at least 1.
int AvailableCores();

class RunWidth {
 public:
  static RunWidth Fixed(int jobs) { return RunWidth(jobs, jobs); }
  // From kStartCoresTimes * `cores`, between `cores` and kMaxAutoWidth, as above.
  static RunWidth Adaptive(int cores) { return RunWidth(cores, kMaxAutoWidth); }
  // What a jobs setting asks for: kAutoJobs adapts from AvailableCores().
  static RunWidth ForJobs(int jobs) { return jobs == kAutoJobs ? Adaptive(AvailableCores()) : Fixed(jobs); }

  RunWidth(const RunWidth& other) : RunWidth(other.floor_, other.ceiling_) {}

  bool IsAdaptive() const { return floor_ != ceiling_; }
  int Floor() const { return floor_; }
  int Ceiling() const { return ceiling_; }
  int Allowed() const;
  int Widest() const;  // the most Allowed() ever was
  // How far apart the pool starts runs.
  std::chrono::milliseconds StartSpacing() const {
    return std::chrono::milliseconds(IsAdaptive() ? kStartSpacingMs : 0);
  }

  // Once a tick: the share of the machine's CPU time that was busy since
  // the last one, and whether as many runs as allowed were in flight at
  // some point of it.
  void OnTick(double busy, bool filled);
  // A run ended, its latest timed action late by worst_late_ns.
  void OnRunEnded(int64_t worst_late_ns);

 private:
  RunWidth(int floor, int ceiling);

  const int floor_, ceiling_;
  mutable std::mutex mutex_;
  int allowed_;
  int widest_;
  int hold_ = 0;  // ticks left without growth, after a close call
};

}  // namespace initcheck
