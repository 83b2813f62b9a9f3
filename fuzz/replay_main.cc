// The main of a fuzz target's regression test (fuzz.bzl): feeds each file
// named on the command line to LLVMFuzzerTestOneInput once, as libFuzzer
// would, so that the corpus and every kept crash run under plain `bazel test`,
// without libFuzzer.
//
//   replay_main [--timeout_s=N] FILE...
//
// A target reports a finding by crashing (abort, a sanitizer, an uncaught
// exception), so this cannot report it afterwards: it names each file before
// running it, and a fatal signal's handler names the file again, so the test
// log ends with the culprit. An input slower than --timeout_s is a finding too
// (libFuzzer's -timeout), reported after it returns.
//
// Exit status: 0 every input ran; 1 an input was too slow or unreadable;
// 2 a bad command line (also libFuzzer's flags: this binary only replays).
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// libFuzzer calls it first when a target defines it; so does the replay.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

// The file being replayed, for the fatal-signal handler (which may only
// write(2) what is already there).
const char* current_file = nullptr;

void NameCulprit(int signo) {
  if (current_file != nullptr) {
    constexpr char kPrefix[] = "replay: the input that crashed: ";
    (void)!write(STDERR_FILENO, kPrefix, sizeof kPrefix - 1);
    (void)!write(STDERR_FILENO, current_file, strlen(current_file));
    (void)!write(STDERR_FILENO, "\n", 1);
  }
  signal(signo, SIG_DFL);
  raise(signo);
}

bool ReadFile(const char* path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// Runs one input; false when it took longer than timeout_s (0: no bound).
bool Replay(const char* name, const std::vector<uint8_t>& bytes, long timeout_s) {
  fprintf(stderr, "replay: %s (%zu bytes)\n", name, bytes.size());
  current_file = name;
  const auto start = std::chrono::steady_clock::now();
  // A copy of exactly size bytes, as libFuzzer passes: ASan then catches a
  // read past the end.
  std::vector<uint8_t> input(bytes);
  LLVMFuzzerTestOneInput(input.data(), input.size());
  const auto took = std::chrono::steady_clock::now() - start;
  current_file = nullptr;
  if (timeout_s > 0 && took > std::chrono::seconds(timeout_s)) {
    fprintf(stderr, "replay: %s took %.1f s, over the target's %ld s timeout (a slow input is a finding)\n",
            name, std::chrono::duration<double>(took).count(), timeout_s);
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  long timeout_s = 0;
  std::vector<const char*> files;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--timeout_s=")) {
      timeout_s = strtol(argv[i] + strlen("--timeout_s="), nullptr, 10);
    } else if (arg.starts_with("-")) {
      fprintf(stderr,
              "replay: unknown flag %s: this binary only replays files (built without "
              "--config=fuzz); to fuzz: bazel run --config=fuzz //fuzz:NAME_run -- %s\n",
              argv[i], argv[i]);
      return 2;
    } else {
      files.push_back(argv[i]);
    }
  }
  for (int signo : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) signal(signo, NameCulprit);
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);

  int failures = 0;
  // libFuzzer always tries the empty input first.
  if (!Replay("(empty input)", {}, timeout_s)) ++failures;
  for (const char* file : files) {
    std::vector<uint8_t> bytes;
    if (!ReadFile(file, bytes)) {
      fprintf(stderr, "replay: cannot read %s: %s\n", file, strerror(errno));
      ++failures;
      continue;
    }
    if (!Replay(file, bytes, timeout_s)) ++failures;
  }
  fprintf(stderr, "replay: %zu files and the empty input, %d failed\n", files.size(), failures);
  return failures == 0 ? 0 : 1;
}
