// What harness/cli's files are compiled against besides library_headers.h:
// CLI11, header-only, took a third of each command's compile.
#include <CLI/CLI.hpp>
