// The last bytes of a file, read without reading the rest: an init's log can
// be as large as the init makes it (1 GB from a runaway init), and the
// harness shows only its tail.
#pragma once

#include <cstddef>
#include <string>

namespace initcheck {

// At most max_bytes from the end of path, prefixed with "..." when the file
// is longer, trailing newlines dropped; "" when the file is missing or empty.
std::string ReadFileTail(const std::string& path, size_t max_bytes);

// Once the file open as fd takes more than cap_bytes of storage, frees all
// of it but about its last keep_bytes (whole 4 kB blocks) by punching a hole:
// its size, and so every O_APPEND writer's offset, stays, so a runaway init
// writing its log goes on unaware while the log takes at most about cap_bytes
// of the disk or, on a tmpfs, of memory; ReadFileTail still reads the tail
// (holes read as zeros, and only the kept tail is ever read). True when it
// punched; false when it had no need, or the file system cannot punch holes.
bool CapFileToTail(int fd, size_t cap_bytes, size_t keep_bytes);

}  // namespace initcheck
