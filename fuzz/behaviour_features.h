// What an init did in one run, as a set of features for namespace_fuzzer's
// extra coverage counters. libFuzzer keeps an input that reaches new
// coverage; the harness's own code paths say nothing about the init (every
// run takes the same ones), so the fuzzer counts these instead, and keeps an
// input that makes the init behave in a way no earlier input did.
//
// A feature names a process by its place in the scenario, never by pid or
// name: "the depth-2 daemonized child that catches SIGTERM", "PID 1". So
// the same behaviour in another tree of the same shape is the same feature,
// and reruns of one input give the same set (up to the init's own races).
//
//   outcome     each process's outcome (graceful, sigkill-in-grace, ...)
//   death       when each process ended: before the stop, in the grace
//               period while PID 1 lived, as PID 1 exited (the kernel's
//               SIGKILLs), after the deadline, or not at all
//   main order  whether main ended first, last or between the others
//   received    each signal a probe's handler ran for, by process
//   forwarded   each signal a probe forwarded to its children
//   generated   each signal generated inside the namespace (tracefs): who
//               sent it (PID 1, a process, the kernel at PID 1's exit), to
//               whom, which, and what became of it (delivered, ignored, ...)
//   pid1        PID 1's outcome and its exit code's class (0, 128+signal,
//               other)
//   verdict     each property's verdict
#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck::fuzz {

// Every feature of the run, each a 64-bit hash of its kind and values.
std::set<uint64_t> BehaviourFeatures(const Trace& trace, const std::vector<Verdict>& verdicts);

}  // namespace initcheck::fuzz
