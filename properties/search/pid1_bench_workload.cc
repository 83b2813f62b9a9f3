// The main process pid1_bench runs under each init (pid1_bench.cc), as
//   pid1_bench_workload MODE DIR [N]
// DIR holds two FIFOs the benchmark made: DIR/report (the workload writes
// to it) and DIR/go (the benchmark writes or closes it). Every time is
// CLOCK_MONOTONIC in ns, written as one int64_t.
//   sigterm   writes a ready byte, then waits; its SIGTERM handler writes
//             the time it ran and exits 0.
//   orphans   forks N children, each of which forks a grandchild blocked
//             on DIR/go and exits at once: the N grandchildren are orphans,
//             reparented to PID 1 (or its subreaper). Reaps the children,
//             writes a ready byte and waits. When the benchmark closes
//             DIR/go, the N orphans exit together for PID 1 to reap.
//   exit      writes a ready byte, waits for DIR/go to close, writes the
//             time and exits 0: the last process of the namespace.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

namespace {

int report_fd = -1;

int64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

void WriteNow() {
  const int64_t t = NowNs();
  [[maybe_unused]] ssize_t n = write(report_fd, &t, sizeof t);
}

void OnSigterm(int) {
  WriteNow();
  _exit(0);
}

// DIR/go, opened for reading while the benchmark holds it open (which an
// open for reading would otherwise wait for).
int OpenGo(const std::string& dir) { return open((dir + "/go").c_str(), O_RDONLY); }

// Blocks until the benchmark's end of DIR/go closes.
void WaitForGo(int fd) {
  char byte;
  while (fd >= 0 && read(fd, &byte, 1) > 0) {
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const std::string mode = argv[1], dir = argv[2];
  report_fd = open((dir + "/report").c_str(), O_WRONLY);
  if (report_fd < 0) return 3;
  const char ready = 'r';
  if (mode == "sigterm") {
    struct sigaction sa {};
    sa.sa_handler = OnSigterm;
    sigaction(SIGTERM, &sa, nullptr);
    [[maybe_unused]] ssize_t n = write(report_fd, &ready, 1);
    for (;;) pause();
  }
  if (mode == "orphans" && argc == 4) {
    const int count = std::atoi(argv[3]);
    for (int i = 0; i < count; ++i) {
      pid_t child = fork();
      if (child < 0) return 4;
      if (child == 0) {
        // Opened before the fork: once main is ready, every orphan holds
        // it, and none can miss the benchmark closing its end.
        const int go = OpenGo(dir);
        if (fork() == 0) {
          WaitForGo(go);
          _exit(0);
        }
        _exit(0);
      }
    }
    while (wait(nullptr) > 0) {
    }
    [[maybe_unused]] ssize_t n = write(report_fd, &ready, 1);
    for (;;) pause();
  }
  if (mode == "exit") {
    const int go = OpenGo(dir);
    [[maybe_unused]] ssize_t n = write(report_fd, &ready, 1);
    WaitForGo(go);
    WriteNow();
    return 0;
  }
  return 2;
}
