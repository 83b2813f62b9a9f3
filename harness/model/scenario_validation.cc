#include "harness/model/scenario_validation.h"

#include <algorithm>
#include <csignal>
#include <map>
#include <optional>
#include <utility>

#include <fmt/core.h>

#include "harness/model/init_environment.h"
#include "harness/model/quoted_text.h"
#include "harness/model/signal_defaults.h"
#include "harness/model/signal_names.h"
#include "harness/model/trace.h"
#include "harness/model/utf8.h"

namespace initcheck {
namespace {

std::string FileWhat(const std::string& file, const std::string& path, const std::string& reason) {
  std::string out;
  if (!file.empty()) out += file + ": ";
  if (!path.empty()) out += path + ": ";
  return out + reason;
}

[[noreturn]] void Fail(const std::string& path, std::string reason) {
  throw ScenarioError(path, std::move(reason));
}

void CheckKnownSignal(int signo, const std::string& path) {
  if (!SignalFromName(SignalName(signo))) Fail(path, fmt::format("unknown signal number {}", signo));
}

// A name a scenario may hold must survive being written as JSON.
void CheckText(const std::string& text, const std::string& path) {
  if (!IsValidUtf8(text)) Fail(path, "not valid UTF-8");
}

// In valid UTF-8 (CheckText has passed): the characters (code points), and
// the first control character (C0, DEL, C1) if any.
struct CharScan {
  size_t chars = 0;
  std::optional<uint32_t> first_control;
};

CharScan ScanChars(std::string_view text) {
  CharScan scan;
  for (size_t i = 0; i < text.size();) {
    const Utf8Step c = NextUtf8(text, i);
    const uint32_t cp = c.code_point;
    if (!scan.first_control && (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))) scan.first_control = cp;
    ++scan.chars;
    i += c.length;
  }
  return scan;
}

// 1..max_chars printable characters: names are shown in terminals, tables
// and SVG, and sent in journal datagrams and argv.
void CheckLabel(const std::string& text, size_t max_chars, const std::string& path) {
  CheckText(text, path);
  const CharScan scan = ScanChars(text);
  if (scan.first_control) {
    Fail(path, fmt::format("a name must be printable; {} holds the control character U+{:04X}", Quote(text),
                           *scan.first_control));
  }
  if (scan.chars > max_chars) {
    Fail(path, fmt::format("a name of {} characters; the limit is {}", scan.chars, max_chars));
  }
}

// A value outside the enumeration can only come from a struct built by hand.
template <typename E>
void CheckEnum(E value, std::span<const EnumId<E>> ids, const std::string& path) {
  for (const auto& e : ids) {
    if (e.value == value) return;
  }
  Fail(path, fmt::format("invalid value {}; expected one of: {}", static_cast<int>(value),
                         IdChoices(ids)));
}

void ValidateDispositions(const ProcessSpec& p, const std::string& path) {
  std::string on_path = KeyPath(path, "on_signal");
  for (const auto& [signo, d] : p.on_signal) {
    std::string key_path = KeyPath(on_path, SignalName(signo));
    CheckKnownSignal(signo, key_path);
    CheckCatchable(signo, key_path);
    CheckEnum(d.action, SignalActionIds(), KeyPath(key_path, "action"));
    if (d.deferred && d.action != SignalAction::kExit) {
      Fail(KeyPath(key_path, "deferred"), fmt::format("meaningless with action \"{}\": only \"exit\" defers its "
                                                      "cleanup until the children have exited",
                                                      SignalActionId(d.action)));
    }
    if (d.force_quit && !CleansUpAndExits(d.action)) {
      Fail(KeyPath(key_path, "force_quit"), MeaninglessWithAction(d.action));
    }
    if (CleansUpAndExits(d.action)) {
      CheckDuration(d.after_ms, KeyPath(key_path, "after_ms"));
      CheckExitCode(d.code, KeyPath(key_path, "code"));
      continue;
    }
    for (auto [key, value] : {std::pair{"after_ms", d.after_ms}, std::pair{"code", d.code}}) {
      if (value != 0) Fail(KeyPath(key_path, key), MeaninglessWithAction(d.action));
    }
  }
}

// A list of signals to block or ignore: each known, catchable, once.
void ValidateSignalList(const std::vector<int>& signals, const std::string& list_path) {
  for (size_t i = 0; i < signals.size(); ++i) {
    std::string item_path = IndexPath(list_path, i);
    CheckKnownSignal(signals[i], item_path);
    CheckCatchable(signals[i], item_path);
    for (size_t j = 0; j < i; ++j) {
      if (signals[j] == signals[i]) {
        Fail(item_path, fmt::format("{} is listed twice (also at {})", SignalName(signals[i]),
                                    IndexPath(list_path, j)));
      }
    }
  }
}

void ValidateExecError(const ProcessSpec& p, const std::string& path, int depth);

void ValidateProcess(const ProcessSpec& p, const std::string& path, int depth, TreeBudget& budget,
                     std::map<std::string, std::string>& name_paths) {
  CheckTreeLimits(depth, budget, path);
  std::string name_path = KeyPath(path, "name");
  CheckProcessName(p.name, name_path);
  auto [it, inserted] = name_paths.emplace(p.name, path);
  if (!inserted) {
    Fail(name_path, fmt::format("duplicate process name {}: {} already has it", Quote(p.name),
                                it->second));
  }
  CheckEnum(p.session, SessionModeIds(), KeyPath(path, "session"));
  if (depth == 0 && p.daemonize) {
    Fail(KeyPath(path, "daemonize"),
         "main cannot daemonize: it is the init's direct child, the command PID 1 runs and "
         "waits for");
  }
  ValidateDispositions(p, path);
  ValidateSignalList(p.block, KeyPath(path, "block"));
  if (p.exit_with_children &&
      std::none_of(p.children.begin(), p.children.end(), [](const ProcessSpec& c) { return !c.daemonize; })) {
    Fail(KeyPath(path, "exit_with_children"), "the process has no child it waits for (daemonized ones are PID 1's)");
  }
  if (p.exit_after_ms || p.exit_with_children) {
    if (p.exit_after_ms) CheckDuration(*p.exit_after_ms, KeyPath(path, "exit_after_ms"));
    CheckExitCode(p.exit_code, KeyPath(path, "exit_code"));
  } else if (p.exit_code != 0) {
    Fail(KeyPath(path, "exit_code"), std::string(kExitCodeWithoutExitAfter));
  }
  if (p.exit_signal) {
    const std::string signal_path = KeyPath(path, "exit_signal");
    if (!p.exit_after_ms) Fail(signal_path, std::string(kExitSignalWithoutExitAfter));
    if (p.exit_code != 0) {
      Fail(signal_path, "a process ends either with \"exit_code\" or by \"exit_signal\", not both");
    }
    CheckExitSignal(*p.exit_signal, signal_path);
  }
  if (p.exec_error != ExecError::kNone) ValidateExecError(p, path, depth);
  std::string children_path = KeyPath(path, "children");
  for (size_t i = 0; i < p.children.size(); ++i) {
    ValidateProcess(p.children[i], IndexPath(children_path, i), depth + 1, budget, name_paths);
  }
}

// A command that cannot be exec'd is no probe: nothing else of the node
// can happen.
void ValidateExecError(const ProcessSpec& p, const std::string& path, int depth) {
  const std::string error_path = KeyPath(path, "exec_error");
  CheckEnum(p.exec_error, ExecErrorIds(), error_path);
  if (depth != 0) Fail(error_path, "only main's exec can fail: the other processes are started by the workload");
  ProcessSpec bare;
  bare.name = p.name;
  bare.exec_error = p.exec_error;
  if (p != bare) {
    Fail(error_path, "main's exec fails, so main never runs: it can have no other key than \"name\"");
  }
}

}  // namespace

