#include "harness/codec/journal_json.h"

#include <stdexcept>

#include "harness/model/signal_names.h"

namespace initcheck {
namespace {
nlohmann::json SignalList(const std::vector<int>& signals) {
  auto out = nlohmann::json::array();
  for (int s : signals) out.push_back(SignalName(s));
  return out;
}

std::vector<int> SignalListFromJson(const nlohmann::json& json) {
  std::vector<int> out;
  for (const auto& item : json) {
    auto signo = SignalFromName(item.get<std::string>());
    if (!signo) throw std::runtime_error("unknown signal " + item.dump());
    out.push_back(*signo);
  }
  return out;
}
}  // namespace

nlohmann::json JournalEntryToJson(const JournalEntry& entry) {
  nlohmann::json json = {
      {"t_ns", entry.t_ns}, {"node", entry.node}, {"kind", JournalKindId(entry.kind)}};
  if (entry.signo) json["signal"] = SignalName(entry.signo);
  if (entry.kind == JournalKind::kExiting) json["code"] = entry.code;
  if (entry.kind == JournalKind::kStart) {
    json["blocked"] = SignalList(entry.blocked);
    json["ignored"] = SignalList(entry.ignored);
  }
  return json;
}

JournalEntry JournalEntryFromJson(const nlohmann::json& json) {
  try {
    JournalEntry entry;
    entry.t_ns = json.at("t_ns").get<int64_t>();
    entry.node = json.at("node").get<std::string>();
    auto kind = JournalKindFromId(json.at("kind").get<std::string>());
    if (!kind) throw std::runtime_error("unknown kind " + json.at("kind").dump());
    entry.kind = *kind;
    if (json.contains("signal")) {
      auto signo = SignalFromName(json["signal"].get<std::string>());
      if (!signo) throw std::runtime_error("unknown signal " + json["signal"].dump());
      entry.signo = *signo;
    }
    if (json.contains("code")) entry.code = json["code"].get<int>();
    if (json.contains("blocked")) entry.blocked = SignalListFromJson(json["blocked"]);
    if (json.contains("ignored")) entry.ignored = SignalListFromJson(json["ignored"]);
    return entry;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("malformed journal entry ") + json.dump() + ": " + e.what());
  }
}

}  // namespace initcheck
