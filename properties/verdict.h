// A property's judgement of one trace: holds, violated, or unknown (the run
// cannot be trusted), as in Jepsen. Unknown never counts as a pass.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/enum_ids.h"

namespace initcheck {

enum class VerdictValue { kHolds, kViolated, kUnknown };

std::string_view VerdictValueId(VerdictValue value);  // "holds", "violated", "unknown"
std::optional<VerdictValue> VerdictValueFromId(std::string_view id);
std::span<const EnumId<VerdictValue>> VerdictValueIds();

// One link of a causal chain: something the trace shows happened, when, and
// to which process (by identity, never by name).
struct ChainLink {
  int64_t t_ns = 0;               // relative to t = 0
  std::optional<size_t> process;  // index in Trace::processes; nullopt: the harness's own act
  std::string what;               // in words, with its time: "main exited (code 0) at 101.2 ms"

  bool operator==(const ChainLink&) const = default;
};

struct Violation {
  std::string process;            // the label of who suffered it ("PID 1", a node name)
  std::optional<size_t> record;   // its index in Trace::processes; nullopt: no single process
  int64_t t_ns = 0;               // when, relative to t = 0
  // The causal chain the trace shows, cause first and the violation last, e.g.
  // main exited at 101 ms -> PID 1 exited at 101 ms -> kernel SIGKILLed worker
  // at 101 ms, 99 ms into its 200 ms cleanup.
  std::vector<ChainLink> chain;
  std::string context;      // what stood then: "grace period open until 1000.0 ms"; may be empty
  std::string explanation;  // RenderExplanation(chain, context): what reports print

  bool operator==(const Violation&) const = default;
};

// The one wording of a chain: links joined by " -> ", then "; " and the
// context when there is one.
std::string RenderExplanation(const std::vector<ChainLink>& chain, const std::string& context);

// A violation with its explanation rendered from chain and context.
Violation MakeViolation(std::string process, std::optional<size_t> record, int64_t t_ns,
                        std::vector<ChainLink> chain, std::string context = "");

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
