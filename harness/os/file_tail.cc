#include "harness/os/file_tail.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/os/unique_fd.h"

namespace initcheck {

std::string ReadFileTail(const std::string& path, size_t max_bytes) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return "";
  struct stat st;
  if (fstat(fd.get(), &st) < 0) return "";
  const off_t size = st.st_size;
  const off_t from = size > static_cast<off_t>(max_bytes) ? size - static_cast<off_t>(max_bytes) : 0;
  std::string out(static_cast<size_t>(size - from), '\0');
  size_t got = 0;
  while (got < out.size()) {
    ssize_t n = pread(fd.get(), out.data() + got, out.size() - got, from + static_cast<off_t>(got));
    if (n <= 0) break;  // the file shrank, or a read error: show what was read
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  if (from > 0) out.insert(0, "...");
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

bool CapFileToTail(int fd, size_t cap_bytes, size_t keep_bytes) {
  struct stat st;
  if (fstat(fd, &st) < 0 || static_cast<size_t>(st.st_blocks) * 512 <= cap_bytes) return false;
  constexpr off_t kBlock = 4096;
  const off_t end = (st.st_size - static_cast<off_t>(keep_bytes)) / kBlock * kBlock;
  if (end <= 0) return false;
  return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, end) == 0;
}

}  // namespace initcheck
