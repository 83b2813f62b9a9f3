// Runs the real `init` binary (a data dependency) with small shell workloads.
// It is not PID 1 here, so drain broadcasts to its own descendants found in
// /proc, as it must outside a PID namespace.
//
// Determinism: no assertion depends on how long anything takes. Ordering is
// made observable instead: workloads report over pipes ("started",
// "got-term"), and a grandchild that must outlive the main process blocks on
// a pipe that only the test releases. Timeouts below only turn a hang into a
// failure; they never decide a pass.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace std::string_literals;

// Every test deals with strategies by name, as a user does.
const std::vector<std::string> kAllStrategies = {"exit-on-term", "forward-child",
                                                 "forward-group", "drain"};

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

std::string InitPath() {
  return EnvOr("TEST_SRCDIR", ".") + "/" + EnvOr("TEST_WORKSPACE", "initcheck") +
         "/init_impls/init";
}

// A fresh path under the test's private temporary directory.
std::string TempPath(const std::string& name) {
  static int counter = 0;
  return EnvOr("TEST_TMPDIR", "/tmp") + "/" + name + "." + std::to_string(getpid()) + "." +
         std::to_string(++counter);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool FileExists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

// "exited 42", "killed by signal 9": readable in a failed EXPECT_EQ.
std::string Describe(int wait_status) {
  if (WIFEXITED(wait_status)) return "exited " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) return "killed by signal " + std::to_string(WTERMSIG(wait_status));
  return "wait status " + std::to_string(wait_status);
}

// A test that fails early may write to a pipe whose reader is gone: that
// must be a failed assertion, not the test process dying of SIGPIPE. (The
// init under test still starts with SIGPIPE at its default, see ExecInit.)
const bool kSigpipeIgnored = [] {
  signal(SIGPIPE, SIG_IGN);
  return true;
}();

bool ProcessExists(pid_t pid) { return kill(pid, 0) == 0 || errno != ESRCH; }

