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

}  // namespace initcheck
