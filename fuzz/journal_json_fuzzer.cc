// Journal datagrams come from processes inside the namespace, which the init
// under test started or disturbed: untrusted input. ParseJournalEntry must
// turn any datagram into an entry or a JsonError, and an accepted entry must
// survive JournalEntryToJson unchanged (a trace's journal is written with
// it and read back with the same decoder).
#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "fuzz/round_trip.h"
#include "harness/codec/journal_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace initcheck;
  return fuzz::FuzzDecoder("journal entry", data, size, ParseJournalEntry,
                           [](const JournalEntry& e) { return JournalEntryToJson(e).dump(); });
}
