// ProbeEffects on a virtual clock, for unit tests of ProbeCore: a test
// schedules events at times, runs the core, and reads back everything the
// core did (journal, signals sent, reaps, exit) with the virtual time of each.
// Time moves only inside WaitForEvents: to the next scheduled event, or to the
// core's deadline when that comes first (an event at the deadline itself is
// delivered, and the core sees the deadline passed right after the batch).
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/probe/probe_effects.h"

namespace initcheck {

// Thrown by Exit: the core's Run() never returns, so the test catches this.
struct ProbeExited {
  int code;
  int64_t t_ns;
  int signo = 0;  // ExitBySignal
};

// Thrown by WaitForEvents when the script is over and the core has no
// deadline: it would wait forever, i.e. it has not decided to exit.
struct StillWaiting {
  int64_t t_ns;
};

class ScriptedProbeEffects final : public ProbeEffects {
 public:
  struct Sent {
    ChildId child;
    int signo;
    int64_t t_ns;
    bool operator==(const Sent&) const = default;
  };

  explicit ScriptedProbeEffects(std::string node_name) : node_name_(std::move(node_name)) {}

  // Events at the same time reach the core as one batch, in the order given.
  void At(int64_t t_ns, ProbeEvent event) { script_[t_ns].push_back(event); }
  // What CaptureInheritedSignals reports.
  void Inherit(InheritedSignals inherited) { inherited_ = std::move(inherited); }
  // Every wait that ends at its deadline ends this much later: a loaded
  // machine waking the probe late.
  void OversleepBy(int64_t ns) { oversleep_ns_ = ns; }
  // t = 0 already known when the core starts watching (a racy start).
  void StartClockAlreadyKnown(int64_t t0_ns) { t0_known_ = t0_ns; }

  int64_t NowNs() override { return now_ns_; }
  InheritedSignals CaptureInheritedSignals() override { return inherited_; }
  void EnterSession(SessionMode mode) override { session = mode; }
  void SetSignalHandling(int signo, SignalHandling h) override { handling[signo] = h; }
  void BlockSignals(const std::vector<int>& signals) override { blocked = signals; }
  ChildId SpawnChild(const ProcessSpec& child) override {
    spawned.push_back(child.name);
    return next_child_++;
  }
  void SpawnDaemon(const ProcessSpec& child) override { daemons.push_back(child.name); }
  std::optional<int64_t> WatchStartClock() override { return t0_known_; }

  std::vector<ProbeEvent> WaitForEvents(std::optional<int64_t> deadline_ns) override {
    if (script_.empty() || (deadline_ns && *deadline_ns < script_.begin()->first)) {
      if (!deadline_ns) throw StillWaiting{now_ns_};
      now_ns_ = std::max(now_ns_, *deadline_ns + oversleep_ns_);
      return {};
    }
    auto next = script_.begin();
    now_ns_ = std::max(now_ns_, next->first);
    std::vector<ProbeEvent> batch = std::move(next->second);
    script_.erase(next);
    return batch;
  }

  void SendSignal(ChildId child, int signo) override { sent.push_back({child, signo, now_ns_}); }
  void ReapChild(ChildId child) override { reaped.push_back(child); }
  void LeaveZombie(ChildId child) override { zombies.push_back(child); }
  void Journal(const JournalEntry& entry) override { journal.push_back(entry); }

  [[noreturn]] void Exit(int code) override { Exiting(code, 0); }
  [[noreturn]] void ExitBySignal(int signo) override { Exiting(0, signo); }

  // What the core did, for the test to assert.
  std::optional<SessionMode> session;
  std::map<int, SignalHandling> handling;
  std::vector<int> blocked;
  std::vector<std::string> spawned;  // ChildId 1, 2, ... in this order
  std::vector<std::string> daemons;
  std::vector<Sent> sent;
  std::vector<ChildId> reaped;
  std::vector<ChildId> zombies;
  std::vector<JournalEntry> journal;

 private:
  [[noreturn]] void Exiting(int code, int signo) {
    journal.push_back(ExitingEntry(now_ns_, node_name_, code, signo));
    throw ProbeExited{code, now_ns_, signo};
  }

  std::string node_name_;
  int64_t now_ns_ = 0;
  int64_t oversleep_ns_ = 0;
  std::map<int64_t, std::vector<ProbeEvent>> script_;
  InheritedSignals inherited_;
  std::optional<int64_t> t0_known_;
  ChildId next_child_ = 1;
};

}  // namespace initcheck
