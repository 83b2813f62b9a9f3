#include "harness/model/trace.h"

namespace initcheck {

const ProcessRecord* Trace::Init() const {
  for (const auto& p : processes) {
    if (p.role == ProcessRole::kInit) return &p;
  }
  return nullptr;
}

bool Trace::DeadlineKillSent() const {
  for (const auto& s : sent) {
    if (s.is_deadline) return true;
  }
  return false;
}

const ProcessRecord* Trace::Find(const std::string& name) const {
  for (const auto& p : processes) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace initcheck
