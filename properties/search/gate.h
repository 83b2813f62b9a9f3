// The regression gate's decision (issue 10; `initcheck gate`, `init_gate`):
// one init's matrix row by row against a baseline, the verdicts it had when
// the baseline was written. Plain data and one pure function, so the
// decision is tested on hand-made matrices and is the same whoever runs it.
//
// Per scenario x property, the baseline's value and today's:
//
//   baseline   today      change        the gate
//   holds      holds      same          passes
//   violated   violated   same          passes: the init behaves as recorded
//   holds      violated   regressed     FAILS
//   judged     unknown    unjudged      FAILS: an unknown verdict is no pass
//   violated   holds      improved      passes, reported (update the baseline)
//   absent     any        new           passes, reported (not in the baseline)
//   present    absent     not run       passes, reported (no longer asked for)
//
// A cell is "unknown" when its run could not be trusted (a harness fault, a
// slipped schedule: every verdict of the run is unknown) or one property
// could not be judged. A regression is only as good as the run behind it:
// the caller confirms violations by rerunning before it calls this (a flaky
// violation is "unknown" here, and so fails as unjudged, never as regressed).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/model/enum_ids.h"
#include "properties/search/matrix.h"
#include "properties/verdict.h"

namespace initcheck {

// What the gate compares against: scenario -> property -> holds or violated.
struct Baseline {
  std::string init;  // MatrixInit::name when it was written
  std::map<std::string, std::map<std::string, VerdictValue>> verdicts;

  bool operator==(const Baseline&) const = default;
};

enum class GateChange { kSame, kRegressed, kUnjudged, kImproved, kNew, kNotRun };

std::string_view GateChangeId(GateChange change);  // "same", "regressed", ...
std::span<const EnumId<GateChange>> GateChangeIds();

// True for the changes that fail the gate.
bool FailsGate(GateChange change);

struct GateCase {
  std::string scenario;
  std::string property;
  std::optional<VerdictValue> baseline;  // absent: new
  std::optional<VerdictValue> today;     // absent: not run
  GateChange change = GateChange::kSame;
  // Why: the violation's explanation for a regression, the unknown's note
  // for an unjudged case; empty otherwise.
  std::string detail;

  bool operator==(const GateCase&) const = default;
};

struct GateResult {
  std::vector<GateCase> cases;  // scenario by scenario in the matrix's order, properties in registry order;
                                // not-run cases last, in the baseline's order
  int Count(GateChange change) const;
  bool Passed() const;  // no case fails the gate
};

// The cells of init (MatrixCell::init) against the baseline, whichever init
// it was written for (Baseline::init only says which: gating one init
// against another's baseline lists where it does worse). Other columns are
// ignored. A skipped column is no run: every case unjudged.
GateResult CompareWithBaseline(const Baseline& baseline, const Matrix& matrix, const std::string& init);

// Bazel's test sharding (TEST_SHARD_INDEX of TEST_TOTAL_SHARDS): scenario i
// runs in shard i % total, so every scenario runs in exactly one shard and
// the shards stay as even as the list is long. The baseline is cut the same
// way: a shard gates only its own scenarios, and the rows of scenarios no
// longer asked for (not run) belong to shard 0, so they are reported once.
struct Shard {
  int index = 0;
  int total = 1;
};
std::vector<Scenario> ScenariosOfShard(const std::vector<Scenario>& scenarios, const Shard& shard);
Baseline BaselineOfShard(const Baseline& baseline, const std::vector<Scenario>& all, const Shard& shard);

// Scenarios explored beyond the baseline (a fresh sample each run, from
// TEST_RANDOM_SEED) have no recorded verdicts; they are held to the init's
// invariants instead: a property the baseline judged in some scenario and
// found holding in every one it judged is expected to hold in them too (a
// violation, confirmed, is a regression), and the rest are new. Returns the
// baseline with a row of those expectations for each explored scenario it
// does not already have.
Baseline WithInvariantsFor(const Baseline& baseline, const std::vector<std::string>& explored);

// The baseline the matrix's cells of init would give (what --update
// writes): every judged verdict. Unknown ones are left out; a caller that
// writes a baseline refuses to while any is (a baseline records what was
// judged, never a guess).
Baseline BaselineOf(const Matrix& matrix, const std::string& init);

}  // namespace initcheck
