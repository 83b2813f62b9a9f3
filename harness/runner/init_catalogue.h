// The inits initcheck knows by name: Debian's tini, dumb-init and catatonit,
// invoked the way container runtimes invoke them, and the in-tree strategies.
// Any other init is a command line given with --init-cmd.
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
};

const std::vector<CatalogueEntry>& InitCatalogue();

// Where the binaries are looked up: PATH for Debian's, the in-tree init path
// for the strategies.
struct InitSearch {
  std::string path_env;   // a PATH value
  std::string init_impl;  // absolute path of //init_impls:init
};

// $PATH (or a sane default when unset), and the in-tree init found beside
// the running binary (or $INITCHECK_INIT).
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