// Both ends close-on-exec: a child gets only the end the test hands it.
class Pipe {
 public:
  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      ADD_FAILURE() << "pipe2: " << std::strerror(errno);
      return;
    }
    read_end_ = fds[0];
    write_end_ = fds[1];
  }
  ~Pipe() {
    CloseRead();
    CloseWrite();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  int read_end() const { return read_end_; }
  int write_end() const { return write_end_; }
  void CloseRead() { Close(read_end_); }
  void CloseWrite() { Close(write_end_); }

  // One line without its newline; "" at end of file. A workload that never
  // writes the line fails the test after 30 s instead of hanging it.
  std::string ReadLine() {
    std::string line;
    for (;;) {
      pollfd ready{read_end_, POLLIN, 0};
      const int polled = poll(&ready, 1, 30'000);
      if (polled == 0) {
        ADD_FAILURE() << "no line from the workload within 30 s (got \"" << line << "\")";
        return line;
      }
      if (polled < 0 && errno == EINTR) continue;
      char c;
      const ssize_t n = read(read_end_, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || c == '\n') return line;
      line.push_back(c);
    }
  }

  void Write(const std::string& text) {
    ASSERT_EQ(write(write_end_, text.data(), text.size()), static_cast<ssize_t>(text.size()))
        << std::strerror(errno);
  }

 private:
  static void Close(int& fd) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
  int read_end_ = -1;
  int write_end_ = -1;
};

// The init binary, started the way a container runtime starts PID 1: empty
// signal mask, default dispositions, stdin from a file (default /dev/null).
// Whatever is still running when the test ends is SIGKILLed: that is the
// test's cleanup, never the init's doing.
class InitProcess {
 public:
  struct Options {
    std::vector<std::pair<int, int>> fds;  // (fd in the init, fd in the test)
    std::string stdin_path = "/dev/null";
    // The signal state the init starts with, on top of every signal
    // unblocked and at its default: what a runtime hands over.
    std::vector<int> blocked;
    std::vector<int> ignored;
  };
  static Options StdinFrom(std::string path) {
    Options options;
    options.stdin_path = std::move(path);
    return options;
  }

  InitProcess(const std::vector<std::string>& args, const Options& options)
      : stdout_path_(TempPath("stdout")), stderr_path_(TempPath("stderr")) {
    std::vector<std::string> argv = {InitPath()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c_argv;
    for (std::string& arg : argv) c_argv.push_back(arg.data());
    c_argv.push_back(nullptr);

    pid_ = fork();
    if (pid_ < 0) {
      ADD_FAILURE() << "fork: " << std::strerror(errno);
      return;
    }
    if (pid_ == 0) ExecInit(c_argv.data(), options);
  }

  InitProcess(const std::vector<std::string>& args) : InitProcess(args, Options{}) {}

  ~InitProcess() {
    if (pid_ > 0 && !status_) {
      kill(pid_, SIGKILL);
      Wait();
    }
  }

  pid_t pid() const { return pid_; }

  // Blocks until the init exits; Describe()d status.
  std::string Wait() {
    if (!status_) {
      int status = 0;
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      status_ = status;
    }
    return Describe(*status_);
  }

  // Whether the init is still running, without waiting for it.
  bool Running() {
    if (status_) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == 0) return true;
    status_ = status;
    return false;
  }

  std::string Stdout() const { return ReadFile(stdout_path_); }
  std::string Stderr() const { return ReadFile(stderr_path_); }

 private:
  [[noreturn]] void ExecInit(char* const argv[], const Options& options) {
    // Raw: glibc's sigaction refuses its own signals 32 and 33, which the
    // test may have inherited ignored. An all-zero kernel sigaction is SIG_DFL.
    const unsigned long all_zero[8] = {};
    for (int signo = 1; signo <= 64; ++signo) {
      if (signo != SIGKILL && signo != SIGSTOP) syscall(SYS_rt_sigaction, signo, all_zero, nullptr, sizeof(uint64_t));
    }
    for (int signo : options.ignored) signal(signo, SIG_IGN);
    sigset_t mask;
    sigemptyset(&mask);
    for (int signo : options.blocked) sigaddset(&mask, signo);
    sigprocmask(SIG_SETMASK, &mask, nullptr);

    // Move the sources out of the way first: a source may sit on a target.
    std::vector<std::pair<int, int>> moved;
    for (const auto& [target, source] : options.fds) {
      moved.emplace_back(target, fcntl(source, F_DUPFD_CLOEXEC, 100));
    }
    for (const auto& [target, source] : moved) dup2(source, target);  // clears CLOEXEC

    const int in = open(options.stdin_path.c_str(), O_RDONLY);
    const int out = open(stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(250);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execv(argv[0], argv);
    _exit(251);
  }

  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string stdout_path_;
  std::string stderr_path_;
};

std::vector<std::string> Args(const std::string& strategy, std::vector<std::string> command) {
  std::vector<std::string> args = {"--strategy=" + strategy, "--"};
  args.insert(args.end(), command.begin(), command.end());
  return args;
}

class EveryStrategyTest : public ::testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(Strategies, EveryStrategyTest, ::testing::ValuesIn(kAllStrategies),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) c = (c == '-') ? '_' : c;
                           return name;
                         });

// ---- exec failures and exit statuses ----------------------------------------

TEST_P(EveryStrategyTest, MissingCommandExits127AndSaysWhy) {
  InitProcess init(Args(GetParam(), {"/nonexistent/command", "arg"}));
  EXPECT_EQ(init.Wait(), "exited 127");
  EXPECT_EQ(init.Stderr(), "init: exec /nonexistent/command: No such file or directory\n");
}

TEST_P(EveryStrategyTest, CommandNotInPathExits127) {
  InitProcess init(Args(GetParam(), {"initcheck-no-such-command"}));
  EXPECT_EQ(init.Wait(), "exited 127");
  EXPECT_EQ(init.Stderr(), "init: exec initcheck-no-such-command: No such file or directory\n");
}

