// The environment PID 1 starts with: declared, never the caller's. An init's
// behaviour can depend on its environment (tini reads
// TINI_KILL_PROCESS_GROUP, dumb-init DUMB_INIT_SETSID), the caller's may hold
// secrets, and a report must say what the init was given. Like a container
// runtime, the harness gives a small fixed set (docker's default PATH, and
// HOME as runc sets it for root), then what the scenario's env adds, then
// what the caller passes on purpose (initcheck --pass-env NAME); a later one
// replaces an earlier one of the same name.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "harness/model/scenario.h"

namespace initcheck {

using EnvVariable = std::pair<std::string, std::string>;

// PATH and HOME, as a runtime gives them.
const std::vector<EnvVariable>& DefaultInitEnvironment();

// "NAME=value" entries in name order: the defaults, the scenario's env, then
// passed.
std::vector<std::string> InitEnvironment(const Scenario& scenario, const std::vector<EnvVariable>& passed);

// Whether name is a portable environment variable name: [A-Za-z_][A-Za-z0-9_]*.
bool IsEnvName(const std::string& name);

}  // namespace initcheck
