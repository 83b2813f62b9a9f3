#include "fuzz/sim/sim_scheduler.h"

#include <stdexcept>
#include <vector>

namespace initcheck::sim {

SimScheduler::~SimScheduler() {
  std::unique_lock lock(mutex_);
  for (auto& [id, p] : procs_) {
    if (p->ended) continue;
    p->gone = true;
    Hand(id, lock);
  }
  for (auto& [id, p] : procs_) {
    lock.unlock();
    if (p->thread.joinable()) p->thread.join();
    lock.lock();
  }
}

void SimScheduler::Start(int id, Body body) {
  std::lock_guard lock(mutex_);
  if (procs_.count(id)) throw std::logic_error("SimScheduler::Start: id in use");
  auto proc = std::make_unique<Proc>();
  Proc& p = *proc;
  procs_[id] = std::move(proc);
  p.thread = std::thread([this, &p, body = std::move(body)] {
    {
      std::unique_lock lock(mutex_);
      p.cv.wait(lock, [&] { return p.running; });
    }
    try {
      if (!p.gone) body();
    } catch (const Gone&) {
    }
    std::lock_guard lock(mutex_);
    p.ended = true;
    p.running = false;
    current_.reset();
    returned_.notify_one();
  });
}

void SimScheduler::Block(int id, std::optional<int64_t> deadline_ns) {
  std::unique_lock lock(mutex_);
  Proc& p = *procs_.at(id);
  if (p.gone) throw Gone{};
  p.deadline_ns = deadline_ns;
  p.runnable = false;
  p.running = false;
  current_.reset();
  returned_.notify_one();
  p.cv.wait(lock, [&] { return p.running; });
  if (p.gone) throw Gone{};
}

void SimScheduler::Wake(int id) {
  std::lock_guard lock(mutex_);
  auto it = procs_.find(id);
  if (it == procs_.end() || it->second->ended) return;
  it->second->runnable = true;
  it->second->deadline_ns.reset();
}

void SimScheduler::Kill(int id) {
  std::lock_guard lock(mutex_);
  auto it = procs_.find(id);
  if (it == procs_.end() || it->second->ended) return;
  it->second->gone = true;
  it->second->runnable = true;
}

void SimScheduler::Hand(int id, std::unique_lock<std::mutex>& lock) {
  Proc& p = *procs_.at(id);
  p.runnable = false;
  p.deadline_ns.reset();
  p.running = true;
  current_ = id;
  p.cv.notify_one();
  returned_.wait(lock, [&] { return !current_; });
}

void SimScheduler::Run(const Chooser& choose) {
  std::unique_lock lock(mutex_);
  for (;;) {
    std::vector<int> runnable;
    std::optional<int64_t> next_deadline;
    for (const auto& [id, p] : procs_) {
      if (p->ended) continue;
      if (p->runnable) runnable.push_back(id);
      if (!p->runnable && p->deadline_ns && (!next_deadline || *p->deadline_ns < *next_deadline)) {
        next_deadline = p->deadline_ns;
      }
    }
    if (runnable.empty()) {
      if (!next_deadline) return;
      if (*next_deadline > now_ns_) now_ns_ = *next_deadline;
      for (auto& [id, p] : procs_) {
        if (!p->ended && !p->runnable && p->deadline_ns && *p->deadline_ns <= now_ns_) p->runnable = true;
      }
      continue;
    }
    const size_t pick = runnable.size() == 1 ? 0 : choose(runnable.size()) % runnable.size();
    Hand(runnable[pick], lock);
  }
}

}  // namespace initcheck::sim
