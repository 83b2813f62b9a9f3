// How a process ended, as wait(2) reports it, and the exit code an init
// passes on for it.
#pragma once

namespace initcheck::inits {

class ProcessStatus {
 public:
  static ProcessStatus Exited(int code) { return ProcessStatus(false, code); }
  static ProcessStatus KilledBy(int signo) { return ProcessStatus(true, signo); }

  bool killed() const { return killed_; }
  int exit_code() const { return killed_ ? 0 : value_; }
  int signal() const { return killed_ ? value_ : 0; }

  // What a shell reports and what runtimes expect from PID 1: the exit code,
  // or 128 + the signal that killed the process (143 for SIGTERM).
  int ToExitCode() const { return killed_ ? 128 + value_ : value_; }

  bool operator==(const ProcessStatus&) const = default;

 private:
  ProcessStatus(bool killed, int value) : killed_(killed), value_(value) {}

  bool killed_;
  int value_;
};

}  // namespace initcheck::inits
