#include "harness/codec/scenario_json.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>

#include <fmt/core.h>

#include "harness/codec/json_reader.h"
#include "harness/model/signal_names.h"

namespace initcheck {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// "main" -> "main/0": positional, hence unique among default names.
std::string ChildDefaultName(const std::string& parent_default, size_t index) {
  return fmt::format("{}/{}", parent_default, index);
}

// ---------------------------------------------------------------------------
// Decoding: JSON -> Scenario. Checks what must hold while reading (keys,
// types, names, ranges before narrowing to int, tree limits before
// recursing); ValidateScenario then checks meaning on the struct.

int GetDuration(const json& v, const std::string& path) {
  int64_t ms = GetInteger(v, path);
  CheckDuration(ms, path);
  return static_cast<int>(ms);
}

int GetExitCode(const json& v, const std::string& path) {
  int64_t code = GetInteger(v, path);
  CheckExitCode(code, path);
  return static_cast<int>(code);
}

int GetCatchableSignal(const std::string& name, const std::string& path) {
  int signo = SignalByName(name, path);
  CheckCatchable(signo, path);
  return signo;
}

Disposition DecodeDisposition(const json& v, const std::string& path) {
  ObjectReader r(v, path, {"action", "after_ms", "code", "deferred", "force_quit"});
  Disposition d;
  d.action = GetEnum(r.Require("action", "one of: " + IdChoices(SignalActionIds())),
                     r.PathOf("action"), SignalActionIds(), "action");
  for (std::string_view key : {"after_ms", "code"}) {
    if (r.Find(key) && !CleansUpAndExits(d.action)) {
      throw ScenarioError(r.PathOf(key), MeaninglessWithAction(d.action));
    }
  }
  if (const json* a = r.Find("after_ms")) d.after_ms = GetDuration(*a, r.PathOf("after_ms"));
  if (const json* c = r.Find("code")) d.code = GetExitCode(*c, r.PathOf("code"));
  if (const json* deferred = r.Find("deferred")) d.deferred = GetBool(*deferred, r.PathOf("deferred"));
  if (const json* force = r.Find("force_quit")) d.force_quit = GetBool(*force, r.PathOf("force_quit"));
  return d;
}

std::vector<int> DecodeCatchableSignals(const json& list, const std::string& path) {
  return ReadArray(list, path, [](const json& item, const std::string& item_path) {
    return GetCatchableSignal(GetString(item, item_path), item_path);
  });
}

void DecodeDispositions(const json& on, const std::string& path, ProcessSpec& p) {
  if (!on.is_object()) FailType(path, "object", on);
  for (const auto& [key, value] : on.items()) {
    std::string key_path = KeyPath(path, key);
    p.on_signal[GetCatchableSignal(key, key_path)] = DecodeDisposition(value, key_path);
  }
}

ProcessSpec DecodeProcess(const json& v, const std::string& path, const std::string& default_name,
                          int depth, TreeBudget& budget) {
  ObjectReader r(v, path,
                 {"name", "session", "daemonize", "on_signal", "block", "exit_after_ms",
                  "exit_code", "exit_signal", "reap", "exit_with_children", "children", "exec_error"});
  CheckTreeLimits(depth, budget, path);
  ProcessSpec p;
  p.name = default_name;
  if (const json* name = r.Find("name")) p.name = GetString(*name, r.PathOf("name"));
  if (const json* s = r.Find("session")) {
    p.session = GetEnum(*s, r.PathOf("session"), SessionModeIds(), "session");
  }
  if (const json* d = r.Find("daemonize")) p.daemonize = GetBool(*d, r.PathOf("daemonize"));
  if (const json* on = r.Find("on_signal")) DecodeDispositions(*on, r.PathOf("on_signal"), p);
  if (const json* block = r.Find("block")) p.block = DecodeCatchableSignals(*block, r.PathOf("block"));
  if (const json* e = r.Find("exit_after_ms")) p.exit_after_ms = GetDuration(*e, r.PathOf("exit_after_ms"));
  if (const json* w = r.Find("exit_with_children")) p.exit_with_children = GetBool(*w, r.PathOf("exit_with_children"));
  if (const json* c = r.Find("exit_code")) {
    if (!p.exit_after_ms && !p.exit_with_children) throw ScenarioError(r.PathOf("exit_code"), std::string(kExitCodeWithoutExitAfter));
    p.exit_code = GetExitCode(*c, r.PathOf("exit_code"));
  }
  if (const json* e = r.Find("exit_signal")) {
    if (!p.exit_after_ms) throw ScenarioError(r.PathOf("exit_signal"), std::string(kExitSignalWithoutExitAfter));
    p.exit_signal = GetSignal(*e, r.PathOf("exit_signal"));
  }
  if (const json* reap = r.Find("reap")) p.reap = GetBool(*reap, r.PathOf("reap"));
  if (const json* e = r.Find("exec_error")) {
    p.exec_error = GetEnum(*e, r.PathOf("exec_error"), ExecErrorIds(), "exec error");
  }
  if (const json* children = r.Find("children")) {
    std::string children_path = r.PathOf("children");
    if (!children->is_array()) FailType(children_path, "array", *children);
    for (size_t i = 0; i < children->size(); ++i) {
      p.children.push_back(DecodeProcess((*children)[i], IndexPath(children_path, i),
                                         ChildDefaultName(default_name, i), depth + 1, budget));
    }
  }
  return p;
}

StopProtocol DecodeStop(const json& v, const std::string& path) {
  ObjectReader r(v, path, {"signal", "at_ms", "grace_ms"});
  StopProtocol stop;
  if (const json* s = r.Find("signal")) stop.signal = GetSignal(*s, r.PathOf("signal"));
  if (const json* a = r.Find("at_ms")) stop.at_ms = GetDuration(*a, r.PathOf("at_ms"));
  if (const json* g = r.Find("grace_ms")) {
    stop.grace_ms = GetDuration(*g, r.PathOf("grace_ms"));
    CheckGracePeriod(stop.grace_ms, r.PathOf("grace_ms"));
  }
  return stop;
}

ScheduledSignal DecodeScheduledSignal(const json& v, const std::string& path) {
  ObjectReader r(v, path, {"at_ms", "signal", "to"});
  ScheduledSignal s;
  s.signal = GetSignal(r.Require("signal", "the signal to send to PID 1"), r.PathOf("signal"));
  if (const json* a = r.Find("at_ms")) s.at_ms = GetDuration(*a, r.PathOf("at_ms"));
  if (const json* to = r.Find("to")) s.to = GetString(*to, r.PathOf("to"));
  return s;
}

std::vector<ScheduledSignal> DecodeSignals(const json& v, const std::string& path) {
  if (v.is_array()) CheckSignalCount(v.size(), path);
  return ReadArray(v, path, DecodeScheduledSignal);
}

InheritedSignalState DecodeInherited(const json& v, const std::string& path) {
  ObjectReader r(v, path, {"blocked", "ignored"});
  InheritedSignalState state;
  if (const json* blocked = r.Find("blocked")) state.blocked = DecodeCatchableSignals(*blocked, r.PathOf("blocked"));
  if (const json* ignored = r.Find("ignored")) state.ignored = DecodeCatchableSignals(*ignored, r.PathOf("ignored"));
  return state;
}

EarlyExit DecodeEarlyExit(const json& v, const std::string& path) {
  ObjectReader r(v, path, {"code"});
  const json& code = r.Require("code", "the exit code PID 1 must end with, or \"nonzero\"");
  EarlyExit early;
  if (code.is_string() && code.get<std::string>() == "nonzero") return early;
  if (!code.is_number_integer()) FailType(r.PathOf("code"), "an exit code (0..255) or \"nonzero\"", code);
  early.code = GetExitCode(code, r.PathOf("code"));
  return early;
}

Scenario DecodeScenario(const json& root) {
  ObjectReader r(root, "$", {"name", "description", "stop", "signals", "start", "early_exit", "pid1_inherits", "env", "main"});
  Scenario s;
  s.name = GetString(r.Require("name", "what the scenario is called"), r.PathOf("name"));
  if (const json* d = r.Find("description")) s.description = GetString(*d, r.PathOf("description"));
  if (const json* stop = r.Find("stop")) s.stop = DecodeStop(*stop, r.PathOf("stop"));
  if (const json* signals = r.Find("signals")) s.signals = DecodeSignals(*signals, r.PathOf("signals"));
  if (const json* start = r.Find("start")) {
    s.start = GetEnum(*start, r.PathOf("start"), StartModeIds(), "start");
  }
  if (const json* early = r.Find("early_exit")) s.early_exit = DecodeEarlyExit(*early, r.PathOf("early_exit"));
  if (const json* inherits = r.Find("pid1_inherits")) {
    s.pid1_inherits = DecodeInherited(*inherits, r.PathOf("pid1_inherits"));
  }
  if (const json* env = r.Find("env")) {
    const std::string env_path = r.PathOf("env");
    if (!env->is_object()) FailType(env_path, "object", *env);
    for (const auto& [name, value] : env->items()) s.env[name] = GetString(value, KeyPath(env_path, name));
  }
  const json& main = r.Require("main", "the process tree: main is its root, the command PID 1 runs");
  TreeBudget budget;
  s.main = DecodeProcess(main, r.PathOf("main"), "main", 0, budget);
  return s;
}

// ---------------------------------------------------------------------------
// Encoding: Scenario -> JSON, in the documented key order.

ordered_json SignalNames(const std::vector<int>& signals) {
  ordered_json list = ordered_json::array();
  for (int signo : signals) list.push_back(SignalName(signo));
  return list;
}

ordered_json EncodeProcess(const ProcessSpec& p, const std::string& default_name) {
  ordered_json out = ordered_json::object();
  if (p.name != default_name) out["name"] = p.name;
  if (p.session != SessionMode::kInherit) out["session"] = SessionModeId(p.session);
  if (p.daemonize) out["daemonize"] = true;
  if (!p.on_signal.empty()) {
    ordered_json handlers = ordered_json::object();
    for (const auto& [signo, d] : p.on_signal) {
      ordered_json h = ordered_json::object();
      h["action"] = SignalActionId(d.action);
      if (d.after_ms != 0) h["after_ms"] = d.after_ms;
      if (d.code != 0) h["code"] = d.code;
      if (d.deferred) h["deferred"] = true;
      if (d.force_quit) h["force_quit"] = true;
      handlers[SignalName(signo)] = std::move(h);
    }
    out["on_signal"] = std::move(handlers);
  }
  if (!p.block.empty()) out["block"] = SignalNames(p.block);
  if (p.exit_after_ms) out["exit_after_ms"] = *p.exit_after_ms;
  if (p.exit_code != 0) out["exit_code"] = p.exit_code;
  if (p.exit_signal) out["exit_signal"] = SignalName(*p.exit_signal);
  if (!p.reap) out["reap"] = false;
  if (p.exit_with_children) out["exit_with_children"] = true;
  if (!p.children.empty()) {
    ordered_json children = ordered_json::array();
    for (size_t i = 0; i < p.children.size(); ++i) {
      children.push_back(EncodeProcess(p.children[i], ChildDefaultName(default_name, i)));
    }
    out["children"] = std::move(children);
  }
  if (p.exec_error != ExecError::kNone) out["exec_error"] = ExecErrorId(p.exec_error);
  return out;
}

ordered_json EncodeScenario(const Scenario& s) {
  ordered_json out = ordered_json::object();
  out["name"] = s.name;
  if (!s.description.empty()) out["description"] = s.description;
  if (s.stop) {
    out["stop"] = {{"signal", SignalName(s.stop->signal)},
                   {"at_ms", s.stop->at_ms},
                   {"grace_ms", s.stop->grace_ms}};
  }
  if (!s.signals.empty()) {
    ordered_json signals = ordered_json::array();
    for (const auto& sig : s.signals) {
      ordered_json one = {{"at_ms", sig.at_ms}, {"signal", SignalName(sig.signal)}};
      if (!sig.to.empty()) one["to"] = sig.to;
      signals.push_back(std::move(one));
    }
    out["signals"] = std::move(signals);
  }
  if (s.start != StartMode::kReady) out["start"] = StartModeId(s.start);
  if (!s.pid1_inherits.empty()) {
    ordered_json inherits = ordered_json::object();
    if (!s.pid1_inherits.blocked.empty()) inherits["blocked"] = SignalNames(s.pid1_inherits.blocked);
    if (!s.pid1_inherits.ignored.empty()) inherits["ignored"] = SignalNames(s.pid1_inherits.ignored);
    out["pid1_inherits"] = std::move(inherits);
  }
  if (s.early_exit) {
    out["early_exit"] = {{"code", s.early_exit->code ? ordered_json(*s.early_exit->code) : ordered_json("nonzero")}};
  }
  if (!s.env.empty()) {
    ordered_json env = ordered_json::object();
    for (const auto& [name, value] : s.env) env[name] = value;
    out["env"] = std::move(env);
  }
  out["main"] = EncodeProcess(s.main, "main");
  return out;
}

// A reader's JsonError as the ScenarioError a scenario's caller expects, its
// path seen from where the scenario sits in its document.
[[noreturn]] void ThrowScenarioError(const JsonError& e, const std::string& base = "$") {
  throw ScenarioError(RebasePath(base, e.path), e.reason);
}

}  // namespace

