// An init binary's command line, parsed without the OS: the arguments in,
// either what to run or what to print and the status to exit with.
//
//   PROGRAM [--strategy=NAME] [--grace-ms N] [--broadcast SIG]... [--] CMD [ARGS...]
//
// Options come first; the first argument that is not one (or everything
// after "--") is CMD, untouched, so `init --strategy=drain sh -c 'exit 1'`
// runs `sh -c 'exit 1'`. Each option is also accepted as --name=value.
// --strategy may be left out when the binary has a single strategy (the
// release `drain` binary). --help and --version print and exit 0; a mistake
// exits 2 with a message naming the argument and why.
//
// Hand-written rather than CLI11: CLI11 is built on iostreams, and the
// release init must carry neither iostreams nor a locale (it is PID 1 of a
// user's image: every kilobyte is resident for the container's life).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "init_impls/init_strategy.h"

namespace initcheck::inits {

inline constexpr int kUsageExitCode = 2;
inline constexpr std::string_view kInitVersion = "0.1.0";

struct InitArgs {
  const StrategyInfo* strategy = nullptr;
  StrategyOptions options;
  std::vector<std::string> command;
};

// Nothing to run: print `out` to stdout and `err` to stderr, exit with code.
struct InitArgsExit {
  int code = 0;
  std::string out;
  std::string err;
};

// args excludes argv[0]; program names the binary in --help and messages.
std::variant<InitArgs, InitArgsExit> ParseInitArgs(std::span<const std::string> args, std::string_view program,
                                                   std::span<const StrategyInfo> strategies);

}  // namespace initcheck::inits
