// planted_init: drain with one planted mistake (planted_mistakes.h), with
// the in-tree init's command line: planted_init --strategy=NAME -- CMD...
#include "fuzz/planted/planted_mistakes.h"
#include "init_impls/init_command.h"

int main(int argc, char** argv) {
  return initcheck::inits::InitMain(argc, argv, "planted_init", initcheck::fuzz::PlantedStrategies());
}
