#include "harness/trace.h"

namespace initcheck {

const ProcessRecord* Trace::Init() const {
  for (const auto& p : processes) {
    if (p.role == ProcessRole::kInit) return &p;
  }
  return nullptr;
}

const ProcessRecord* Trace::Find(const std::string& name) const {
  for (const auto& p : processes) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace initcheck