TEST_P(EveryStrategyTest, NonExecutableFileExits126AndSaysWhy) {
  const std::string path = TempPath("not-executable");
  std::ofstream(path) << "#!/bin/sh\nexit 0\n";
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  InitProcess init(Args(GetParam(), {path}));
  EXPECT_EQ(init.Wait(), "exited 126");
  EXPECT_EQ(init.Stderr(), "init: exec " + path + ": Permission denied\n");
}

TEST_P(EveryStrategyTest, PassesOnTheMainProcessExitCode) {
  InitProcess init(Args(GetParam(), {"sh", "-c", "exit 42"}));
  EXPECT_EQ(init.Wait(), "exited 42");
  EXPECT_EQ(init.Stderr(), "");
}

TEST_P(EveryStrategyTest, PassesOnTheMainProcessSignalAs128PlusSignal) {
  InitProcess init(Args(GetParam(), {"sh", "-c", "kill -TERM $$"}));
  EXPECT_EQ(init.Wait(), "exited 143");
}

TEST_P(EveryStrategyTest, CommandMayFollowOptionsWithoutDoubleDash) {
  InitProcess init({"--strategy=" + GetParam(), "sh", "-c", "exit 7"});
  EXPECT_EQ(init.Wait(), "exited 7");
}

TEST_P(EveryStrategyTest, MainProcessStartsWithNoBlockedOrIgnoredSignals) {
  // The init blocks everything in itself; none of it may leak through exec.
  InitProcess init(Args(GetParam(), {"cat", "/proc/self/status"}), InitProcess::Options{});
  EXPECT_EQ(init.Wait(), "exited 0");
  const std::string status = init.Stdout();
  EXPECT_NE(status.find("\nSigBlk:\t0000000000000000\n"), std::string::npos) << status;
  EXPECT_NE(status.find("\nSigIgn:\t0000000000000000\n"), std::string::npos) << status;
}

TEST_P(EveryStrategyTest, MainProcessStartsWithTheSignalStateTheInitWasGiven) {
  // What the runtime handed over passes through untouched, as if no init
  // stood between: SIGUSR1 (bit 9) stays blocked, SIGHUP (bit 0) ignored.
  InitProcess init(Args(GetParam(), {"cat", "/proc/self/status"}),
                   InitProcess::Options{.blocked = {SIGUSR1}, .ignored = {SIGHUP}});
  EXPECT_EQ(init.Wait(), "exited 0");
  const std::string status = init.Stdout();
  EXPECT_NE(status.find("\nSigBlk:\t0000000000000200\n"), std::string::npos) << status;
  EXPECT_NE(status.find("\nSigIgn:\t0000000000000001\n"), std::string::npos) << status;
}

TEST_P(EveryStrategyTest, MainProcessInheritsStdin) {
  const std::string input = TempPath("stdin");
  std::ofstream(input) << "hello from stdin\n";
  InitProcess init(Args(GetParam(), {"head", "-n", "1"}), InitProcess::StdinFrom(input));
  EXPECT_EQ(init.Wait(), "exited 0");
  EXPECT_EQ(init.Stdout(), "hello from stdin\n");
}

// ---- the stop signal --------------------------------------------------------

TEST_P(EveryStrategyTest, SigtermToTheInit) {
  // The main process reports its pid once it runs: by then the init has
  // blocked its signals, so the SIGTERM below cannot kill the init itself.
  Pipe report;
  InitProcess init(Args(GetParam(), {"sh", "-c", "echo $$ >&3; exec sleep 30"}),
                   {.fds = {{3, report.write_end()}}});
  report.CloseWrite();
  const pid_t main_pid = std::stoi(report.ReadLine());

  ASSERT_EQ(kill(init.pid(), SIGTERM), 0);
  EXPECT_EQ(init.Wait(), "exited 143");
  if (GetParam() == "exit-on-term") {
    // The naive init left without telling its child anything.
    EXPECT_TRUE(ProcessExists(main_pid));
    kill(main_pid, SIGKILL);  // test cleanup
  } else {
    // The main process got SIGTERM, died of it, and was reaped by the init.
    EXPECT_FALSE(ProcessExists(main_pid));
  }
}

