// A property's judgement of one trace: holds, violated, or unknown (the run
// cannot be trusted), as in Jepsen. Unknown never counts as a pass.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace initcheck {

enum class VerdictValue { kHolds, kViolated, kUnknown };

std::string_view VerdictValueId(VerdictValue value);  // "holds", "violated", "unknown"
std::optional<VerdictValue> VerdictValueFromId(std::string_view id);

struct Violation {
  std::string process;  // the node that suffered it (kInitName for the init)
  int64_t t_ns = 0;     // when, relative to t = 0
  // The causal chain the trace shows, e.g. "main exited at 101 ms -> PID 1
  // exited at 101 ms -> kernel SIGKILLed worker at 101 ms, 99 ms into its
  // 200 ms cleanup; grace period open until 1000 ms".
  std::string explanation;

  bool operator==(const Violation&) const = default;
};

struct Verdict {
  std::string property;  // stable id, e.g. "no-sigkill-in-grace"
  VerdictValue value = VerdictValue::kUnknown;
  std::vector<Violation> violations;
  std::string note;  // why unknown, or why the property did not apply

  bool Holds() const { return value == VerdictValue::kHolds; }
  bool operator==(const Verdict&) const = default;
};

// A holding verdict of property, with why (e.g. why it did not apply).
Verdict HoldsVerdict(std::string_view property, std::string note);

// An unknown verdict of property, with why it cannot be judged.
Verdict UnknownVerdict(std::string_view property, std::string reason);

}  // namespace initcheck
