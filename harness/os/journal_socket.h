// The probe journal's transport: a unix datagram socket at a path in the run
// directory. Probes find it through their argv (inits may close inherited fds
// or clear the environment). The receiver asks for SCM_CREDENTIALS, so the
// kernel stamps every datagram with the sender's pid as the harness's PID
// namespace sees it: that is how a journal line is tied to a kernel exit
// record without trusting the probe to know its outer pid.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "harness/os/unique_fd.h"

namespace initcheck {

class JournalReceiver {
 public:
  explicit JournalReceiver(const std::string& path);

  struct Datagram {
    pid_t sender_pid;  // in the receiver's PID namespace, from the kernel
    std::string text;
  };

  int fd() const { return fd_.get(); }
  // Everything queued now; never blocks.
  std::vector<Datagram> Drain();

 private:
  UniqueFd fd_;
};

class JournalSender {
 public:
  explicit JournalSender(const std::string& path);
  // Blocks while the receiver's queue is full: a journal line is never dropped.
  void Send(const std::string& text);
  void Close() { fd_.Reset(); }

 private:
  UniqueFd fd_;
};

}  // namespace initcheck
