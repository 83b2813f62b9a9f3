#include "harness/os/remove_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace initcheck {
namespace {

bool IsDotOrDotDot(const char* name) {
  return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

// Empties the directory open as dir. Entries are unlinked while the
// directory is being read, which getdents64 does not promise to survive, so
// it rereads from the start until a pass finds nothing left to remove.
void RemoveContents(int dir, int depth) {
  alignas(dirent64) char buf[4096];
  for (bool removed_any = true; removed_any;) {
    removed_any = false;
    if (lseek(dir, 0, SEEK_SET) < 0) return;
    ssize_t n;
    while ((n = getdents64(dir, buf, sizeof buf)) > 0) {
      for (ssize_t at = 0; at < n;) {
        const auto* entry = reinterpret_cast<const dirent64*>(buf + at);
        at += entry->d_reclen;
        if (IsDotOrDotDot(entry->d_name)) continue;
        if (unlinkat(dir, entry->d_name, 0) == 0) {
          removed_any = true;
          continue;
        }
        if (errno != EISDIR || depth == 0) continue;
        int sub = openat(dir, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) continue;
        RemoveContents(sub, depth - 1);
        close(sub);
        removed_any |= unlinkat(dir, entry->d_name, AT_REMOVEDIR) == 0;
      }
    }
  }
}

}  // namespace

void RemoveTree(const char* path) {
  int dir = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir < 0) return;
  RemoveContents(dir, kMaxRemoveDepth);
  close(dir);
  rmdir(path);
}

}  // namespace initcheck
