// Removing a directory with everything in it, from a forked child of a
// multithreaded process: only system calls, no allocation, no locks.
#pragma once

namespace initcheck {

// Removes path and what it holds, as far as it can (best effort: nobody is
// left to hear about a failure). Never follows a symbolic link; stops
// descending kMaxRemoveDepth directories down. Async-signal-safe.
void RemoveTree(const char* path);

inline constexpr int kMaxRemoveDepth = 16;

}  // namespace initcheck
