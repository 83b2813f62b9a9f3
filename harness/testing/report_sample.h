// Hand-built runs and a matrix for the report renderers' tests and for the
// sample printer that feeds xmllint: DESIGN.md's example under tini -g, and a
// run whose every name is hostile to XML. Also what those tests search the
// rendered markup with.
#pragma once

#include <cstddef>
#include <string>

#include "properties/search/matrix.h"
#include "harness/model/trace.h"

namespace initcheck::testing {

// The process names AwkwardNamesTrace() uses: XML's five special characters,
// a CDATA terminator, and bytes that are not UTF-8 (with a control character).
inline constexpr const char* kAwkwardMain = "a<b & \"c\" 'd'";
inline constexpr const char* kAwkwardChild = "x]]>y";
inline constexpr const char* kBrokenUtf8Child = "bad\xff\x01utf8";

// DESIGN.md's example (stop SIGTERM at 0 ms, grace 1000 ms) under tini -g, as
// measured: main and worker get SIGTERM, main exits gracefully at 101.2 ms,
// PID 1 follows at 101.5 ms, and the kernel SIGKILLs session-leader (101.3),
// daemon (101.35) and worker (101.4, mid-cleanup) inside the grace period.
// The daemon's double-fork intermediate exits at -3 ms.
Trace TiniGroupTrace();

// A forwarding main called kAwkwardMain whose children are SIGKILLed in the
// grace period; the scenario and init names carry special characters too,
// and one child is left a zombie.
Trace AwkwardNamesTrace();

// Two scenarios (DESIGN.md's example and the awkward one) by three inits:
// tini-g fails both, drain passes the first and is unknown on the second,
// catatonit is skipped (binary missing). Verdicts come from the real checkers.
Matrix SampleMatrix();

// How many times part occurs in text (overlapping occurrences count).
size_t Count(const std::string& text, const std::string& part);

// The markup between the first occurrence of start and the first end after it,
// both included; empty without start, to the end of text without end.
std::string Between(const std::string& text, const std::string& start, const std::string& end);

}  // namespace initcheck::testing
