// A raw wait status (waitpid(2), the proc connector) as a container runtime
// and a person read it.
#pragma once

#include <string>

namespace initcheck {

// The status a runtime reports for a process: its exit code if it exited,
// 128 + signal if a signal killed it (the shell convention docker follows).
int ContainerStatus(int wait_status);

// "exited with code 42", "was killed by SIGTERM (status 143)".
std::string DescribeExit(int wait_status);

// "exited with code 3", "died by SIGKILL": the shorter wording of the
// runner's faults and errors, where the container status would only distract.
std::string DescribeStatusShort(int wait_status);

// True if the status is death by SIGKILL.
bool KilledBySigkill(int wait_status);

}  // namespace initcheck
