#include "fuzz/planted/planted_mistakes.h"

#include <array>
#include <csignal>
#include <memory>
#include <optional>

#include "init_impls/strategies.h"

namespace initcheck::fuzz {
namespace {

using inits::Event;
using inits::Kernel;
using inits::MaybeError;
using inits::ReapResult;
using inits::Reaped;
using inits::SpawnOptions;
using inits::SyscallError;

// Passes every call through to the kernel the init runs on; a mistake
// overrides what it gets wrong.
class KernelWithAMistake : public Kernel {
 public:
  explicit KernelWithAMistake(Kernel& kernel) : kernel_(kernel) {}

  std::variant<pid_t, SyscallError> Spawn(const std::vector<std::string>& argv,
                                          const SpawnOptions& options) override {
    auto spawned = kernel_.Spawn(argv, options);
    if (const pid_t* pid = std::get_if<pid_t>(&spawned); pid && main_pid_ == 0) main_pid_ = *pid;
    return spawned;
  }
  Event WaitForEvent(std::optional<Clock::time_point> deadline) override { return kernel_.WaitForEvent(deadline); }
  ReapResult Reap() override { return kernel_.Reap(); }
  MaybeError Kill(pid_t pid, int signo) override { return kernel_.Kill(pid, signo); }
  MaybeError Broadcast(int signo) override { return kernel_.Broadcast(signo); }
  Clock::time_point Now() override { return kernel_.Now(); }
  void Log(std::string_view message) override { kernel_.Log(message); }

  // The exit status the init returns, given the one drain chose.
  virtual int ExitCode(int drain_exit_code) { return drain_exit_code; }

 protected:
  Kernel& kernel_;
  pid_t main_pid_ = 0;
};

class ReapsOnce final : public KernelWithAMistake {
 public:
  using KernelWithAMistake::KernelWithAMistake;
  Event WaitForEvent(std::optional<Clock::time_point> deadline) override {
    reaped_since_wake_ = false;
    return kernel_.WaitForEvent(deadline);
  }
  ReapResult Reap() override {
    if (reaped_since_wake_) return inits::NoneReady{};
    ReapResult result = kernel_.Reap();
    reaped_since_wake_ = std::holds_alternative<Reaped>(result);
    return result;
  }

 private:
  bool reaped_since_wake_ = false;
};

class OwnTimeout final : public KernelWithAMistake {
 public:
  // 100 ms clear of every exit of postgres-fast-shutdown, the scenario
  // planted_mistakes_test holds it to (its wal-writer exits at 500 ms, its
  // checkpointer at 700): at 500 the timer and the wal-writer's exit raced.
  static constexpr std::chrono::milliseconds kTimeout{600};
  using KernelWithAMistake::KernelWithAMistake;
  Event WaitForEvent(std::optional<Clock::time_point> deadline) override {
    for (;;) {
      std::optional<Clock::time_point> wake = deadline;
      if (kill_at_ && (!wake || *kill_at_ < *wake)) wake = kill_at_;
      const Event event = kernel_.WaitForEvent(wake);
      if (event.kind == Event::Kind::kTimeout && kill_at_ && kernel_.Now() >= *kill_at_) {
        kernel_.Log("own stop timeout of 600 ms is over: SIGKILL to every process");
        kernel_.Broadcast(SIGKILL);
        kill_at_.reset();
        if (!deadline || kernel_.Now() < *deadline) continue;
      }
      if (event.kind == Event::Kind::kSignal && !stopping_ &&
          (event.signo == SIGTERM || event.signo == SIGINT || event.signo == SIGQUIT)) {
        stopping_ = true;
        kill_at_ = kernel_.Now() + kTimeout;
      }
      return event;
    }
  }

