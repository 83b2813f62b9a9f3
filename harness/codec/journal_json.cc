#include "harness/codec/journal_json.h"

#include <fmt/core.h>

#include "harness/codec/json_reader.h"
#include "harness/model/quoted_text.h"
#include "harness/model/signal_names.h"

namespace initcheck {
namespace {
// A key only one kind of entry carries: on another kind the encoder would
// drop it, so the entry would not read back as it was (found by
// journal_json_fuzzer).
void OnlyFor(const ObjectReader& r, std::string_view key, JournalKind kind, JournalKind owner) {
  if (kind != owner && r.Find(key)) {
    throw JsonError(r.PathOf(key), fmt::format("only {} entries have {}, not {} ones",
                                               Quote(JournalKindId(owner)), Quote(key),
                                               Quote(JournalKindId(kind))));
  }
}

nlohmann::json SignalList(const std::vector<int>& signals) {
  auto out = nlohmann::json::array();
  for (int s : signals) out.push_back(SignalName(s));
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

JournalEntry JournalEntryFromJson(const nlohmann::json& json, const std::string& path) {
  ObjectReader r(json, path, {"t_ns", "node", "kind", "signal", "code", "blocked", "ignored"});
  JournalEntry entry;
  entry.t_ns = r.Integer("t_ns");
  entry.node = r.String("node");
  entry.kind = r.Enum("kind", JournalKindIds(), "journal kind");
  OnlyFor(r, "code", entry.kind, JournalKind::kExiting);
  OnlyFor(r, "blocked", entry.kind, JournalKind::kStart);
  OnlyFor(r, "ignored", entry.kind, JournalKind::kStart);
  if (const auto* signal = r.Find("signal")) entry.signo = GetSignal(*signal, r.PathOf("signal"));
  if (const auto* code = r.Find("code")) entry.code = GetInt(*code, r.PathOf("code"));
  if (const auto* blocked = r.Find("blocked")) {
    entry.blocked = ReadArray(*blocked, r.PathOf("blocked"), GetSignal);
  }
  if (const auto* ignored = r.Find("ignored")) {
    entry.ignored = ReadArray(*ignored, r.PathOf("ignored"), GetSignal);
  }
  return entry;
}

JournalEntry ParseJournalEntry(std::string_view datagram) {
  return JournalEntryFromJson(ParseJson(datagram));
}

}  // namespace initcheck
