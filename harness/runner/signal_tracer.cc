#include "harness/runner/signal_tracer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <list>
#include <mutex>
#include <stdexcept>
#include <utility>

#include <fmt/core.h>

#include "harness/os/monotonic_clock.h"
#include "harness/os/system_error.h"
#include "harness/os/unique_fd.h"
#include "harness/runner/signal_trace_line.h"

namespace initcheck {
namespace {

// Per CPU. An event takes about 50 bytes and runs drain the pipe at least
// every 10 ms each; a fork storm of 80 processes generates a few hundred,
// and the machine's own signals a few hundred a second.
constexpr std::string_view kBufferKbPerCpu = "512";

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

// The process's one instance and the tracers reading it. Whoever drains
// reads the pipe for everyone, under the lock: one reader, no thread.
class SharedInstance {
 public:
  // Instances left by an initcheck that is gone go first.
  SharedInstance() {
    RemoveInstancesIf([](const char* name) {
      if (std::strncmp(name, kNamePrefix, sizeof kNamePrefix - 1) != 0) return false;
      const pid_t owner = static_cast<pid_t>(std::atoi(name + sizeof kNamePrefix - 1));
      return owner > 0 && kill(owner, 0) != 0 && errno == ESRCH;
    });
    try {
      Make();
    } catch (const std::exception& e) {
      why_not_ = e.what();
      pipe_.Reset();
      rmdir(dir_.c_str());
    }
  }
  ~SharedInstance() {
    pipe_.Reset();
    rmdir(dir_.c_str());
  }

  const std::string& WhyNotLive() const { return why_not_; }

  SignalTracer::Inbox* Subscribe() {
    std::lock_guard lock(mutex_);
    ReadPipe();  // what is in it now was generated before this tracer
    return &*inboxes_.emplace(inboxes_.end());
  }

  void Unsubscribe(SignalTracer::Inbox* inbox) {
    std::lock_guard lock(mutex_);
    inboxes_.remove_if([inbox](const SignalTracer::Inbox& i) { return &i == inbox; });
  }

  SignalTracer::Inbox Take(SignalTracer::Inbox* inbox) {
    std::lock_guard lock(mutex_);
    ReadPipe();
    return std::exchange(*inbox, {});
  }

 private:
  void Make() {
    struct stat st {};
    if (stat(std::string(kTracefsInstances).c_str(), &st) != 0) {
      if (errno == ENOENT) {
        throw std::runtime_error(
            "tracefs is not mounted at /sys/kernel/tracing (mount -t tracefs nodev /sys/kernel/tracing)");
      }
      throw SystemError("stat(" + std::string(kTracefsInstances) + ")", errno);  // EACCES when not root
    }
    dir_ = fmt::format("{}/{}{}-0", kTracefsInstances, kNamePrefix, getpid());
    CheckSys(mkdir(dir_.c_str(), 0700), "mkdir(" + dir_ + ")");
    WriteFile(dir_ + "/trace_clock", "mono");
    WriteFile(dir_ + "/buffer_size_kb", kBufferKbPerCpu);
    const std::string pipe = dir_ + "/trace_pipe";
    pipe_ = UniqueFd(CheckSys(open(pipe.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC), "open(" + pipe + ")"));
    WriteFile(dir_ + "/events/signal/signal_generate/enable", "1");
  }

  // Hands every whole line the pipe holds to every inbox, up to the first
  // event stamped after now: the pipe yields events in time order, so all
  // before now are in, and a machine that signals faster than this reads
  // (a strace's SIGCHLD for each of this read's own system calls) cannot
  // keep it reading forever.
  void ReadPipe() {
    if (!pipe_.valid()) return;
    const int64_t now = MonotonicNowNs();
    char buf[16384];
    for (bool past_now = false; !past_now;) {
      ssize_t n = read(pipe_.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // EAGAIN: nothing more for now
      partial_.append(buf, static_cast<size_t>(n));
      size_t start = 0;
      for (size_t end; (end = partial_.find('\n', start)) != std::string::npos; start = end + 1) {
        const std::string_view line(partial_.data() + start, end - start);
        if (auto g = ParseSignalGenerateLine(line)) {
          for (SignalTracer::Inbox& inbox : inboxes_) inbox.events.push_back(*g);
          past_now = past_now || g->t_ns > now;
        } else if (auto lost = ParseLostEventsLine(line)) {
          for (SignalTracer::Inbox& inbox : inboxes_) inbox.lost += *lost;
        }
      }
      partial_.erase(0, start);
    }
  }

  std::string why_not_;
  std::string dir_;
  UniqueFd pipe_;
  std::mutex mutex_;
  std::list<SignalTracer::Inbox> inboxes_;  // a list: each tracer holds a pointer to its own
  std::string partial_;                     // a line not yet ended
};

SharedInstance& Instance() {
  static SharedInstance instance;
  return instance;
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
  SharedInstance& instance = Instance();
  why_not_ = instance.WhyNotLive();
  if (Live()) inbox_ = instance.Subscribe();
}

SignalTracer::~SignalTracer() {
  if (inbox_) Instance().Unsubscribe(inbox_);
}

std::vector<GeneratedSignal> SignalTracer::Drain() {
  if (!inbox_) return {};
  Inbox read = Instance().Take(inbox_);
  lost_ += read.lost;
  return std::move(read.events);
}

}  // namespace initcheck
