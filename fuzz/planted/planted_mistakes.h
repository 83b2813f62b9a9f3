// drain with one planted mistake each: the search-power test data of issue 9
// (fuzz/README.md "Search power"). Each is drain, unchanged, running on a
// Kernel that makes one mistake real inits have made, so that the mistake is
// the only difference from an init that holds every property:
//
//   drain-reaps-once  takes one exit per SIGCHLD: waitpid once, not until
//                     nothing is left. SIGCHLD coalesces, so when exits come
//                     together the rest stay zombies and the last exit goes
//                     unseen: PID 1 lingers to the deadline (the `if` for
//                     `while` of hand-written inits).
//   drain-own-timeout after a stop, gives the tree its own 600 ms and then
//                     SIGKILLs every process, whatever the runtime's grace
//                     (s6-svscan's, supervisord's stopwaitsecs, pid1's
//                     timeout, set shorter than the runtime's grace).
//   drain-term-only   broadcasts SIGTERM, but SIGINT and SIGQUIT go to the
//                     main process only: an init whose stop handling knows
//                     one signal, under STOPSIGNAL SIGQUIT (nginx) or SIGINT.
//   drain-repeats-stop 100 ms after broadcasting a stop signal, broadcasts
//                     it again "to be sure" (inits that retry a stop on a
//                     timer): a process that takes the second as a force
//                     quit cuts its cleanup short.
//   drain-exit-zero   exits 0 when the main process was killed by a signal:
//                     exit(WEXITSTATUS(status)) without WIFSIGNALED.
//
// Each runs as a real init (planted_init --strategy=NAME, the in-tree init's
// command line) and simulated (fuzz/sim), so all three searchers can be
// timed against it.
#pragma once

#include <span>

#include "init_impls/init_strategy.h"

namespace initcheck::fuzz {

std::span<const inits::StrategyInfo> PlantedStrategies();

}  // namespace initcheck::fuzz
