// The `init` binary: the in-tree strategies behind init_command.h.
#include "init_impls/init_command.h"

int main(int argc, char** argv) {
  return initcheck::inits::InitMain(argc, argv, "init", initcheck::inits::Strategies());
}
