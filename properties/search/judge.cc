#include "properties/search/judge.h"

#include <algorithm>

#include <fmt/format.h>

#include "properties/faults.h"
#include "properties/properties.h"
#include "properties/schedule_slip.h"

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
  for (const TimedAction& a : MeasureSchedule(*j.trace)) j.worst_late_ns = std::max(j.worst_late_ns, a.LateNs());
  const std::vector<std::string> doubts = TraceDoubts(*j.trace);
  if (!doubts.empty()) j.error = fmt::format("{}", fmt::join(doubts, "; "));
  return j;
}

Confirmation ConfirmByReruns(const std::function<Judgement()>& rerun, int wanted, int replaceable,
                             const std::function<bool(const Judgement&)>& shows_finding) {
  Confirmation c;
  while (c.judged < wanted && c.unjudged < replaceable) {
    const Judgement j = rerun();
    if (!j.Trustworthy()) {
      ++c.unjudged;
      continue;
    }
    ++c.judged;
    c.showing += shows_finding(j);
  }
  c.confirmed = c.judged == wanted && c.showing == c.judged;
  return c;
}

}  // namespace initcheck
