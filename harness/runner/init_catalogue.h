// The inits initcheck knows by name: Debian's, each in the shape a container
// image deploys it (tini and catatonit as `--init` would, a supervisor with
// the workload as its one service), and the in-tree strategies. Any other
// init is a command line given with --init-cmd.
//
// A supervisor needs its service laid out before it starts: a small shell
// wrapper in init_impls/wrappers does that in the run's private mount
// namespace and execs the supervisor, which so becomes PID 1; each wrapper
// says in its opening comment what it sets up and why.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/runner/runner.h"

namespace initcheck {

struct CatalogueEntry {
  std::string name;                // "tini-g"
  std::string binary;              // "tini", "init" for the in-tree binary, "" for no init at all
  std::vector<std::string> flags;  // before the workload command, "--" included
  std::string package;             // the Debian package that ships it, if any
  std::string description;
  // A wrapper in init_impls/wrappers ("s6_svscan.sh") run as
  // `WRAPPER BINARY_PATH FLAGS... WORKLOAD...`; empty: the binary itself.
  std::string wrapper;
};

const std::vector<CatalogueEntry>& InitCatalogue();

// Where the binaries are looked up: PATH for Debian's, the in-tree init path
// for the strategies.
struct InitSearch {
  std::string path_env;   // a PATH value
  std::string init_impl;  // absolute path of //init_impls:init
  std::string wrappers;   // absolute path of init_impls/wrappers
};

// $PATH (or a sane default when unset), and the in-tree init and wrappers
// found beside the running binary (or $INITCHECK_INIT, and the directory of
// $INITCHECK_S6_WRAPPER).
InitSearch DefaultInitSearch();

// An init ready to run, or the reason it is skipped (missing binary).
struct ResolvedInit {
  std::optional<InitCommand> command;
  std::string skip_reason;
};

// Throws std::invalid_argument for a name not in the catalogue (listing them).
ResolvedInit ResolveInit(const std::string& name, const InitSearch& search);

// --init-cmd 'PATH ARGS...': split on whitespace, the binary looked up like a
// shell would. The workload command is appended after ARGS as given.
ResolvedInit ResolveInitCommand(const std::string& command_line, const InitSearch& search);

// The first executable file named binary on path_env, or nullopt. A name with
// a slash is taken as a path.
std::optional<std::string> FindExecutable(const std::string& binary, const std::string& path_env);

}  // namespace initcheck
