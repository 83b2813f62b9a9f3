// A gate's result as JUnit XML, the shape CI systems read (GitHub Actions'
// test reporters, GitLab's junit artifacts, Jenkins): one testsuite for the
// init, one testcase per scenario x property (classname the scenario, name
// the property). A regressed or unjudged case is a <failure> whose type is
// the change and whose text is the explanation; a case no longer run is
// <skipped>; an improved or new one passes, saying so in <system-out>.
// junit.xsd beside this file is the shape, checked by xmllint in a test.
#pragma once

#include <string>

#include "properties/search/gate.h"

namespace initcheck {

std::string RenderJunitXml(const GateResult& result, const std::string& init, double elapsed_s);

}  // namespace initcheck
