#include "properties/search/worker_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "harness/runner/runner.h"

namespace initcheck {

void ForEachIndex(int n, int jobs, const std::function<bool(int)>& item, const PoolTicker& ticker) {
  std::atomic<int> next{0};
  std::atomic<int> stop_at{n};
  std::mutex mutex;
  std::condition_variable changed;
  int running = 0;
  bool interrupted = false;

  auto worker = [&] {
    for (int i; (i = next++) < stop_at.load();) {
      bool go_on;
      try {
        go_on = item(i);
      } catch (const RunInterrupted&) {
        std::lock_guard lock(mutex);
        interrupted = true;
        stop_at = -1;
        break;
      }
      if (!go_on) {
        for (int s = stop_at.load(); s > i + 1 && !stop_at.compare_exchange_weak(s, i + 1);) {
        }
      }
    }
    std::lock_guard lock(mutex);
    --running;
    changed.notify_all();
  };

  const int threads_wanted = std::max(1, std::min(jobs, n));
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex);
    running = threads_wanted;
  }
  for (int t = 0; t < threads_wanted; ++t) threads.emplace_back(worker);
  {
    std::unique_lock lock(mutex);
    while (running > 0) {
      if (ticker.tick) {
        lock.unlock();
        ticker.tick();
        lock.lock();
      }
      changed.wait_for(lock, ticker.every, [&] { return running == 0; });
    }
  }
  for (auto& t : threads) t.join();
  if (ticker.tick) ticker.tick();
  if (interrupted) throw RunInterrupted();
}

}  // namespace initcheck
