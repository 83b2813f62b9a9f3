#include "harness/runner/pid1_sampler.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <condition_variable>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/core.h>

#include "harness/os/monotonic_clock.h"
#include "harness/os/timed_priority.h"
#include "harness/runner/proc_stat.h"

namespace initcheck {
namespace {

UniqueFd OpenProcFile(pid_t pid, const char* name) {
  return UniqueFd(open(fmt::format("/proc/{}/{}", pid, name).c_str(), O_RDONLY | O_CLOEXEC));
}

// One pread of a held /proc file; empty when it cannot be read.
std::string ReadHeld(const UniqueFd& fd) {
  char buf[512];
  ssize_t n = pread(fd.get(), buf, sizeof buf, 0);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

class SharedSampler {
 public:
  void Join(Pid1Sampler* sampler) {
    std::lock_guard lock(mutex_);
    if (!started_) {
      // Never joined: it samples for as long as initcheck runs, and process
      // exit ends it (the sampler is never destroyed either, see Instance()).
      std::thread([this] { Loop(); }).detach();
      started_ = true;
    }
    samplers_.push_back(sampler);
    joined_.notify_one();
  }

  // Returns once the thread is not reading sampler, nor will again.
  void Leave(Pid1Sampler* sampler) {
    std::lock_guard lock(mutex_);
    std::erase(samplers_, sampler);
  }

 private:
  void Loop() {
    int old_nice;
    RaiseToTimedPriority(old_nice);
    constexpr int64_t kPeriodNs = int64_t{kPid1SampleMs} * 1'000'000;
    int64_t due = 0;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        joined_.wait(lock, [this] { return !samplers_.empty(); });
        for (Pid1Sampler* s : samplers_) s->SampleNow();
      }
      // On a fixed period, not a fixed pause after each pass; once a whole
      // period was missed (no runs for a while, a stalled machine) it starts
      // again from now.
      const int64_t now = MonotonicNowNs();
      due += kPeriodNs;
      if (due <= now) due = now + kPeriodNs;
      const timespec at = NsToTimespec(due);
      while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr) == EINTR) {
      }
    }
  }

  std::mutex mutex_;
  std::condition_variable joined_;
  std::vector<Pid1Sampler*> samplers_;
  bool started_ = false;
};

// Never destroyed: its thread runs until initcheck exits.
SharedSampler& Instance() {
  static SharedSampler* sampler = new SharedSampler;
  return *sampler;
}

}  // namespace

Pid1Sampler::Pid1Sampler(pid_t pid1)
    : schedstat_(OpenProcFile(pid1, "schedstat")), stat_(OpenProcFile(pid1, "stat")) {
  SampleNow();
  Instance().Join(this);
}

Pid1Sampler::~Pid1Sampler() { Instance().Leave(this); }

void Pid1Sampler::SampleNow(bool pid1_exited, bool read_state) {
  std::lock_guard lock(mutex_);
  if (!schedstat_.valid()) return;
  // Stamped before both reads: a sample that shows PID 1 not yet exiting
  // is true of its time.
  const MonotonicNs at{MonotonicNowNs()};
  std::string text = ReadHeld(schedstat_);
  std::optional<Schedstat> read = ParseSchedstat(text);
  if (!read) {
    schedstat_.Reset();  // reaped: its final value is already in
    return;
  }
  // A sleeping task is scheduled in, which counts a timeslice, before it can
  // run to set a flag: a schedstat the same as at a read that found PID 1
  // asleep says its flags are as they were then, and the stat read is
  // skipped: the kernel gathers every field for it, 2.7 us a read against
  // schedstat's 0.65 us, and PID 1 sleeps through most of a run.
  const bool stat_read = read_state || text != last_schedstat_ || !last_stat_ || last_stat_->state == 'R';
  if (stat_read) last_stat_ = ParseProcStat(ReadHeld(stat_));
  last_schedstat_ = std::move(text);
  const bool exiting = pid1_exited || (last_stat_ && (last_stat_->flags & kPfExiting));
  // Asleep only as read now: a skipped read's state may since have become R
  // (a wakeup queues a task without counting a timeslice).
  const bool asleep = stat_read && last_stat_ && last_stat_->state != 'R';
  series_.Add(at, *read, {.exited = pid1_exited, .exiting = exiting, .asleep = asleep});
}

std::vector<RunDelaySample> Pid1Sampler::Since(MonotonicNs t0) const {
  std::lock_guard lock(mutex_);
  return series_.Since(t0);
}

}  // namespace initcheck
