#include "properties/search/worker_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "harness/os/cpu_busy.h"
#include "harness/runner/runner.h"

namespace initcheck {

void ForEachIndex(int n, RunWidth& width, const std::function<bool(int)>& item, const PoolTicker& ticker) {
  std::mutex mutex;
  std::condition_variable changed;  // an item ended, a worker left, the width moved
  int next = 0;
  int stop_at = n;
  int in_flight = 0;
  int running = 0;  // workers
  bool filled = false;  // in_flight reached the width since the last tick
  bool interrupted = false;

  using Clock = std::chrono::steady_clock;
  const Clock::duration spacing = width.StartSpacing();
  Clock::time_point next_start = Clock::now();
  auto worker = [&] {
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return next >= stop_at || in_flight < width.Allowed(); });
      if (next >= stop_at) break;
      if (Clock::now() < next_start) {
        changed.wait_until(lock, next_start);
        continue;  // look again: another worker may have started meanwhile
      }
      next_start = Clock::now() + spacing;
      const int i = next++;
      ++in_flight;
      if (in_flight >= width.Allowed()) filled = true;
      lock.unlock();
      bool go_on = true;
      bool stop_all = false;
      try {
        go_on = item(i);
      } catch (const RunInterrupted&) {
        stop_all = true;
      }
      lock.lock();
      --in_flight;
      if (stop_all) {
        interrupted = true;
        stop_at = -1;
      } else if (!go_on) {
        stop_at = std::min(stop_at, i + 1);
      }
      changed.notify_all();
    }
    --running;
    changed.notify_all();
  };

  const int threads_wanted = std::max(1, std::min(width.Ceiling(), n));
  std::vector<std::thread> threads;
  running = threads_wanted;
  for (int t = 0; t < threads_wanted; ++t) threads.emplace_back(worker);
  CpuBusy busy;
  {
    std::unique_lock lock(mutex);
    while (running > 0) {
      const bool was_filled = std::exchange(filled, false);
      lock.unlock();
      if (ticker.tick) ticker.tick();
      if (width.IsAdaptive()) {
        if (std::optional<double> share = busy.SinceLastLook()) width.OnTick(*share, was_filled);
      }
      lock.lock();
      changed.notify_all();
      changed.wait_for(lock, ticker.every, [&] { return running == 0; });
    }
  }
  for (auto& t : threads) t.join();
  if (ticker.tick) ticker.tick();
  if (interrupted) throw RunInterrupted();
}

}  // namespace initcheck
