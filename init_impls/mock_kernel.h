// A gMock Kernel: unit tests script the events a strategy sees and assert
// every call it makes in answer. With StrictMock and InSequence a test states
// the whole conversation between the strategy and the kernel.
#pragma once

#include <gmock/gmock.h>

#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "init_impls/kernel.h"

namespace initcheck::inits {

// Thrown by a scripted WaitForEvent when the script has nothing more to say:
// the strategy was still waiting, i.e. it had not decided to exit.
struct StillWaiting {};

class MockKernel : public Kernel {
 public:
  MOCK_METHOD((std::variant<pid_t, SyscallError>), Spawn,
              (const std::vector<std::string>& argv, const SpawnOptions& options),
              (override));
  MOCK_METHOD(Event, WaitForEvent, (std::optional<Clock::time_point> deadline), (override));
  MOCK_METHOD(ReapResult, Reap, (), (override));
  MOCK_METHOD(MaybeError, Kill, (pid_t pid, int signo), (override));
  MOCK_METHOD(MaybeError, Broadcast, (int signo), (override));
  MOCK_METHOD(Clock::time_point, Now, (), (override));
  MOCK_METHOD(void, Log, (std::string_view message), (override));
};

// Readable gMock failure messages for the vocabulary types.
inline void PrintTo(const Event& event, std::ostream* os) {
  if (event.kind == Event::Kind::kTimeout) {
    *os << "Timeout";
  } else {
    *os << "Signal(" << event.signo << ")";
  }
}

inline void PrintTo(const ProcessStatus& status, std::ostream* os) {
  if (status.killed()) {
    *os << "KilledBy(" << status.signal() << ")";
  } else {
    *os << "Exited(" << status.exit_code() << ")";
  }
}

inline void PrintTo(const ReapResult& result, std::ostream* os) {
  if (const auto* reaped = std::get_if<Reaped>(&result)) {
    *os << "Reaped{" << reaped->pid << ", ";
    PrintTo(reaped->status, os);
    *os << "}";
  } else if (std::holds_alternative<NoneReady>(result)) {
    *os << "NoneReady";
  } else {
    *os << "NoChildren";
  }
}

inline void PrintTo(const SpawnOptions& options, std::ostream* os) {
  *os << "{new_process_group=" << options.new_process_group << "}";
}

inline void PrintTo(const SyscallError& error, std::ostream* os) { *os << error.ToString(); }

}  // namespace initcheck::inits
