// report.json is read back to redraw a report without rerunning: a file
// anyone may hand to `initcheck report`. MatrixFromJson must turn any
// document into a Matrix or a JsonError, and an accepted matrix must survive
// MatrixToJson unchanged. Read with the strict reader (json_reader.h), like
// every decoder.
#include <cstddef>
#include <cstdint>

#include "fuzz/round_trip.h"
#include "harness/codec/json_reader.h"
#include "harness/report/matrix_json.h"

namespace {
initcheck::Matrix Decode(std::string_view text) {
  return initcheck::MatrixFromJson(initcheck::ParseJson(text));
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace initcheck;
  return fuzz::FuzzDecoder("report", data, size, Decode,
                           [](const Matrix& m) { return MatrixToJson(m).dump(); });
}
