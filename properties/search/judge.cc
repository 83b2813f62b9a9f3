#include "properties/search/judge.h"

#include <fmt/format.h>

#include "properties/faults.h"
#include "properties/properties.h"

namespace initcheck {

Judgement RunAndJudge(const RunFunction& run, const InitCommand& init, const Scenario& scenario,
                      const RunOptions& options, const std::vector<std::string>& properties) {
  Judgement j;
  try {
    j.trace = run(init, scenario, options);
  } catch (const RunInterrupted&) {
    throw;
  } catch (const std::exception& e) {
    j.error = e.what();
    return j;
  }
  j.verdicts = properties.empty() ? CheckAll(*j.trace) : CheckAll(*j.trace, properties);
  j.violated = ViolatedProperties(j.verdicts);
  const std::vector<std::string> doubts = TraceDoubts(*j.trace);
  if (!doubts.empty()) j.error = fmt::format("{}", fmt::join(doubts, "; "));
  return j;
}

}  // namespace initcheck
