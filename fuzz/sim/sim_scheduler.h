// Runs simulated processes one at a time, each on a thread of its own, so
// that code written as a blocking loop (an init strategy's Run, a probe
// core's Run) can be simulated unchanged. The running process holds the
// baton and gives it back only when it blocks (Block) or ends; the
// scheduler then picks who runs next, asking `choose` whenever several could
// (how a fuzzer's bytes become interleavings), and moves a virtual clock to
// the next deadline when nobody can run. In effect single-threaded and,
// given the same choices, the same every time.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace initcheck::sim {

class SimScheduler {
 public:
  // A process's code: it ends by returning, or by letting Gone (thrown from
  // Block once it has been killed) unwind it.
  using Body = std::function<void()>;
  struct Gone {};
  // Picks one of n runnable processes, 0 <= result < n.
  using Chooser = std::function<size_t(size_t n)>;

  SimScheduler() = default;
  SimScheduler(const SimScheduler&) = delete;
  SimScheduler& operator=(const SimScheduler&) = delete;
  // Unwinds every process still blocked (as if killed) and joins them all.
  ~SimScheduler();

  // A new process, runnable at once. From the running process or before Run.
  void Start(int id, Body body);
  // From the running process `id`: gives up the baton until Wake(id) or the
  // clock reaching deadline_ns. Throws Gone if id was killed meanwhile.
  void Block(int id, std::optional<int64_t> deadline_ns);
  void Wake(int id);
  // id is dead: it runs again only to unwind (its Block throws Gone).
  void Kill(int id);
  int64_t Now() const { return now_ns_; }

  // Runs until no process can run and none waits for a deadline.
  void Run(const Chooser& choose);

 private:
  struct Proc {
    std::thread thread;
    std::condition_variable cv;
    bool runnable = true;
    bool running = false;
    bool gone = false;
    bool ended = false;
    std::optional<int64_t> deadline_ns;
  };

  void Hand(int id, std::unique_lock<std::mutex>& lock);  // gives id the baton, waits for it back

  std::mutex mutex_;
  std::condition_variable returned_;  // the baton came back to the scheduler
  std::map<int, std::unique_ptr<Proc>> procs_;
  std::optional<int> current_;
  int64_t now_ns_ = 0;
};

}  // namespace initcheck::sim
