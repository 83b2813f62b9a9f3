// Where private temporary directories go.
#pragma once

#include <string>

namespace initcheck {

// A mkdtemp(3) template "<base>/<prefix>XXXXXX". base is $TMPDIR when it is
// short enough for the unix socket paths placed inside (sun_path holds 108
// bytes), /tmp otherwise.
std::string TempDirTemplate(const std::string& prefix);

}  // namespace initcheck
