// The least a static glibc PID 1 can be, for pid1_bench's memory figures:
// it starts its command and sleeps, and nothing else (it reaps no one and
// forwards nothing). Its RSS is what static glibc's start-up maps before
// any init's own code runs (fault-around maps most of the text around what
// start-up touches), so an init's RSS above it is what the init adds.
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  if (fork() == 0) {
    execv(argv[1], argv + 1);
    _exit(127);
  }
  for (;;) pause();
}