ScenarioError::ScenarioError(std::string path_in, std::string reason_in, std::string file_in)
    : JsonError(path_in, reason_in, FileWhat(file_in, path_in, reason_in)), file(std::move(file_in)) {}

void CheckDuration(int64_t ms, const std::string& path) {
  if (ms < 0) Fail(path, fmt::format("duration must not be negative, got {} ms", ms));
  if (ms > kMaxDurationMs) {
    Fail(path, fmt::format("duration {} ms exceeds the limit of {} ms (10 minutes)", ms,
                           kMaxDurationMs));
  }
}

// A grace period of 0 makes the stop signal and the SIGKILL simultaneous:
// nothing could shut down gracefully, so every property would be vacuous.
void CheckGracePeriod(int64_t ms, const std::string& path) {
  CheckDuration(ms, path);
  if (ms < 1) {
    Fail(path, "grace period must be at least 1 ms, got 0 (with no grace period the stop is "
               "just a SIGKILL and there is nothing to judge)");
  }
}

void CheckExitCode(int64_t code, const std::string& path) {
  if (code < 0 || code > 255) Fail(path, fmt::format("exit code must be in 0..255, got {}", code));
}

void CheckExitSignal(int signo, const std::string& path) {
  CheckKnownSignal(signo, path);
  if (signo != SIGKILL && DefaultActionOf(signo) != DefaultAction::kTerminate) {
    Fail(path, fmt::format("{} does not end a process by default; a process ends itself with a signal whose "
                           "default action terminates (SIGTERM, SIGSEGV, ...) or with SIGKILL",
                           SignalName(signo)));
  }
}

