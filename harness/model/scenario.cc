#include "harness/model/scenario.h"

#include <algorithm>

namespace initcheck {
namespace {
constexpr EnumId<SessionMode> kSessionModes[] = {
    {SessionMode::kInherit, "inherit"},
    {SessionMode::kNewGroup, "new-group"},
    {SessionMode::kNewSession, "new-session"},
};

constexpr EnumId<SignalAction> kSignalActions[] = {
    {SignalAction::kDefault, "default"}, {SignalAction::kIgnore, "ignore"},
    {SignalAction::kExit, "exit"},       {SignalAction::kRecord, "record"},
    {SignalAction::kForward, "forward"},
};

constexpr EnumId<ExecError> kExecErrors[] = {
    {ExecError::kNone, "none"},
    {ExecError::kNotFound, "ENOENT"},
    {ExecError::kNotExecutable, "EACCES"},
    {ExecError::kNoCommand, "no-command"},
};

constexpr EnumId<StartMode> kStartModes[] = {
    {StartMode::kReady, "ready"},
    {StartMode::kRacy, "racy"},
};
}  // namespace

std::span<const EnumId<SessionMode>> SessionModeIds() { return kSessionModes; }
std::span<const EnumId<SignalAction>> SignalActionIds() { return kSignalActions; }
std::span<const EnumId<StartMode>> StartModeIds() { return kStartModes; }
std::span<const EnumId<ExecError>> ExecErrorIds() { return std::span(kExecErrors).subspan(1); }
std::string_view ExecErrorId(ExecError error) { return IdOf<ExecError>(kExecErrors, error); }
std::string_view SessionModeId(SessionMode mode) { return IdOf<SessionMode>(kSessionModes, mode); }
std::string_view SignalActionId(SignalAction action) { return IdOf<SignalAction>(kSignalActions, action); }
std::string_view StartModeId(StartMode mode) { return IdOf<StartMode>(kStartModes, mode); }


Disposition ProcessSpec::DispositionFor(int signo) const {
  auto it = on_signal.find(signo);
  return it == on_signal.end() ? Disposition{} : it->second;
}

bool ProcessSpec::Blocks(int signo) const {
  return std::find(block.begin(), block.end(), signo) != block.end();
}

namespace {
void FlattenInto(const ProcessSpec& node, const ProcessSpec* parent, int depth,
                 std::vector<NodeRef>& out) {
  out.push_back({&node, parent, depth});
  for (const auto& child : node.children) FlattenInto(child, &node, depth + 1, out);
}
}  // namespace

std::vector<NodeRef> Flatten(const Scenario& scenario) {
  std::vector<NodeRef> out;
  FlattenInto(scenario.main, nullptr, 0, out);
  return out;
}

const ProcessSpec* FindNode(const Scenario& scenario, const std::string& name) {
  for (const auto& ref : Flatten(scenario)) {
    if (ref.spec->name == name) return ref.spec;
  }
  return nullptr;
}

}  // namespace initcheck