class SessionLeaderTest : public ::testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(Strategies, SessionLeaderTest,
                         ::testing::Values("forward-child", "forward-group", "drain"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) c = (c == '-') ? '_' : c;
                           return name;
                         });

TEST_P(SessionLeaderTest, OnlyDrainReachesAProcessInAnotherSession) {
  // The grandchild reports its pid after setsid, so it has left the main
  // process's group before any signal is sent.
  Pipe report;
  InitProcess init(
      Args(GetParam(), {"sh", "-c", R"(setsid sh -c "echo \$\$ >&3; exec sleep 30" & wait)"}),
      {.fds = {{3, report.write_end()}}});
  report.CloseWrite();
  const pid_t session_leader = std::stoi(report.ReadLine());

  ASSERT_EQ(kill(init.pid(), SIGTERM), 0);
  EXPECT_EQ(init.Wait(), "exited 143");
  if (GetParam() == "drain") {
    EXPECT_FALSE(ProcessExists(session_leader)) << "drain exited before it was gone";
  } else {
    EXPECT_TRUE(ProcessExists(session_leader)) << GetParam() << " reached another session";
    kill(session_leader, SIGKILL);  // test cleanup
  }
}

// ---- the main process exits while a grandchild still runs -------------------

// A main process that leaves a grandchild behind. The grandchild reports
// "started" once its trap is set, reports "got-term" for each SIGTERM (and
// keeps going), and exits only after reading a line from fd 4, writing "done"
// to the file $1 first. Main exits 0 after reading a line from fd 5, which the
// test writes only once the grandchild has started: otherwise drain's SIGTERM
// could arrive before the trap is set. dash's `read` gives up when a trapped
// signal interrupts it, hence the loop; it ends on a line, or on end of file
// when nobody will ever write one.
constexpr char kMainLeavesAGrandchild[] = R"(
(
  trap 'got=term; echo got-term >&3' TERM
  echo started >&3
  while :; do
    got=
    if read line <&4; then break; fi
    [ "$got" = term ] || break
  done
  echo done > "$1"
) &
read line <&5
exit 0
)";

struct GrandchildWorkload {
  GrandchildWorkload() : marker(TempPath("grandchild-done")) {}

  std::vector<std::string> Command() const {
    return {"sh", "-c", kMainLeavesAGrandchild, "sh", marker};
  }
  InitProcess::Options Fds() const {
    return {.fds = {{3, report.write_end()}, {4, release.read_end()}, {5, main_exit.read_end()}},
            .stdin_path = "/dev/null"};
  }
  // Once the init has its copies of the pipes: waits for the grandchild to
  // be ready, then lets the main process exit.
  void StartAndLetMainExit() {
    report.CloseWrite();
    release.CloseRead();
    main_exit.CloseRead();
    EXPECT_EQ(report.ReadLine(), "started");
    main_exit.Write("exit\n");
    main_exit.CloseWrite();
  }
  void ReleaseGrandchild() {
    release.Write("go\n");
    release.CloseWrite();
  }

  std::string marker;
  Pipe report;     // grandchild -> test, fd 3
  Pipe release;    // test -> grandchild, fd 4
  Pipe main_exit;  // test -> main, fd 5
};

