// The steps every strategy takes the same way, written once (as tini's
// spawn / reap_zombies): starting the main process, reaping, signalling.
// Like the strategies, they act only through Kernel.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "init_impls/kernel.h"
#include "init_impls/process_status.h"

namespace initcheck::inits {

// Starts the main process. On failure logs what failed and returns nullopt;
// the strategy then exits with kInitFailureExitCode.
std::optional<pid_t> SpawnMain(Kernel& kernel, const std::vector<std::string>& command,
                               const SpawnOptions& options);

// What is left after reaping everything that had exited.
enum class ChildrenLeft {
  kSome,  // at least one child is still running
  kNone,  // no child at all: waitpid said ECHILD
};

// Reaps every child that has exited, until none is ready. If the main process
// is among them its status is stored in `main_status`. Orphans reparented to
// the init are reaped here too; that is the init's job as their new parent.
ChildrenLeft ReapZombies(Kernel& kernel, pid_t main_pid,
                         std::optional<ProcessStatus>& main_status);

// kill(target, signo), logging any failure except ESRCH: a target that has
// just exited is a race every init loses sometimes, not an error.
void SendSignal(Kernel& kernel, pid_t target, int signo);

// Broadcast(signo), logging a failure.
void BroadcastSignal(Kernel& kernel, int signo);

// The loop of the forwarding inits (tini and its kind): every signal but
// SIGCHLD goes to `target` (the main process, or -pgid for its group);
// SIGCHLD reaps, and once the main process is reaped the init returns its
// exit status, whoever else is still running.
int ForwardUntilMainExits(Kernel& kernel, pid_t main_pid, pid_t target);

}  // namespace initcheck::inits
