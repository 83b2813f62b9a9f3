// The check behind //fuzz/sim:catalogue_differential_test: a run shows exactly the
// violations recorded for it (scenarios/NAME.expect). It cannot pass on a run
// that proves nothing: a run with a harness fault, one judged by another
// observer than the proc connector, or one with any unknown verdict fails,
// whatever was expected (an unknown verdict is never "not violated").
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck::testing {

::testing::AssertionResult ViolatesExactly(const Trace& trace, const std::vector<Verdict>& verdicts,
                                           const std::vector<std::string>& expected);

}  // namespace initcheck::testing
