// The files one run shares between the harness and its probes. The probes
// find the directory through their argv, never through inherited fds or the
// environment, which an init may close or clear.
#pragma once

#include <string>

namespace initcheck {

struct RunDirLayout {
  std::string dir;

  std::string Scenario() const { return dir + "/scenario.json"; }
  std::string JournalSocket() const { return dir + "/journal.sock"; }
  // A FIFO the harness holds open for writing until t = 0; its hang-up is the
  // start signal every probe waits for at once.
  std::string GoFifo() const { return dir + "/go"; }
  // t = 0 on CLOCK_MONOTONIC in decimal nanoseconds, renamed into place
  // before the FIFO is closed.
  std::string StartTime() const { return dir + "/t0"; }
  std::string InitLog() const { return dir + "/init.log"; }
  // main's command in a scenario whose exec of main fails (exec_error):
  // never created, or a file without execute permission.
  std::string MissingCommand() const { return dir + "/no-such-command"; }
  std::string UnexecutableCommand() const { return dir + "/not-executable"; }
};

}  // namespace initcheck
