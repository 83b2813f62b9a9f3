#include "harness/runner/shared_connector.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include "harness/os/system_error.h"
#include "harness/os/timed_priority.h"
#include "harness/os/unique_fd.h"
#include "harness/runner/proc_connector.h"

namespace initcheck {

struct RunConnector::Inbox {
  std::vector<ProcEvent> events;
  bool lost = false;
  UniqueFd wake;  // an eventfd: readable while events wait
};

namespace {

class SharedConnector {
 public:
  std::optional<std::string> EnsureLive(std::chrono::milliseconds timeout) {
    std::lock_guard open_lock(open_mutex_);
    if (connector_) return std::nullopt;
    try {
      auto connector = std::make_unique<ProcConnector>();
      // The exit record is queued before the proof child can be reaped, so
      // a live connector answers at once; the wait only covers a loaded
      // machine.
      if (auto problem = connector->ProveLive(timeout)) return problem;
      connector_ = std::move(connector);
    } catch (const SystemError& e) {
      return e.what();
    }
    // Never joined: it reads for as long as initcheck runs, and process exit
    // ends it (the connector is never destroyed either, see Instance()).
    std::thread([this] { ReadLoop(); }).detach();
    return std::nullopt;
  }

  RunConnector::Inbox* Attach() {
    UniqueFd wake(CheckSys(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), "eventfd"));
    std::lock_guard lock(mutex_);
    RunConnector::Inbox& inbox = inboxes_.emplace_back();
    inbox.wake = std::move(wake);
    return &inbox;
  }

  void Detach(RunConnector::Inbox* inbox) {
    std::lock_guard lock(mutex_);
    std::erase_if(owner_, [inbox](const auto& entry) { return entry.second == inbox; });
    inboxes_.remove_if([inbox](const RunConnector::Inbox& i) { return &i == inbox; });
  }

  void Follow(RunConnector::Inbox* inbox, pid_t pid1) {
    std::lock_guard lock(mutex_);
    owner_[pid1] = inbox;
  }

  // Reads the socket first: whatever the kernel queued before this call
  // (the fork of a probe whose journal line the run just read) is in.
  RunConnector::Inbox Take(RunConnector::Inbox* inbox) {
    std::lock_guard lock(mutex_);
    ReadSocket();
    uint64_t count;
    [[maybe_unused]] ssize_t n = read(inbox->wake.get(), &count, sizeof count);
    RunConnector::Inbox taken;
    taken.events = std::exchange(inbox->events, {});
    taken.lost = inbox->lost;
    return taken;
  }

 private:
  // Wakes the runs whose events arrive while they wait; a run that asks
  // reads the socket itself (Take).
  void ReadLoop() {
    // The runs' own threads keep their schedules at this priority; the
    // events they wait for should not wait behind a compile.
    int old_nice;
    RaiseToTimedPriority(old_nice);
    for (;;) {
      pollfd p{connector_->PollFd(), POLLIN, 0};
      if (poll(&p, 1, -1) < 0 && errno != EINTR) return;
      std::lock_guard lock(mutex_);
      if (!ReadSocket()) return;
    }
  }

  // Under mutex_. False once the socket is gone (recv failing otherwise than
  // EAGAIN or ENOBUFS): every run then loses its events.
  bool ReadSocket() {
    std::vector<ProcEvent> events;
    if (!broken_) {
      try {
        events = connector_->Collect();
      } catch (const SystemError&) {
        broken_ = true;
      }
    }
    for (const ProcEvent& e : events) Route(e);
    if (broken_ || connector_->Overflows() != overflows_) {
      overflows_ = connector_->Overflows();
      for (RunConnector::Inbox& inbox : inboxes_) inbox.lost = true;
    }
    return !broken_;
  }

  void Route(const ProcEvent& e) {
    const bool process = e.pid == e.tid;
    // A new process is its parent's run's; anything else is its process's.
    auto owner = owner_.find(e.kind == ProcEvent::Kind::kFork && process ? e.parent : e.pid);
    if (owner == owner_.end()) return;
    RunConnector::Inbox* inbox = owner->second;
    if (e.kind == ProcEvent::Kind::kFork && process) owner_[e.pid] = inbox;
    if (e.kind == ProcEvent::Kind::kExit && process) owner_.erase(e.pid);
    if (inbox->events.empty()) {
      const uint64_t one = 1;
      [[maybe_unused]] ssize_t n = write(inbox->wake.get(), &one, sizeof one);
    }
    inbox->events.push_back(e);
  }

  std::mutex open_mutex_;
  std::unique_ptr<ProcConnector> connector_;  // set once, under open_mutex_, before the reader starts
  std::mutex mutex_;
  std::list<RunConnector::Inbox> inboxes_;  // a list: each view holds a pointer to its own
  std::unordered_map<pid_t, RunConnector::Inbox*> owner_;  // the runs' live processes
  int64_t overflows_ = 0;  // the connector's, when last read
  bool broken_ = false;
};

// Never destroyed: its reader thread runs until initcheck exits.
SharedConnector& Instance() {
  static SharedConnector* connector = new SharedConnector;
  return *connector;
}

}  // namespace

std::variant<std::unique_ptr<RunConnector>, std::string> RunConnector::Open(std::chrono::milliseconds timeout) {
  if (auto problem = Instance().EnsureLive(timeout)) return *problem;
  try {
    return std::unique_ptr<RunConnector>(new RunConnector(Instance().Attach()));
  } catch (const SystemError& e) {
    return std::string(e.what());
  }
}

RunConnector::~RunConnector() { Instance().Detach(inbox_); }

void RunConnector::Follow(pid_t pid1) { Instance().Follow(inbox_, pid1); }

int RunConnector::PollFd() const { return inbox_->wake.get(); }

std::vector<ProcEvent> RunConnector::Collect() {
  Inbox taken = Instance().Take(inbox_);
  lost_ = lost_ || taken.lost;
  return std::move(taken.events);
}

std::optional<std::string> RunConnector::Lost() const {
  if (!lost_) return std::nullopt;
  return "the process events connector's socket overflowed: exit records were lost";
}

}  // namespace initcheck
