/* The pod sandbox's process for the tests' real node: it holds the pod's namespaces, sleeps,
 * reaps children (it is PID 1 of the pod when the pod shares its process namespace) and ends on
 * SIGINT or SIGTERM. Built static with musl by scripts/harness/realNode.mjs. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void stop(int signal_number) {
  (void)signal_number;
  _exit(0);
}

static void reap(int signal_number) {
  (void)signal_number;
  while (waitpid(-1, 0, WNOHANG) > 0) {
  }
}

int main(void) {
  struct sigaction on_stop = {0};
  struct sigaction on_child = {0};
  on_stop.sa_handler = stop;
  sigaction(SIGINT, &on_stop, 0);
  sigaction(SIGTERM, &on_stop, 0);
  on_child.sa_handler = reap;
  on_child.sa_flags = SA_NOCLDSTOP;
  sigaction(SIGCHLD, &on_child, 0);
  for (;;) pause();
}
