// The process tree as /proc shows it: who is whose parent. drain's broadcast
// uses it when the init is not PID 1, where kill(-1) would reach every
// process of the user on the host; there it signals its own descendants only.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "init_impls/syscall_error.h"

namespace initcheck::inits {

struct ProcessParent {
  pid_t pid;
  pid_t ppid;
  bool operator==(const ProcessParent&) const = default;
};

// The parent pid from the text of /proc/PID/stat. The command name (field 2)
// is in parentheses and may itself contain ") " and spaces, so parsing starts
// after the last ')'. nullopt if the text is not of that form.
std::optional<pid_t> ParentFromStat(std::string_view stat);

// Every process below `root` in `table` (children, their children, ...), not
// `root` itself, parents before their children.
std::vector<pid_t> DescendantsOf(pid_t root, const std::vector<ProcessParent>& table);

// Reads every /proc/PID/stat under `proc` (normally "/proc"). A process that
// exits while the table is read is left out; failing to list `proc` at all
// is an error.
std::variant<std::vector<ProcessParent>, SyscallError> ReadProcessTable(
    const std::string& proc = "/proc");

}  // namespace initcheck::inits
