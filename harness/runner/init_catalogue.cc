#include "harness/runner/init_catalogue.h"

#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "harness/runner/tool_paths.h"

namespace initcheck {

const std::vector<CatalogueEntry>& InitCatalogue() {
  static const std::vector<CatalogueEntry> catalogue = {
      {"none", "", {}, "",
       "no init: the workload itself is PID 1 (the baseline; also what env, gosu, su-exec leave)"},
      {"tini", "tini", {"--"}, "tini", "tini: forwards signals to its child, exits when the child exits"},
      {"tini-g", "tini", {"-g", "--"}, "tini", "tini -g: forwards signals to the child's process group"},
      {"dumb-init", "dumb-init", {"--"}, "dumb-init",
       "dumb-init: child in a new session, signals go to that process group"},
      {"dumb-init-single", "dumb-init", {"--single-child", "--"}, "dumb-init",
       "dumb-init --single-child: signals go to the direct child only"},
      {"catatonit", "catatonit", {"--"}, "catatonit", "catatonit: forwards signals to its child"},
      {"catatonit-g", "catatonit", {"-g", "--"}, "catatonit",
       "catatonit -g: forwards signals to the child's process group"},
      {"tini-static", "tini-static", {"--"}, "tini", "tini-static: tini linked statically, the same at stop"},
      {"pid1", "pid1", {"--"}, "pid1",
       "pid1: SIGTERM to its child; after its own timeout (5 s) SIGTERM, then SIGKILL, to every process"},
      {"s6-svscan", "s6-svscan", {}, "s6",
       "s6-svscan, the workload a service run once: SIGTERM and SIGCONT to the service, exits when it is gone",
       "s6_svscan.sh"},
      {"runsvdir", "runsvdir", {}, "runit",
       "runit's runsvdir -P, the workload a service run once: SIGTERM to each runsv (which passes it on), exits",
       "runsvdir.sh"},
      {"busybox-init", "busybox", {}, "busybox-static",
       "busybox init, the workload an inittab once entry: SIGTERM to every process, 1 s, SIGKILL to every process",
       "busybox_init.sh"},
      {"supervisord", "supervisord", {"10"}, "supervisor",
       "supervisord, the workload its one program: SIGTERM to the program, SIGKILL after stopwaitsecs (10 s)",
       "supervisord.sh"},
      {"exit-on-term", "init", {"--strategy=exit-on-term", "--"}, "",
       "in-tree: exits as soon as SIGTERM arrives"},
      {"forward-child", "init", {"--strategy=forward-child", "--"}, "",
       "in-tree: forwards to the direct child, exits when it exits (tini-like)"},
      {"forward-group", "init", {"--strategy=forward-group", "--"}, "",
       "in-tree: forwards to the child's process group (tini -g / dumb-init-like)"},
      {"drain", "init", {"--strategy=drain", "--"}, "",
       "in-tree: broadcasts the stop, reaps everything, exits when no process is left"},
  };
  return catalogue;
}

InitSearch DefaultInitSearch() {
  const char* path = getenv("PATH");
  // The wrappers sit together: finding one finds the directory.
  const std::string wrapper = FindTool("init_impls/wrappers/s6_svscan.sh", "INITCHECK_S6_WRAPPER");
  const std::string wrappers = wrapper.empty() ? "" : wrapper.substr(0, wrapper.rfind('/'));
  return InitSearch{path ? path : "/usr/local/bin:/usr/bin:/bin", FindTool("init_impls/init", "INITCHECK_INIT"),
                    wrappers};
}

std::optional<std::string> FindExecutable(const std::string& binary, const std::string& path_env) {
  if (binary.find('/') != std::string::npos) {
    if (access(binary.c_str(), X_OK) == 0) return binary;
    return std::nullopt;
  }
  std::stringstream dirs(path_env);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + binary;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

ResolvedInit ResolveInit(const std::string& name, const InitSearch& search) {
  for (const auto& entry : InitCatalogue()) {
    if (entry.name != name) continue;
    if (entry.binary.empty()) return {InitCommand{name, {}}, ""};  // the workload is PID 1
    std::optional<std::string> path;
    if (entry.binary == "init") {
      path = FindExecutable(search.init_impl, "");
      if (!path) return {std::nullopt, fmt::format("{}: the in-tree init {} is not built", name, search.init_impl)};
    } else {
      path = FindExecutable(entry.binary, search.path_env);
      if (!path) {
        return {std::nullopt, fmt::format("{}: {} not found on PATH (Debian package {})", name,
                                          entry.binary, entry.package)};
      }
    }
    InitCommand command{name, {*path}};
    if (!entry.wrapper.empty()) {
      const std::string wrapper = search.wrappers + "/" + entry.wrapper;
      if (search.wrappers.empty() || !FindExecutable(wrapper, "")) {
        return {std::nullopt, fmt::format("{}: its wrapper {} is not built", name, entry.wrapper)};
      }
      command.argv_prefix.insert(command.argv_prefix.begin(), wrapper);
    }
    command.argv_prefix.insert(command.argv_prefix.end(), entry.flags.begin(), entry.flags.end());
    return {command, ""};
  }
  std::vector<std::string> names;
  for (const auto& entry : InitCatalogue()) names.push_back(entry.name);
  throw std::invalid_argument(
      fmt::format("unknown init '{}': choose one of {}, or give --init-cmd", name, fmt::join(names, ", ")));
}

ResolvedInit ResolveInitCommand(const std::string& command_line, const InitSearch& search) {
  std::stringstream words(command_line);
  std::vector<std::string> argv;
  for (std::string w; words >> w;) argv.push_back(w);
  if (argv.empty()) throw std::invalid_argument("--init-cmd is empty: give 'PATH ARGS...'");
  auto path = FindExecutable(argv[0], search.path_env);
  if (!path) return {std::nullopt, fmt::format("{}: not found or not executable", argv[0])};
  argv[0] = *path;
  return {InitCommand{command_line, argv}, ""};
}

}  // namespace initcheck
