// Where a value sits in a JSON document ("$.main.children[1].name"), and the
// error every decoder and validator reports there. The model spells paths
// although it reads no JSON: a scenario built by a generator or the fuzz
// decoder is checked by the same rules as a file, and its mistakes must name
// the place the offending value would have in that file.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace initcheck {

// A document that is not what its reader expects: what() reads
// "<path>: <reason>". One type for every JSON document (scenario, journal
// datagram, trace, report), so a caller can catch them all and always has the
// path; ScenarioError (scenario_validation.h) derives from it to add the file
// a scenario came from and to let the CLI tell a bad scenario apart.
struct JsonError : std::runtime_error {
  JsonError(std::string path, std::string reason);

  std::string path;    // "$", "$.stop.grace_ms", "$.main.block[2]"; empty for I/O errors
  std::string reason;  // what is wrong, and what would be right

 protected:
  // For derived errors that word what() themselves.
  JsonError(std::string path, std::string reason, const std::string& what);
};

// "$.main" + "on_signal" -> "$.main.on_signal"; a key that is not an
// identifier is bracketed and quoted ("$.main[\"my key\"]") so that the path
// stays unambiguous whatever the key holds.
std::string KeyPath(const std::string& parent, std::string_view key);

// "$.main.block" + 2 -> "$.main.block[2]".
std::string IndexPath(const std::string& parent, size_t index);

// A path within a nested document seen from the outer one:
// RebasePath("$.cells[3].trace.scenario_spec", "$.main.name") is
// "$.cells[3].trace.scenario_spec.main.name". A path not starting at "$" is
// returned as it is.
std::string RebasePath(const std::string& base, const std::string& path);

}  // namespace initcheck
