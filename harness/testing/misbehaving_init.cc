// An init that misbehaves in one chosen way, so tests can check that
// initcheck reports it clearly and leaves nothing behind:
//   misbehaving_init exit CMD...     exits 0 at once, before the workload runs
//   misbehaving_init segv CMD...     dies by a real SIGSEGV (a forced fault kills
//                                    even a namespace's PID 1; a sent one would not)
//   misbehaving_init spew CMD...     writes 1 GiB to stdout, then exits 1, before
//                                    the workload runs (its log must be read as a tail)
//   misbehaving_init hang CMD...     starts CMD, then ignores every signal and
//                                    never reaps or exits: only SIGKILL ends it
//                                    (SIGCHLD stays SIG_DFL: ignoring it would
//                                    make the kernel reap for it)
//   misbehaving_init outlive CMD...  hang, after clearing the parent-death signal
//                                    initcheck gave it: nothing but an explicit
//                                    SIGKILL ends it, even once initcheck is gone
//   misbehaving_init stall CMD...    outlive, but never starts CMD: the workload is
//                                    never ready, the run stays in its start-up

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: misbehaving_init exit|segv|spew|hang|outlive|stall CMD...\n");
    return 2;
  }
  const char* mode = argv[1];
  if (std::strcmp(mode, "exit") == 0) return 0;
  if (std::strcmp(mode, "spew") == 0) {
    static char block[1 << 20];
    std::memset(block, 'x', sizeof block);
    for (int i = 0; i < 1024; ++i) {
      if (write(1, block, sizeof block) != static_cast<ssize_t>(sizeof block)) return 3;
    }
    std::fputs("\nspewed 1 GiB\n", stdout);
    return 1;
  }
  if (std::strcmp(mode, "segv") == 0) {
    volatile int* nowhere = nullptr;
    *nowhere = 1;
    return 1;
  }
  const bool outlive = std::strcmp(mode, "outlive") == 0 || std::strcmp(mode, "stall") == 0;
  if (outlive && prctl(PR_SET_PDEATHSIG, 0) < 0) {
    std::perror("prctl(PR_SET_PDEATHSIG, 0)");
    return 1;
  }
  for (int s = 1; s < NSIG; ++s) {
    if (s != SIGCHLD) signal(s, SIG_IGN);
  }
  if (std::strcmp(mode, "stall") != 0) {
    pid_t child = fork();
    if (child == 0) {
      for (int s = 1; s < NSIG; ++s) signal(s, SIG_DFL);
      execv(argv[2], argv + 2);
      _exit(127);
    }
  }
  for (;;) pause();
}