 private:
  bool stopping_ = false;
  std::optional<Clock::time_point> kill_at_;
};

class TermOnly final : public KernelWithAMistake {
 public:
  using KernelWithAMistake::KernelWithAMistake;
  MaybeError Broadcast(int signo) override {
    if (signo == SIGINT || signo == SIGQUIT) return kernel_.Kill(main_pid_, signo);
    return kernel_.Broadcast(signo);
  }
};

class RepeatsStop final : public KernelWithAMistake {
 public:
  static constexpr std::chrono::milliseconds kAgainAfter{100};
  using KernelWithAMistake::KernelWithAMistake;
  MaybeError Broadcast(int signo) override {
    if (!repeat_ && signo != SIGKILL && signo != SIGCONT) repeat_ = Repeat{signo, kernel_.Now() + kAgainAfter};
    return kernel_.Broadcast(signo);
  }
  Event WaitForEvent(std::optional<Clock::time_point> deadline) override {
    for (;;) {
      std::optional<Clock::time_point> wake = deadline;
      if (repeat_ && !repeat_->done && (!wake || repeat_->at < *wake)) wake = repeat_->at;
      const Event event = kernel_.WaitForEvent(wake);
      if (event.kind == Event::Kind::kTimeout && repeat_ && !repeat_->done && kernel_.Now() >= repeat_->at) {
        kernel_.Log("sending the stop again, to be sure");
        kernel_.Broadcast(repeat_->signo);
        repeat_->done = true;
        if (!deadline || kernel_.Now() < *deadline) continue;
      }
      return event;
    }
  }

 private:
  struct Repeat {
    int signo;
    Clock::time_point at;
    bool done = false;
  };
  std::optional<Repeat> repeat_;
};

class ExitZero final : public KernelWithAMistake {
 public:
  using KernelWithAMistake::KernelWithAMistake;
  ReapResult Reap() override {
    ReapResult result = kernel_.Reap();
    if (const Reaped* r = std::get_if<Reaped>(&result); r && r->pid == main_pid_) main_killed_ = r->status.killed();
    return result;
  }
  int ExitCode(int drain_exit_code) override { return main_killed_ ? 0 : drain_exit_code; }

 private:
  bool main_killed_ = false;
};

template <typename Mistake>
class Planted final : public inits::InitStrategy {
 public:
  explicit Planted(const inits::StrategyOptions& options) : drain_(inits::MakeDrain(options)) {}
  int Run(Kernel& kernel, const std::vector<std::string>& command) override {
    Mistake mistaken(kernel);
    return mistaken.ExitCode(drain_->Run(mistaken, command));
  }

 private:
  std::unique_ptr<inits::InitStrategy> drain_;
};

template <typename Mistake>
std::unique_ptr<inits::InitStrategy> Make(const inits::StrategyOptions& options) {
  return std::make_unique<Planted<Mistake>>(options);
}

constexpr std::array kPlanted = {
    inits::StrategyInfo{"drain-reaps-once",
                        "drain, but it reaps one exited child per SIGCHLD instead of every one: "
                        "coalesced exits leave zombies and PID 1 waits for an exit it already missed.",
                        true, &Make<ReapsOnce>},
    inits::StrategyInfo{"drain-own-timeout",
                        "drain, but 600 ms after a stop it SIGKILLs every process, whatever the "
                        "runtime's grace period.",
                        true, &Make<OwnTimeout>},
    inits::StrategyInfo{"drain-term-only",
                        "drain, but only SIGTERM is broadcast: SIGINT and SIGQUIT go to the main "
                        "process alone.",
                        true, &Make<TermOnly>},
    inits::StrategyInfo{"drain-repeats-stop",
                        "drain, but 100 ms after it broadcasts a stop signal it broadcasts it again, to be "
                        "sure: a process that takes a second one as a force quit cuts its cleanup short.",
                        true, &Make<RepeatsStop>},
    inits::StrategyInfo{"drain-exit-zero",
                        "drain, but it exits 0 when the main process was killed by a signal "
                        "instead of 128+signal.",
                        true, &Make<ExitZero>},
};

}  // namespace

std::span<const inits::StrategyInfo> PlantedStrategies() { return kPlanted; }

}  // namespace initcheck::fuzz
