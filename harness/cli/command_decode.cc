#include "harness/cli/command_decode.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "harness/cli/cli_common.h"
#include "harness/codec/scenario_json.h"
#include "properties/gen/scenario_bytes.h"

namespace initcheck::cli {
namespace {

struct DecodeFlags {
  std::string input;
  std::string out;  // empty: stdout
};

// Only the layout's bytes are read: past them a fuzz target's input holds
// what only that target reads (init_logic_fuzzer's interleaving choices),
// so a file of any size decodes without being read whole.
std::vector<uint8_t> ReadLayout(const std::string& path, size_t& size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("open({}): {}", path, std::strerror(errno)));
  std::vector<uint8_t> bytes(kScenarioBytes);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) throw UsageError(fmt::format("read({}): {}", path, std::strerror(errno)));
  in.clear();
  in.seekg(0, std::ios::end);
  size = static_cast<size_t>(in.tellg());
  return bytes;
}

int Decode(const DecodeFlags& flags) {
  size_t size = 0;
  const std::vector<uint8_t> bytes = ReadLayout(flags.input, size);
  DecodedScenario decoded = DecodeScenarioBytes(bytes);
  if (!decoded.fallback.empty()) {
    // The fuzz targets skip such an input: it stands for no scenario.
    throw UsageError(fmt::format("{}: decodes to no scenario of its own: {}", flags.input, decoded.fallback));
  }
  decoded.scenario.description = fmt::format(
      "Decoded by `initcheck decode` from the fuzzer input {} ({} bytes{}).", flags.input, size,
      size > kScenarioBytes ? fmt::format("; the {} past the scenario's {} are not part of it: init_logic_fuzzer "
                                          "reads them as a simulated run's interleaving choices",
                                          size - kScenarioBytes, kScenarioBytes)
                            : "");
  const std::string text = ScenarioToJsonText(decoded.scenario);
  if (flags.out.empty()) {
    std::cout << text;
  } else {
    WriteTextFile(flags.out, text);
    std::cerr << fmt::format("scenario: {}\n", flags.out);
  }
  return kExitHolds;
}

}  // namespace

std::function<int()> AddDecodeCommand(CLI::App& app) {
  auto flags = std::make_shared<DecodeFlags>();
  CLI::App* command = app.add_subcommand(
      "decode",
      "write the scenario a fuzzer input stands for (a crash-*, timeout-* or corpus file of "
      "scenario_bytes_fuzzer, init_logic_fuzzer, namespace_fuzzer or differential_fuzzer: all read the same "
      "byte layout, properties/gen/scenario_bytes.h), so that `initcheck run FILE --init NAME` replays it on the real "
      "kernel. Every input decodes to a scenario that keeps the margin rule, but one the decoder cannot "
      "repair (exit status 2: the fuzz targets skip it too). scenario_json_fuzzer's inputs are scenario "
      "files already.");
  command->add_option("input", flags->input, "the fuzzer input")->required();
  command->add_option("--out", flags->out, "the scenario file to write (default: standard output)");
  return [command, flags] { return *command ? Decode(*flags) : -1; };
}

}  // namespace initcheck::cli
