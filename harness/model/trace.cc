#include "harness/model/trace.h"

#include <utility>

#include "harness/model/enum_ids.h"

namespace initcheck {
namespace {
constexpr EnumId<ProcessRole> kRoles[] = {
    {ProcessRole::kInit, "init"},
    {ProcessRole::kNode, "node"},
    {ProcessRole::kIntermediate, "intermediate"},
    {ProcessRole::kUnknown, "unknown"},
};

constexpr EnumId<JournalKind> kJournalKinds[] = {
    {JournalKind::kStart, "start"},
    {JournalKind::kReady, "ready"},
    {JournalKind::kDetached, "detached"},
    {JournalKind::kSignal, "signal"},
    {JournalKind::kCleanupStart, "cleanup-start"},
    {JournalKind::kForwarded, "forwarded"},
    {JournalKind::kExiting, "exiting"},
    {JournalKind::kForceQuit, "force-quit"},
};

constexpr EnumId<SentKind> kSentKinds[] = {
    {SentKind::kExtra, "extra"},
    {SentKind::kStop, "stop"},
    {SentKind::kDeadline, "deadline"},
    {SentKind::kGiveUp, "give-up"},
};
}  // namespace

std::string_view ProcessRoleId(ProcessRole role) { return IdOf<ProcessRole>(kRoles, role); }
std::optional<ProcessRole> ProcessRoleFromId(std::string_view id) { return FromId<ProcessRole>(kRoles, id); }

std::string_view JournalKindId(JournalKind kind) { return IdOf<JournalKind>(kJournalKinds, kind); }
std::optional<JournalKind> JournalKindFromId(std::string_view id) { return FromId<JournalKind>(kJournalKinds, id); }

std::string_view SentKindId(SentKind kind) { return IdOf<SentKind>(kSentKinds, kind); }
std::optional<SentKind> SentKindFromId(std::string_view id) { return FromId<SentKind>(kSentKinds, id); }

std::span<const EnumId<ProcessRole>> ProcessRoleIds() { return kRoles; }
std::span<const EnumId<JournalKind>> JournalKindIds() { return kJournalKinds; }
std::span<const EnumId<SentKind>> SentKindIds() { return kSentKinds; }

const ProcessRecord* Trace::Init() const {
  if (init_is_main) return Find(scenario.main.name);
  for (const auto& p : processes) {
    if (p.role == ProcessRole::kInit) return &p;
  }
  return nullptr;
}

bool Trace::OfTheWorkload(const ProcessRecord& record) const {
  const ProcessRecord* p = &record;
  // A parent forked before its child; bounded by the table's size, so a
  // reused pid cannot loop.
  for (size_t steps = 0; p != nullptr && steps <= processes.size(); ++steps) {
    if (p->role == ProcessRole::kNode) return true;
    if (p->role == ProcessRole::kInit || p->parent_pid == 0) return false;
    const ProcessRecord* parent = nullptr;
    for (const auto& q : processes) {
      if (q.pid == p->parent_pid && &q != p && (!q.fork_ns || !p->fork_ns || *q.fork_ns <= *p->fork_ns)) parent = &q;
    }
    p = parent;
  }
  return false;
}

bool Trace::DeadlineKillSent() const {
  for (const auto& s : sent) {
    if (s.kind == SentKind::kDeadline) return true;
  }
  return false;
}

const ProcessRecord* Trace::Find(const std::string& name) const {
  for (const auto& p : processes) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

JournalEntry ExitingEntry(int64_t t_ns, std::string node, int code, int signo) {
  JournalEntry entry;
  entry.t_ns = t_ns;
  entry.node = std::move(node);
  entry.kind = JournalKind::kExiting;
  entry.code = code;
  entry.signo = signo;
  return entry;
}

}  // namespace initcheck
