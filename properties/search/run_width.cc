#include "properties/search/run_width.h"

#include <sched.h>

#include <algorithm>

namespace initcheck {

int AvailableCores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return std::max(1, CPU_COUNT(&set));
}

RunWidth::RunWidth(int floor, int ceiling)
    : floor_(std::max(1, floor)),
      ceiling_(std::max(floor_, ceiling)),
      allowed_(std::min(ceiling_, kStartCoresTimes * floor_)),
      widest_(allowed_) {}

int RunWidth::Allowed() const {
  std::lock_guard lock(mutex_);
  return allowed_;
}

int RunWidth::Widest() const {
  std::lock_guard lock(mutex_);
  return widest_;
}

void RunWidth::OnTick(double busy, bool filled) {
  if (!IsAdaptive()) return;
  std::lock_guard lock(mutex_);
  if (busy > kShrinkAboveBusy) {
    allowed_ = std::max(floor_, allowed_ * 3 / 4);
  } else if (busy < kGrowBelowBusy && filled && hold_ == 0) {
    allowed_ = std::min(ceiling_, allowed_ + std::max(1, allowed_ / 2));
  }
  hold_ = std::max(0, hold_ - 1);
  widest_ = std::max(widest_, allowed_);
}

void RunWidth::OnRunEnded(int64_t worst_late_ns) {
  if (!IsAdaptive() || worst_late_ns <= kCloseToSlipMs * 1'000'000) return;
  std::lock_guard lock(mutex_);
  // Once per hold: the runs of one burst end close together, and each
  // would halve it again.
  if (hold_ == 0) allowed_ = std::max(floor_, allowed_ / 2);
  hold_ = kHoldTicks;
}

}  // namespace initcheck
