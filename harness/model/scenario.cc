#include "harness/model/scenario.h"

#include <algorithm>

namespace initcheck {

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
