// A private temporary directory, removed with everything in it on destruction.
#pragma once

#include <string>

namespace initcheck {

class TempDir {
 public:
  // Creates "<base>/<prefix>XXXXXX" with mode 0700. base is $TMPDIR when it is
  // short enough for the unix socket paths placed inside (sun_path holds 108
  // bytes), /tmp otherwise.
  explicit TempDir(const std::string& prefix);
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace initcheck