TEST(DrainTest, WaitsForAGrandchildAfterTheMainProcessExitedByItself) {
  GrandchildWorkload workload;
  InitProcess init(Args("drain", workload.Command()), workload.Fds());
  workload.StartAndLetMainExit();

  // drain tells the rest to stop once the main process is gone...
  EXPECT_EQ(workload.report.ReadLine(), "got-term");
  // ...and is still there afterwards, since the grandchild still runs.
  EXPECT_TRUE(init.Running()) << "drain exited while a grandchild was running";

  workload.ReleaseGrandchild();
  EXPECT_EQ(init.Wait(), "exited 0");
  // drain exited only after the grandchild had finished.
  EXPECT_EQ(ReadFile(workload.marker), "done\n");
}

TEST(DrainTest, GraceBoundsTheWaitForTheRest) {
  GrandchildWorkload workload;
  std::vector<std::string> args = {"--strategy=drain", "--grace-ms", "50", "--"};
  for (const std::string& arg : workload.Command()) args.push_back(arg);
  InitProcess bounded(args, workload.Fds());
  workload.StartAndLetMainExit();
  EXPECT_EQ(bounded.Wait(), "exited 0");
  EXPECT_FALSE(FileExists(workload.marker)) << "drain waited for the grandchild after all";
  EXPECT_NE(bounded.Stderr().find("grace period of 50 ms"), std::string::npos)
      << bounded.Stderr();
  workload.ReleaseGrandchild();  // lets the grandchild finish
}

class LeavesGrandchildTest : public ::testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(Strategies, LeavesGrandchildTest,
                         ::testing::Values("exit-on-term", "forward-child", "forward-group"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) c = (c == '-') ? '_' : c;
                           return name;
                         });

TEST_P(LeavesGrandchildTest, ExitsAsSoonAsTheMainProcessExits) {
  GrandchildWorkload workload;
  InitProcess init(Args(GetParam(), workload.Command()), workload.Fds());
  workload.StartAndLetMainExit();
  // The grandchild cannot finish before Release(), so an init that waited
  // for it would never get here.
  EXPECT_EQ(init.Wait(), "exited 0");
  EXPECT_FALSE(FileExists(workload.marker));
  workload.ReleaseGrandchild();  // lets the grandchild finish
}

// ---- command line -------------------------------------------------------------

TEST(CommandLineTest, HelpExplainsEveryOptionAndStrategy) {
  InitProcess init({"--help"});
  EXPECT_EQ(init.Wait(), "exited 0");
  const std::string help = init.Stdout();
  for (const std::string& text : {"--strategy"s, "--grace-ms"s, "--broadcast"s, "CMD"s}) {
    EXPECT_NE(help.find(text), std::string::npos) << text << " missing from:\n" << help;
  }
  for (const std::string& strategy : kAllStrategies) {
    EXPECT_NE(help.find("\n  " + strategy + "\n"), std::string::npos)
        << strategy << " missing from:\n" << help;
  }
}

TEST(CommandLineTest, RejectsMistakesWithStatus2) {
  const std::vector<std::vector<std::string>> mistakes = {
      {"--strategy=tini", "--", "true"},
      {"--strategy=drain"},
      {"--", "true"},
      {"--strategy=drain", "--broadcast", "SIGNOPE", "--", "true"},
      {"--strategy=drain", "--broadcast", "SIGKILL", "--", "true"},
      {"--strategy=forward-child", "--grace-ms", "10", "--", "true"},
      {"--strategy=drain", "--grace-ms", "-1", "--", "true"},
  };
  for (const auto& args : mistakes) {
    InitProcess init(args);
    EXPECT_EQ(init.Wait(), "exited 2") << ::testing::PrintToString(args);
    EXPECT_NE(init.Stderr(), "") << ::testing::PrintToString(args);
  }
}

TEST(CommandLineTest, AcceptsBroadcastSignalsInEverySpelling) {
  InitProcess init({"--strategy=drain", "--broadcast", "SIGWINCH", "--broadcast", "hup",
                    "--broadcast", "10", "--grace-ms", "0", "--", "true"});
  EXPECT_EQ(init.Wait(), "exited 0");
  EXPECT_EQ(init.Stderr(), "");
}

}  // namespace
