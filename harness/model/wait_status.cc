#include "harness/model/wait_status.h"

#include <fmt/core.h>
#include <sys/wait.h>

#include <csignal>

#include "harness/model/signal_names.h"

namespace initcheck {

int ContainerStatus(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;  // stopped or continued: not an end at all
}

std::string DescribeExit(int wait_status) {
  if (WIFSIGNALED(wait_status)) {
    return fmt::format("was killed by {} (status {})", SignalName(WTERMSIG(wait_status)),
                       ContainerStatus(wait_status));
  }
  if (WIFEXITED(wait_status)) return fmt::format("exited with code {}", WEXITSTATUS(wait_status));
  return fmt::format("ended with raw wait status {:#x}", wait_status);
}

std::string BriefExit(int wait_status) {
  if (WIFEXITED(wait_status)) return fmt::format("exit {}", WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) return SignalName(WTERMSIG(wait_status));
  return fmt::format("status {:#x}", wait_status);
}

bool KilledBySigkill(int wait_status) {
  return WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL;
}

}  // namespace initcheck
