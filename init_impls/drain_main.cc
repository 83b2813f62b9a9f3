// The `drain` binary: drain alone, the init users can put in an image
// (`bazel build -c opt //init_impls:drain`: static, without iostreams or a
// locale). The `init` binary carries every strategy for the harness's tests.
#include "init_impls/init_command.h"
#include "init_impls/init_strategy.h"

int main(int argc, char** argv) {
  const initcheck::inits::StrategyInfo* drain = initcheck::inits::FindStrategy("drain");
  return initcheck::inits::InitMain(argc, argv, "drain", {drain, 1});
}
