#include "harness/runner/signal_tracer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include "harness/os/system_error.h"
#include "harness/runner/signal_trace_line.h"

namespace initcheck {
namespace {

// Per CPU. An event takes about 50 bytes and the poll loop drains the pipe
// at least every 10 ms; a fork storm of 80 processes generates a few hundred.
constexpr std::string_view kBufferKbPerCpu = "256";

constexpr char kNamePrefix[] = "initcheck-";

// "initcheck-<owner>-" into out, without allocating; its length.
size_t OwnerPrefix(pid_t owner, char* out) {
  size_t n = sizeof kNamePrefix - 1;
  std::memcpy(out, kNamePrefix, n);
  char digits[16];
  size_t d = 0;
  for (unsigned v = static_cast<unsigned>(owner); d == 0 || v != 0; v /= 10) digits[d++] = static_cast<char>('0' + v % 10);
  while (d > 0) out[n++] = digits[--d];
  out[n++] = '-';
  out[n] = '\0';
  return n;
}

// What getdents64 fills in.
struct Dirent64 {
  ino64_t d_ino;
  off64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

// Removes every instance whose name doomed(name) selects. Only system calls.
template <typename Doomed>
void RemoveInstancesIf(Doomed doomed) {
  int dir = static_cast<int>(
      syscall(SYS_openat, AT_FDCWD, kTracefsInstances.data(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir < 0) return;
  alignas(Dirent64) char buf[8192];
  for (long n; (n = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0;) {
    for (long off = 0; off < n;) {
      auto* entry = reinterpret_cast<Dirent64*>(buf + off);
      off += entry->d_reclen;
      if (doomed(entry->d_name)) unlinkat(dir, entry->d_name, AT_REMOVEDIR);
    }
  }
  close(dir);
}

void WriteFile(const std::string& path, std::string_view value) {
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!fd.valid()) throw SystemError("open(" + path + ")", errno);
  if (write(fd.get(), value.data(), value.size()) != static_cast<ssize_t>(value.size())) {
    throw SystemError("write(" + path + ")", errno);
  }
}

// Reads whatever the pipe holds now into text.
void ReadAvailable(const UniqueFd& pipe, std::string& text) {
  char buf[16384];
  for (;;) {
    ssize_t n = read(pipe.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // EAGAIN: nothing more for now
    text.append(buf, static_cast<size_t>(n));
  }
}

class InstancePool {
 public:
  // Instances left by an initcheck that is gone go first.
  InstancePool() {
    RemoveInstancesIf([](const char* name) {
      if (std::strncmp(name, kNamePrefix, sizeof kNamePrefix - 1) != 0) return false;
      const pid_t owner = static_cast<pid_t>(std::atoi(name + sizeof kNamePrefix - 1));
      return owner > 0 && kill(owner, 0) != 0 && errno == ESRCH;
    });
  }
  ~InstancePool() {
    for (SignalTracer::Instance& instance : free_) {
      instance.pipe.Reset();
      rmdir(instance.dir.c_str());
    }
  }

  SignalTracer::Instance Acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        SignalTracer::Instance instance = std::move(free_.back());
        free_.pop_back();
        return instance;
      }
    }
    return Make();
  }

  void Release(SignalTracer::Instance instance) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(instance));
  }

 private:
  SignalTracer::Instance Make() {
    struct stat st {};
    if (stat(std::string(kTracefsInstances).c_str(), &st) != 0) {
      if (errno == ENOENT) {
        throw std::runtime_error(
            "tracefs is not mounted at /sys/kernel/tracing (mount -t tracefs nodev /sys/kernel/tracing)");
      }
      throw SystemError("stat(" + std::string(kTracefsInstances) + ")", errno);  // EACCES when not root
    }
    int n;
    {
      std::lock_guard lock(mutex_);
      n = made_++;
    }
    SignalTracer::Instance instance;
    instance.dir = fmt::format("{}/{}{}-{}", kTracefsInstances, kNamePrefix, getpid(), n);
    CheckSys(mkdir(instance.dir.c_str(), 0700), "mkdir(" + instance.dir + ")");
    try {
      WriteFile(instance.dir + "/trace_clock", "mono");
      WriteFile(instance.dir + "/buffer_size_kb", kBufferKbPerCpu);
      WriteFile(instance.dir + "/options/event-fork", "1");
      const std::string pipe = instance.dir + "/trace_pipe";
      instance.pipe = UniqueFd(CheckSys(open(pipe.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC), "open(" + pipe + ")"));
    } catch (...) {
      instance.pipe.Reset();
      rmdir(instance.dir.c_str());
      throw;
    }
    return instance;
  }

  std::mutex mutex_;
  std::vector<SignalTracer::Instance> free_;
  int made_ = 0;
};

InstancePool& Pool() {
  static InstancePool pool;
  return pool;
}

}  // namespace

void RemoveTracefsInstancesOf(pid_t owner) {
  char prefix[40];
  const size_t length = OwnerPrefix(owner, prefix);
  // Twice: removing entries while reading the directory may skip some.
  for (int pass = 0; pass < 2; ++pass) {
    RemoveInstancesIf([&](const char* name) { return std::strncmp(name, prefix, length) == 0; });
  }
}

SignalTracer::SignalTracer() {
  try {
    instance_ = Pool().Acquire();
  } catch (const std::exception& e) {
    Fail(e.what());
  }
}

SignalTracer::~SignalTracer() {
  if (!instance_) return;
  try {
    if (following_) {
      WriteFile(instance_->dir + "/events/signal/signal_generate/enable", "0");
      WriteFile(instance_->dir + "/set_event_pid", "");
    }
    std::string rest;
    ReadAvailable(instance_->pipe, rest);  // the next run starts empty
    Pool().Release(std::move(*instance_));
  } catch (const SystemError&) {
    // An instance that cannot be reset is not lent again.
    instance_->pipe.Reset();
    rmdir(instance_->dir.c_str());
  }
}

void SignalTracer::Fail(std::string why) { why_not_ = std::move(why); }

void SignalTracer::Follow(pid_t pid) {
  if (!Live()) return;
  try {
    WriteFile(instance_->dir + "/set_event_pid", std::to_string(pid));
    following_ = true;
    WriteFile(instance_->dir + "/events/signal/signal_generate/enable", "1");
  } catch (const SystemError& e) {
    Fail(e.what());
  }
}

std::vector<GeneratedSignal> SignalTracer::Drain() {
  if (Live() && following_) {
    ReadAvailable(instance_->pipe, partial_);
    size_t start = 0;
    for (size_t end; (end = partial_.find('\n', start)) != std::string::npos; start = end + 1) {
      const std::string_view line(partial_.data() + start, end - start);
      if (auto g = ParseSignalGenerateLine(line)) {
        events_.push_back(*g);
      } else if (auto lost = ParseLostEventsLine(line)) {
        lost_ += *lost;
      }
    }
    partial_.erase(0, start);
  }
  return std::exchange(events_, {});
}

}  // namespace initcheck