// SIGKILL and SIGSTOP have only their default action: a disposition or a
// mask for them is a scenario that cannot be run as written.
void CheckCatchable(int signo, const std::string& path) {
  if (signo == SignalFromName("SIGKILL") || signo == SignalFromName("SIGSTOP")) {
    Fail(path, fmt::format("{} cannot be caught, ignored or blocked", SignalName(signo)));
  }
}

void CheckSendable(int signo, const std::string& path) {
  if (signo == SIGKILL) {
    Fail(path, "SIGKILL cannot be sent by the runtime here: it is what the deadline sends, and a stop of "
               "SIGKILL leaves no grace period to judge");
  }
  if (signo == SIGSTOP) {
    Fail(path, "SIGSTOP cannot be sent by the runtime here: a stopped PID 1 is a state the scenario format "
               "does not model");
  }
}

void CheckProcessName(const std::string& name, const std::string& path) {
  if (name.empty()) Fail(path, "process name must not be empty");
  CheckLabel(name, kMaxNameChars, path);
  auto reserved = [&](std::string_view why) {
    Fail(path, fmt::format("{} is reserved: {}", Quote(name), why));
  };
  if (name == kInitName) reserved("it is how traces name PID 1");
  if (name.ends_with(" (intermediate)")) reserved("traces name a daemon's intermediate process so");
  if (name.starts_with("pid ") && name.size() > 4 &&
      name.find_first_not_of("0123456789", 4) == std::string::npos) {
    reserved("traces name a process no journal names so");
  }
}

void CheckSignalCount(size_t count, const std::string& path) {
  if (count > static_cast<size_t>(kMaxSignals)) {
    Fail(path, fmt::format("too many signals: {} exceed the limit of {}", count, kMaxSignals));
  }
}

void CheckTreeLimits(int depth, TreeBudget& budget, const std::string& path) {
  if (++budget.processes > kMaxProcesses) {
    Fail(path, fmt::format("too many processes: the limit is {}", kMaxProcesses));
  }
  if (depth > kMaxDepth) {
    Fail(path, fmt::format("process tree too deep: depth {} exceeds the limit of {} (main is at "
                           "depth 0)",
                           depth, kMaxDepth));
  }
}

bool CleansUpAndExits(SignalAction action) {
  return action == SignalAction::kExit || action == SignalAction::kForward;
}

std::string MeaninglessWithAction(SignalAction action) {
  return fmt::format("meaningless with action \"{}\": only \"exit\" and \"forward\" clean up and exit",
                     SignalActionId(action));
}

