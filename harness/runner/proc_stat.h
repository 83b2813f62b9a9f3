// What the runner reads from /proc/<pid>/stat: the zombie watch asks whether
// a process is a zombie and whose, the run-delay samples whether PID 1 has
// begun to exit. Parsing only; the reads are the runner's.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string_view>

namespace initcheck {

struct ProcStat {
  char state = 0;  // 'Z' for a zombie
  pid_t parent = 0;
  unsigned flags = 0;  // PF_*: the ninth field
};

// PF_EXITING from the kernel's include/linux/sched.h (not in its uapi): set
// as a task enters do_exit, before it tears down its memory, files and
// namespaces and, for PID 1, before zap_pid_ns_processes kills and reaps the
// rest of the namespace. Its exit is reported only after all that.
inline constexpr unsigned kPfExiting = 0x4;

// "pid (comm) S ppid pgrp session tty_nr tpgid flags ..."; nullopt when the
// text is not of that form. comm may hold spaces and parentheses.
std::optional<ProcStat> ParseProcStat(std::string_view text);

}  // namespace initcheck
