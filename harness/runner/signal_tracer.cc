#include "harness/runner/signal_tracer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/os/system_error.h"
#include "harness/runner/signal_trace_line.h"

namespace initcheck {
namespace {

// Per CPU. An event takes about 50 bytes and the poll loop drains the pipe
// at least every 10 ms; a fork storm of 80 processes generates a few hundred.
constexpr std::string_view kBufferKbPerCpu = "256";

}  // namespace

bool TracefsInstancePath(std::string_view run_dir, char* out, size_t size) {
  while (!run_dir.empty() && run_dir.back() == '/') run_dir.remove_suffix(1);
  const size_t slash = run_dir.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? run_dir : run_dir.substr(slash + 1);
  if (name.empty() || kTracefsInstances.size() + name.size() + 1 > size) return false;
  std::memcpy(out, kTracefsInstances.data(), kTracefsInstances.size());
  std::memcpy(out + kTracefsInstances.size(), name.data(), name.size());
  out[kTracefsInstances.size() + name.size()] = '\0';
  return true;
}

SignalTracer::SignalTracer(const std::string& run_dir) {
  struct stat st {};
  if (stat(std::string(kTracefsInstances).c_str(), &st) != 0) {
    Fail("tracefs is not mounted at /sys/kernel/tracing (mount -t tracefs nodev /sys/kernel/tracing)");
    return;
  }
  char path[4096];
  if (!TracefsInstancePath(run_dir, path, sizeof path)) {
    Fail("no tracefs instance name for " + run_dir);
    return;
  }
  if (mkdir(path, 0700) != 0) {
    Fail(SystemError(std::string("mkdir(") + path + ")", errno).what());
    return;
  }
  instance_ = path;
  try {
    Write("trace_clock", "mono");
    Write("buffer_size_kb", kBufferKbPerCpu);
    Write("options/event-fork", "1");
  } catch (const SystemError& e) {
    Fail(e.what());
  }
}

SignalTracer::~SignalTracer() {
  pipe_.Reset();
  // Removing the instance discards its buffers and events with it.
  if (!instance_.empty()) rmdir(instance_.c_str());
}

void SignalTracer::Write(const std::string& file, std::string_view value) {
  const std::string path = instance_ + "/" + file;
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!fd.valid()) throw SystemError("open(" + path + ")", errno);
  if (write(fd.get(), value.data(), value.size()) != static_cast<ssize_t>(value.size())) {
    throw SystemError("write(" + path + ")", errno);
  }
}

void SignalTracer::Fail(std::string why) {
  why_not_ = std::move(why);
  pipe_.Reset();
}

void SignalTracer::Follow(pid_t pid) {
  if (!Live()) return;
  try {
    Write("set_event_pid", std::to_string(pid));
    Write("events/signal/signal_generate/enable", "1");
    const std::string pipe = instance_ + "/trace_pipe";
    pipe_ = UniqueFd(CheckSys(open(pipe.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC), "open(" + pipe + ")"));
  } catch (const SystemError& e) {
    Fail(e.what());
  }
}

std::vector<GeneratedSignal> SignalTracer::Drain() {
  if (pipe_.valid()) {
    char buf[16384];
    for (;;) {
      ssize_t n = read(pipe_.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // EAGAIN: nothing more for now
      partial_.append(buf, static_cast<size_t>(n));
    }
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