Scenario ParseScenario(std::string_view json_text) {
  json root;
  try {
    root = ParseJson(json_text);
  } catch (const JsonError& e) {
    ThrowScenarioError(e);
  }
  return ScenarioFromJson(root);
}

Scenario ScenarioFromJson(const json& root, const std::string& path) {
  try {
    Scenario s = DecodeScenario(root);
    ValidateScenario(s);
    return s;
  } catch (const JsonError& e) {
    ThrowScenarioError(e, path);
  }
}

nlohmann::json ScenarioToJson(const Scenario& scenario) {
  return json(EncodeScenario(scenario));
}

std::string ScenarioToJsonText(const Scenario& scenario) {
  // replace: only an unvalidated struct can hold invalid UTF-8; writing it
  // must still not throw (ParseScenario would then reject the file).
  return EncodeScenario(scenario).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Scenario LoadScenarioFile(const std::string& path) {
  // A scenario is a few kilobytes; the cap keeps /dev/zero from being read forever.
  constexpr size_t kMaxFileBytes = 16 << 20;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw ScenarioError("", fmt::format("open({}): {}", path, std::strerror(errno)));
  std::string text;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
    text.append(buf, n);
    if (text.size() > kMaxFileBytes) {
      throw ScenarioError("", fmt::format("read({}): larger than {} bytes, not a scenario", path,
                                          kMaxFileBytes));
    }
  }
  if (std::ferror(f.get())) {
    throw ScenarioError("", fmt::format("read({}): {}", path, std::strerror(errno)));
  }
  try {
    return ParseScenario(text);
  } catch (const ScenarioError& e) {
    throw ScenarioError(e.path, e.reason, path);
  }
}

}  // namespace initcheck
