#include "init_impls/init_command.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "init_impls/real_kernel.h"
#include "init_impls/init_args.h"

// Built with AddressSanitizer (bazel --config=fuzz), an init that returns
// from main would run LeakSanitizer, which clones a tracer process: inside
// the namespace under test, a child of PID 1 that the scenario never asked
// for (the differential fuzzer found it). An init's leaks at its own exit
// are no finding; the tracer is a wrong trace.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }
#endif
#endif

namespace initcheck::inits {

int InitMain(int argc, char** argv, const std::string& program, std::span<const StrategyInfo> strategies) {
  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  auto parsed = ParseInitArgs(args, program, strategies);
  if (auto* exit = std::get_if<InitArgsExit>(&parsed)) {
    std::fputs(exit->out.c_str(), stdout);
    std::fputs(exit->err.c_str(), stderr);
    return exit->code;
  }
  InitArgs& init = std::get<InitArgs>(parsed);

  auto started = RealKernel::Start();
  if (auto* error = std::get_if<SyscallError>(&started)) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), error->ToString().c_str());
    return kInitFailureExitCode;
  }
  RealKernel& kernel = *std::get<std::unique_ptr<RealKernel>>(started);
  return init.strategy->make(init.options)->Run(kernel, init.command);
}

}  // namespace initcheck::inits