void ValidateScenario(const Scenario& s) {
  if (s.name.empty()) Fail("$.name", "scenario name must not be empty");
  CheckLabel(s.name, kMaxScenarioNameChars, "$.name");
  CheckText(s.description, "$.description");
  if (s.stop) {
    CheckKnownSignal(s.stop->signal, "$.stop.signal");
    CheckSendable(s.stop->signal, "$.stop.signal");
    CheckDuration(s.stop->at_ms, "$.stop.at_ms");
    CheckGracePeriod(s.stop->grace_ms, "$.stop.grace_ms");
    // The whole run is bounded, not each duration alone: a stopped run ends
    // by its deadline at the latest.
    if (int64_t end = int64_t{s.stop->at_ms} + s.stop->grace_ms; end > kMaxDurationMs) {
      Fail("$.stop.grace_ms", fmt::format("the run would last until {} ms (at_ms + grace_ms); the limit is "
                                          "{} ms (10 minutes)",
                                          end, kMaxDurationMs));
    }
  }
  CheckSignalCount(s.signals.size(), "$.signals");
  for (size_t i = 0; i < s.signals.size(); ++i) {
    std::string path = IndexPath("$.signals", i);
    CheckDuration(s.signals[i].at_ms, path + ".at_ms");
    CheckKnownSignal(s.signals[i].signal, path + ".signal");
    if (s.signals[i].to.empty()) {
      CheckSendable(s.signals[i].signal, path + ".signal");
      continue;
    }
    const ProcessSpec* target = FindNode(s, s.signals[i].to);
    if (target == nullptr || target->exec_error != ExecError::kNone) {
      Fail(path + ".to", fmt::format("no process called {} in the tree", Quote(s.signals[i].to)));
    }
    // SIGKILL is what this is for (the OOM killer). A SIGSTOP from outside
    // would freeze a process behind the init's back: the checkers excuse
    // only stops the init could have passed on.
    if (s.signals[i].signal == SIGSTOP) {
      Fail(path + ".signal", "SIGSTOP cannot be sent to a process here: only a stop that goes through PID 1 "
                             "(SIGTSTP, SIGTTIN, SIGTTOU) is judged");
    }
  }
  CheckEnum(s.start, StartModeIds(), "$.start");
  ValidateSignalList(s.pid1_inherits.blocked, "$.pid1_inherits.blocked");
  ValidateSignalList(s.pid1_inherits.ignored, "$.pid1_inherits.ignored");
  if (s.early_exit) {
    if (s.early_exit->code) CheckExitCode(*s.early_exit->code, "$.early_exit.code");
    auto before = [](std::string_view what) {
      Fail("$.early_exit", fmt::format("PID 1 is expected to end before the workload starts, so the scenario "
                                       "can have no {}",
                                       what));
    };
    if (s.stop) before("\"stop\"");
    if (!s.signals.empty()) before("\"signals\"");
    if (s.start != StartMode::kReady) before("\"start\" (nothing waits for the workload)");
  } else if (s.main.exec_error != ExecError::kNone) {
    Fail("$.main.exec_error", "main's exec fails, so PID 1 has no workload: say how PID 1 ends, e.g. "
                              "\"early_exit\": {\"code\": 127}");
  }
  if (s.env.size() > kMaxEnvVariables) {
    Fail("$.env", fmt::format("{} variables; the limit is {}", s.env.size(), kMaxEnvVariables));
  }
  for (const auto& [name, value] : s.env) {
    const std::string path = KeyPath("$.env", name);
    if (!IsEnvName(name)) {
      Fail(path, fmt::format("{} is not a variable name (letters, digits and _, not starting with a digit)",
                             Quote(name)));
    }
    CheckText(value, path);
    // execve's environment is C strings: a NUL would cut the value short.
    if (value.find('\0') != std::string::npos) Fail(path, "a value cannot hold a NUL character");
    if (value.size() > kMaxEnvValueBytes) {
      Fail(path, fmt::format("a value of {} bytes; the limit is {}", value.size(), kMaxEnvValueBytes));
    }
  }
  TreeBudget budget;
  std::map<std::string, std::string> name_paths;
  ValidateProcess(s.main, "$.main", 0, budget, name_paths);
}

}  // namespace initcheck
