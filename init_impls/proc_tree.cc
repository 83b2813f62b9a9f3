#include "init_impls/proc_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <deque>
#include <unordered_map>

namespace initcheck::inits {
namespace {

std::optional<pid_t> ParsePid(std::string_view text) {
  pid_t pid = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (ec != std::errc() || end != text.data() + text.size() || pid <= 0) return std::nullopt;
  return pid;
}

// Closes a descriptor on every path out of a scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

class DirectoryStream {
 public:
  explicit DirectoryStream(DIR* dir) : dir_(dir) {}
  ~DirectoryStream() {
    if (dir_ != nullptr) ::closedir(dir_);
  }
  DirectoryStream(const DirectoryStream&) = delete;
  DirectoryStream& operator=(const DirectoryStream&) = delete;
  DIR* get() const { return dir_; }

 private:
  DIR* dir_;
};

// The whole of a small /proc file, or nullopt if it cannot be read (the
// process is gone, or was never readable to us).
std::optional<std::string> ReadSmallFile(const std::string& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return std::nullopt;
  std::string text;
  char buffer[512];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) return text;
    text.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace

std::optional<pid_t> ParentFromStat(std::string_view stat) {
  // "PID (COMM) STATE PPID ..."
  const size_t close = stat.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view rest = stat.substr(close + 1);
  // rest = " S 1234 ..."
  if (rest.size() < 4 || rest[0] != ' ' || rest[2] != ' ') return std::nullopt;
  rest.remove_prefix(3);
  const size_t end = rest.find(' ');
  if (end == std::string_view::npos) return std::nullopt;
  pid_t ppid = -1;
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + end, ppid);
  if (ec != std::errc() || ptr != rest.data() + end || ppid < 0) return std::nullopt;
  return ppid;
}

std::vector<pid_t> DescendantsOf(pid_t root, const std::vector<ProcessParent>& table) {
  std::unordered_map<pid_t, std::vector<pid_t>> children;
  for (const ProcessParent& entry : table) {
    // A pid is never its own parent; guard anyway so bad input cannot loop.
    if (entry.pid != entry.ppid) children[entry.ppid].push_back(entry.pid);
  }
  std::vector<pid_t> found;
  std::deque<pid_t> pending{root};
  while (!pending.empty()) {
    const pid_t parent = pending.front();
    pending.pop_front();
    auto it = children.find(parent);
    if (it == children.end()) continue;
    for (pid_t child : it->second) {
      if (child == root) continue;
      found.push_back(child);
      pending.push_back(child);
    }
    children.erase(it);  // each parent expanded once, even in a malformed table
  }
  return found;
}

std::variant<std::vector<ProcessParent>, SyscallError> ReadProcessTable(
    const std::string& proc) {
  DirectoryStream dir(::opendir(proc.c_str()));
  if (dir.get() == nullptr) return SyscallError{"opendir(" + proc + ")", errno};

  std::vector<ProcessParent> table;
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) return SyscallError{"readdir(" + proc + ")", errno};
      return table;
    }
    std::optional<pid_t> pid = ParsePid(entry->d_name);
    if (!pid) continue;  // "self", "sys", ... are not processes
    std::optional<std::string> stat = ReadSmallFile(proc + "/" + entry->d_name + "/stat");
    if (!stat) continue;  // exited since readdir: nothing left to signal
    if (std::optional<pid_t> ppid = ParentFromStat(*stat)) {
      table.push_back({*pid, *ppid});
    }
  }
}

}  // namespace initcheck::inits
