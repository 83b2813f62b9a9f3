// The registry of properties: every checker initcheck knows, with its stable
// id (DESIGN.md "Outcomes and properties") and a one-line description, so
// the CLI, the reports and the gate name properties one way.
//
// Every checker is a pure function of a Trace and follows one rule: a trace
// with harness faults gets an unknown verdict with the faults in its note,
// never a pass.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

struct Property {
  std::string_view id;           // stable, e.g. "no-sigkill-in-grace"
  std::string_view description;  // one line, for --help and reports
  Verdict (*check)(const Trace&);
  // A few capitals for a matrix cell ("NSK"), so that a 17-init matrix
  // stays one screen wide; a report gives the legend.
  std::string_view abbreviation;
};

// Every property, in the order reports list them.
const std::vector<Property>& AllProperties();

// The property with that id, or nullptr.
const Property* FindProperty(std::string_view id);

// The verdict of each property named in ids, in that order. An id no
// property has gets an unknown verdict saying so (never silently dropped,
// never a pass).
std::vector<Verdict> CheckAll(const Trace& trace, const std::vector<std::string>& ids);

// The verdict of every property, in AllProperties() order.
std::vector<Verdict> CheckAll(const Trace& trace);

// The ids of the violated ones among verdicts, in their order.
std::vector<std::string> ViolatedProperties(const std::vector<Verdict>& verdicts);

}  // namespace initcheck
