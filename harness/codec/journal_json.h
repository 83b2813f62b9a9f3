// The probe journal's wire format: one JSON object per datagram. Datagrams
// come from processes inside the namespace, which the init under test may
// have started or disturbed: untrusted input, read strictly (json_reader.h).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "harness/model/json_path.h"
#include "harness/model/trace.h"

namespace initcheck {

nlohmann::json JournalEntryToJson(const JournalEntry& entry);

// Throws JsonError naming the path and the problem when json is not a journal
// entry; path is where json sits in its document ("$.journal[4]" in a trace).
JournalEntry JournalEntryFromJson(const nlohmann::json& json, const std::string& path = "$");

// One datagram's text -> entry; a syntax error is a JsonError at "$" too.
JournalEntry ParseJournalEntry(std::string_view datagram);

}  // namespace initcheck
