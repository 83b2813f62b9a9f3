/* my_init: a tiny container init, the way a user's repository would hold
 * one, gated by initcheck (BUILD: init_gate). It does what a container stop
 * needs: the stop signal (SIGTERM, SIGINT, SIGQUIT) goes to every process of
 * the namespace (kill(-1) as PID 1), other signals to the main process, every
 * orphan is reaped, and it exits with the main process's status (128+signal
 * if it was killed) only once no process is left.
 *
 * usage: my_init CMD [ARGS...]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: my_init CMD [ARGS...]\n");
    return 2;
  }
  sigset_t all, old;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &old);

  pid_t main_pid = fork();
  if (main_pid < 0) {
    perror("my_init: fork");
    return 1;
  }
  if (main_pid == 0) {
    sigprocmask(SIG_SETMASK, &old, NULL);
    execvp(argv[1], argv + 1);
    fprintf(stderr, "my_init: exec %s: %s\n", argv[1], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
  }

  int main_status = -1;
  for (;;) {
    int signo = sigwaitinfo(&all, NULL);
    if (signo < 0) continue;
    if (signo == SIGCHLD) {
      int status;
      pid_t pid;
      while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == main_pid) main_status = status;
      }
      if (pid < 0 && errno == ECHILD) {
        if (WIFSIGNALED(main_status)) return 128 + WTERMSIG(main_status);
        return WEXITSTATUS(main_status);
      }
    } else if (signo == SIGTERM || signo == SIGINT || signo == SIGQUIT) {
      kill(-1, signo);
      kill(-1, SIGCONT);
    } else if (main_status == -1) {
      kill(main_pid, signo);
    }
  }
}
