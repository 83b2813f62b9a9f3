// The probe journal's wire format: one JSON object per datagram.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "harness/model/trace.h"

namespace initcheck {

nlohmann::json JournalEntryToJson(const JournalEntry& entry);
// Throws std::runtime_error naming the problem when the object is not a journal entry.
JournalEntry JournalEntryFromJson(const nlohmann::json& json);

}  // namespace initcheck
