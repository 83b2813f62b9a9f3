#include "harness/codec/scenario_json.h"

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "harness/model/signal_names.h"

namespace initcheck {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::string JoinWhat(const std::string& file, const std::string& path,
                     const std::string& reason) {
  std::string out;
  if (!file.empty()) out += file + ": ";
  if (!path.empty()) out += path + ": ";
  return out + reason;
}

}  // namespace

ScenarioError::ScenarioError(std::string path_in, std::string reason_in, std::string file_in)
    : std::runtime_error(JoinWhat(file_in, path_in, reason_in)),
      path(std::move(path_in)),
      reason(std::move(reason_in)),
      file(std::move(file_in)) {}

namespace {

// ---------------------------------------------------------------------------
// Paths and wording shared by the decoder and the validator, so that the same
// mistake reads the same whichever of them finds it.

[[noreturn]] void Fail(const std::string& path, std::string reason) {
  throw ScenarioError(path, std::move(reason));
}

// A string as JSON spells it, cut short: user input (keys, values) appears in
// messages, and garbage must not make a message unreadable.
std::string Quote(std::string_view s) {
  constexpr size_t kMaxShown = 60;
  std::string shown(s.substr(0, kMaxShown));
  std::string quoted = json(shown).dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > kMaxShown) quoted.insert(quoted.size() - 1, "...");
  return quoted;
}

bool IsPlainKey(std::string_view key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// "$.main" + "on_signal" -> "$.main.on_signal"; keys that are not identifiers
// are bracketed ("$.main[\"my key\"]") so the path stays unambiguous.
std::string KeyPath(const std::string& parent, std::string_view key) {
  if (IsPlainKey(key)) return parent + "." + std::string(key);
  return parent + "[" + Quote(key) + "]";
}

std::string IndexPath(const std::string& parent, size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

// "main" -> "main/0": positional, hence unique among default names.
std::string ChildDefaultName(const std::string& parent_default, size_t index) {
  return fmt::format("{}/{}", parent_default, index);
}

// The kind and, for scalars, the value: "string \"100\"", "non-integer number 1.5".
std::string Describe(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return v.get<bool>() ? "boolean true" : "boolean false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer " + v.dump();
    case json::value_t::number_float:
      return "non-integer number " + v.dump();
    case json::value_t::string:
      return "string " + Quote(v.get_ref<const std::string&>());
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return v.type_name();
  }
}

[[noreturn]] void FailType(const std::string& path, const char* expected, const json& v) {
  Fail(path, fmt::format("expected {}, got {}", expected, Describe(v)));
}

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

std::string UnknownSignalReason(const std::string& name) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& guess : {upper, "SIG" + upper}) {
    if (SignalFromName(guess)) {
      return fmt::format("unknown signal {}; did you mean \"{}\"?", Quote(name), guess);
    }
  }
  return fmt::format("unknown signal {}; signals are named like \"SIGTERM\" (case-sensitive)",
                     Quote(name));
}

void CheckKnownSignal(int signo, const std::string& path) {
  if (!SignalFromName(SignalName(signo))) Fail(path, fmt::format("unknown signal number {}", signo));
}

// SIGKILL and SIGSTOP have only their default action: a disposition or a
// mask for them is a scenario that cannot be run as written.
void CheckCatchable(int signo, const std::string& path) {
  if (signo == SignalFromName("SIGKILL") || signo == SignalFromName("SIGSTOP")) {
    Fail(path, fmt::format("{} cannot be caught, ignored or blocked", SignalName(signo)));
  }
}

// A name a scenario may hold must survive being written as JSON.
void CheckText(const std::string& text, const std::string& path) {
  try {
    (void)json(text).dump();
  } catch (const json::exception&) {
    Fail(path, "not valid UTF-8");
  }
}

// ---------------------------------------------------------------------------
// Enumerations, each spelled once.

template <typename E>
using EnumTable = std::initializer_list<std::pair<E, const char*>>;

const EnumTable<SessionMode> kSessionNames = {
    {SessionMode::kInherit, "inherit"},
    {SessionMode::kNewGroup, "new-group"},
    {SessionMode::kNewSession, "new-session"},
};

const EnumTable<SignalAction> kActionNames = {
    {SignalAction::kDefault, "default"}, {SignalAction::kIgnore, "ignore"},
    {SignalAction::kExit, "exit"},       {SignalAction::kRecord, "record"},
    {SignalAction::kForward, "forward"},
};

const EnumTable<StartMode> kStartNames = {
    {StartMode::kReady, "ready"},
    {StartMode::kRacy, "racy"},
};

template <typename E>
std::string EnumChoices(const EnumTable<E>& table) {
  std::string out;
  for (const auto& [value, name] : table) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

// The name, or "invalid(N)" for a value outside the enumeration (a struct
// built by hand), which ValidateScenario rejects and ParseScenario would too.
template <typename E>
std::string EnumName(E value, const EnumTable<E>& table) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return fmt::format("invalid({})", static_cast<int>(value));
}

template <typename E>
void CheckEnum(E value, const EnumTable<E>& table, const std::string& path) {
  for (const auto& [v, name] : table) {
    if (v == value) return;
  }
  Fail(path, fmt::format("invalid value {}; expected one of: {}", static_cast<int>(value),
                         EnumChoices(table)));
}

bool CleansUpAndExits(SignalAction action) {
  return action == SignalAction::kExit || action == SignalAction::kForward;
}

// ---------------------------------------------------------------------------
// Decoding: JSON -> Scenario. Checks syntax-level facts (keys, types, names,
// ranges that must hold before narrowing to int); ValidateScenario then checks
// meaning on the struct.

// One JSON object and the keys it may have.
class ObjectReader {
 public:
  ObjectReader(const json& value, std::string path, std::initializer_list<const char*> allowed)
      : value_(value), path_(std::move(path)) {
    if (!value.is_object()) FailType(path_, "object", value);
    for (const auto& [key, unused] : value.items()) {
      bool known = false;
      for (const char* a : allowed) known = known || key == a;
      if (!known) {
        std::string names;
        for (const char* a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
        Fail(KeyPath(path_, key), fmt::format("unknown key {}; allowed keys: {}", Quote(key), names));
      }
    }
  }

  const json* Find(const char* key) const {
    auto it = value_.find(key);
    return it == value_.end() ? nullptr : &*it;
  }

  const json& Require(const char* key, const std::string& why) const {
    const json* v = Find(key);
    if (!v) Fail(path_, fmt::format("missing required key \"{}\" ({})", key, why));
    return *v;
  }

  std::string PathOf(std::string_view key) const { return KeyPath(path_, key); }
  const std::string& path() const { return path_; }

 private:
  const json& value_;
  std::string path_;
};

std::string GetString(const json& v, const std::string& path) {
  if (!v.is_string()) FailType(path, "string", v);
  return v.get<std::string>();
}

bool GetBool(const json& v, const std::string& path) {
  if (!v.is_boolean()) FailType(path, "boolean", v);
  return v.get<bool>();
}

// The integer, saturated to int64 (an unsigned beyond that is out of every
// range anyway); 1.5 and 1e3 are not integers.
int64_t GetInteger(const json& v, const std::string& path) {
  if (!v.is_number_integer()) FailType(path, "integer", v);
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    return u > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(u);
  }
  return v.get<int64_t>();
}

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

int SignalByName(const std::string& name, const std::string& path) {
  auto signo = SignalFromName(name);
  if (!signo) Fail(path, UnknownSignalReason(name));
  return *signo;
}

int GetSignal(const json& v, const std::string& path) {
  return SignalByName(GetString(v, path), path);
}

template <typename E>
E GetEnum(const json& v, const std::string& path, const EnumTable<E>& table, const char* what) {
  std::string name = GetString(v, path);
  for (const auto& [value, n] : table) {
    if (name == n) return value;
  }
  Fail(path, fmt::format("unknown {} {}; expected one of: {}", what, Quote(name), EnumChoices(table)));
}

Disposition DecodeDisposition(const json& v, const std::string& path) {
  ObjectReader r(v, path, {"action", "after_ms", "code"});
  Disposition d;
  d.action = GetEnum(r.Require("action", "one of: " + EnumChoices(kActionNames)),
                     r.PathOf("action"), kActionNames, "action");
  for (const char* key : {"after_ms", "code"}) {
    if (r.Find(key) && !CleansUpAndExits(d.action)) {
      Fail(r.PathOf(key),
           fmt::format("meaningless with action \"{}\": only \"exit\" and \"forward\" clean up "
                       "and exit",
                       EnumName(d.action, kActionNames)));
    }
  }
  if (const json* a = r.Find("after_ms")) d.after_ms = GetDuration(*a, r.PathOf("after_ms"));
  if (const json* c = r.Find("code")) d.code = GetExitCode(*c, r.PathOf("code"));
  return d;
}

// Counts and depth are checked as the tree is read, so that no input makes
// the decoder recurse deeper than kMaxDepth or read more than kMaxProcesses.
struct TreeBudget {
  int processes = 0;
};

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

ProcessSpec DecodeProcess(const json& v, const std::string& path, const std::string& default_name,
                          int depth, TreeBudget& budget) {
  ObjectReader r(v, path,
                 {"name", "session", "daemonize", "on_signal", "block", "exit_after_ms",
                  "exit_code", "reap", "children"});
  CheckTreeLimits(depth, budget, path);
  ProcessSpec p;
  p.name = default_name;
  if (const json* name = r.Find("name")) p.name = GetString(*name, r.PathOf("name"));
  if (const json* s = r.Find("session")) {
    p.session = GetEnum(*s, r.PathOf("session"), kSessionNames, "session");
  }
  if (const json* d = r.Find("daemonize")) p.daemonize = GetBool(*d, r.PathOf("daemonize"));
  if (const json* on = r.Find("on_signal")) {
    std::string on_path = r.PathOf("on_signal");
    if (!on->is_object()) FailType(on_path, "object", *on);
    for (const auto& [key, value] : on->items()) {
      std::string key_path = KeyPath(on_path, key);
      int signo = SignalByName(key, key_path);
      CheckCatchable(signo, key_path);
      p.on_signal[signo] = DecodeDisposition(value, key_path);
    }
  }
  if (const json* block = r.Find("block")) {
    std::string block_path = r.PathOf("block");
    if (!block->is_array()) FailType(block_path, "array", *block);
    for (size_t i = 0; i < block->size(); ++i) {
      std::string item_path = IndexPath(block_path, i);
      int signo = GetSignal((*block)[i], item_path);
      CheckCatchable(signo, item_path);
      p.block.push_back(signo);
    }
  }
  if (const json* e = r.Find("exit_after_ms")) p.exit_after_ms = GetDuration(*e, r.PathOf("exit_after_ms"));
  if (const json* c = r.Find("exit_code")) {
    if (!p.exit_after_ms) {
      Fail(r.PathOf("exit_code"),
           "meaningless without \"exit_after_ms\": the process never exits by itself");
    }
    p.exit_code = GetExitCode(*c, r.PathOf("exit_code"));
  }
  if (const json* reap = r.Find("reap")) p.reap = GetBool(*reap, r.PathOf("reap"));
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

std::vector<ScheduledSignal> DecodeSignals(const json& v, const std::string& path) {
  if (!v.is_array()) FailType(path, "array", v);
  if (v.size() > static_cast<size_t>(kMaxSignals)) {
    Fail(path, fmt::format("too many signals: {} exceed the limit of {}", v.size(), kMaxSignals));
  }
  std::vector<ScheduledSignal> out;
  for (size_t i = 0; i < v.size(); ++i) {
    ObjectReader r(v[i], IndexPath(path, i), {"at_ms", "signal"});
    ScheduledSignal s;
    s.signal = GetSignal(r.Require("signal", "the signal to send to PID 1"), r.PathOf("signal"));
    if (const json* a = r.Find("at_ms")) s.at_ms = GetDuration(*a, r.PathOf("at_ms"));
    out.push_back(s);
  }
  return out;
}

Scenario DecodeScenario(const json& root) {
  ObjectReader r(root, "$", {"name", "description", "stop", "signals", "start", "main"});
  Scenario s;
  s.name = GetString(r.Require("name", "what the scenario is called"), r.PathOf("name"));
  if (const json* d = r.Find("description")) s.description = GetString(*d, r.PathOf("description"));
  if (const json* stop = r.Find("stop")) s.stop = DecodeStop(*stop, r.PathOf("stop"));
  if (const json* signals = r.Find("signals")) s.signals = DecodeSignals(*signals, r.PathOf("signals"));
  if (const json* start = r.Find("start")) s.start = GetEnum(*start, r.PathOf("start"), kStartNames, "start");
  const json& main = r.Require("main", "the process tree: main is its root, the command PID 1 runs");
  TreeBudget budget;
  s.main = DecodeProcess(main, r.PathOf("main"), "main", 0, budget);
  return s;
}

// ---------------------------------------------------------------------------
// Validation on the struct.

void ValidateProcess(const ProcessSpec& p, const std::string& path, int depth, TreeBudget& budget,
                     std::map<std::string, std::string>& name_paths) {
  CheckTreeLimits(depth, budget, path);
  std::string name_path = KeyPath(path, "name");
  if (p.name.empty()) Fail(name_path, "process name must not be empty");
  CheckText(p.name, name_path);
  auto [it, inserted] = name_paths.emplace(p.name, path);
  if (!inserted) {
    Fail(name_path, fmt::format("duplicate process name {}: {} already has it", Quote(p.name),
                                it->second));
  }
  CheckEnum(p.session, kSessionNames, KeyPath(path, "session"));
  if (depth == 0 && p.daemonize) {
    Fail(KeyPath(path, "daemonize"),
         "main cannot daemonize: it is the init's direct child, the command PID 1 runs and "
         "waits for");
  }
  std::string on_path = KeyPath(path, "on_signal");
  for (const auto& [signo, d] : p.on_signal) {
    std::string key_path = KeyPath(on_path, SignalName(signo));
    CheckKnownSignal(signo, key_path);
    CheckCatchable(signo, key_path);
    CheckEnum(d.action, kActionNames, KeyPath(key_path, "action"));
    if (CleansUpAndExits(d.action)) {
      CheckDuration(d.after_ms, KeyPath(key_path, "after_ms"));
      CheckExitCode(d.code, KeyPath(key_path, "code"));
    } else {
      for (auto [key, value] : {std::pair{"after_ms", d.after_ms}, std::pair{"code", d.code}}) {
        if (value != 0) {
          Fail(KeyPath(key_path, key),
               fmt::format("meaningless with action \"{}\": only \"exit\" and \"forward\" clean "
                           "up and exit",
                           EnumName(d.action, kActionNames)));
        }
      }
    }
  }
  std::string block_path = KeyPath(path, "block");
  for (size_t i = 0; i < p.block.size(); ++i) {
    std::string item_path = IndexPath(block_path, i);
    CheckKnownSignal(p.block[i], item_path);
    CheckCatchable(p.block[i], item_path);
    for (size_t j = 0; j < i; ++j) {
      if (p.block[j] == p.block[i]) {
        Fail(item_path, fmt::format("{} is listed twice (also at {})", SignalName(p.block[i]),
                                    IndexPath(block_path, j)));
      }
    }
  }
  if (p.exit_after_ms) {
    CheckDuration(*p.exit_after_ms, KeyPath(path, "exit_after_ms"));
    CheckExitCode(p.exit_code, KeyPath(path, "exit_code"));
  } else if (p.exit_code != 0) {
    Fail(KeyPath(path, "exit_code"),
         "meaningless without \"exit_after_ms\": the process never exits by itself");
  }
  std::string children_path = KeyPath(path, "children");
  for (size_t i = 0; i < p.children.size(); ++i) {
    ValidateProcess(p.children[i], IndexPath(children_path, i), depth + 1, budget, name_paths);
  }
}

// ---------------------------------------------------------------------------
// Encoding: Scenario -> JSON, in the documented key order.

ordered_json EncodeProcess(const ProcessSpec& p, const std::string& default_name) {
  ordered_json out = ordered_json::object();
  if (p.name != default_name) out["name"] = p.name;
  if (p.session != SessionMode::kInherit) out["session"] = EnumName(p.session, kSessionNames);
  if (p.daemonize) out["daemonize"] = true;
  if (!p.on_signal.empty()) {
    ordered_json handlers = ordered_json::object();
    for (const auto& [signo, d] : p.on_signal) {
      ordered_json h = ordered_json::object();
      h["action"] = EnumName(d.action, kActionNames);
      if (d.after_ms != 0) h["after_ms"] = d.after_ms;
      if (d.code != 0) h["code"] = d.code;
      handlers[SignalName(signo)] = std::move(h);
    }
    out["on_signal"] = std::move(handlers);
  }
  if (!p.block.empty()) {
    ordered_json block = ordered_json::array();
    for (int signo : p.block) block.push_back(SignalName(signo));
    out["block"] = std::move(block);
  }
  if (p.exit_after_ms) out["exit_after_ms"] = *p.exit_after_ms;
  if (p.exit_code != 0) out["exit_code"] = p.exit_code;
  if (!p.reap) out["reap"] = false;
  if (!p.children.empty()) {
    ordered_json children = ordered_json::array();
    for (size_t i = 0; i < p.children.size(); ++i) {
      children.push_back(EncodeProcess(p.children[i], ChildDefaultName(default_name, i)));
    }
    out["children"] = std::move(children);
  }
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
      signals.push_back({{"at_ms", sig.at_ms}, {"signal", SignalName(sig.signal)}});
    }
    out["signals"] = std::move(signals);
  }
  if (s.start != StartMode::kReady) out["start"] = EnumName(s.start, kStartNames);
  out["main"] = EncodeProcess(s.main, "main");
  return out;
}

// ---------------------------------------------------------------------------
// Parsing text.

// Rejects a key repeated within one object, which nlohmann would resolve
// silently (last wins): {"grace_ms": 1000, ..., "grace_ms": 10} is a mistake.
// Tracks the path of the container being parsed so the error can name it.
class DuplicateKeyCheck {
 public:
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        CountElement();
        frames_.push_back({event == json::parse_event_t::object_start, {}, {}, 0});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case json::parse_event_t::key: {
        if (frames_.empty() || !parsed.is_string()) break;
        Frame& top = frames_.back();
        const std::string& key = parsed.get_ref<const std::string&>();
        if (!top.keys.insert(key).second) {
          Fail(KeyPath(ContainerPath(), key),
               fmt::format("duplicate key {} (a key may appear once per object)", Quote(key)));
        }
        top.key = key;
        break;
      }
      case json::parse_event_t::value:
        CountElement();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool is_object;
    std::set<std::string> keys;
    std::string key;    // objects: the key whose value is being parsed
    size_t elements;    // arrays: elements started so far
  };

  void CountElement() {
    if (!frames_.empty() && !frames_.back().is_object) ++frames_.back().elements;
  }

  // The path of the innermost open container.
  std::string ContainerPath() const {
    std::string path = "$";
    for (size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      path = f.is_object ? KeyPath(path, f.key) : IndexPath(path, f.elements - 1);
    }
    return path;
  }

  std::vector<Frame> frames_;
};

// nlohmann's message without its "[json.exception...] parse error at ...: " prefix.
std::string ParseErrorDetail(const char* what) {
  std::string_view msg(what);
  size_t at = msg.find("] ");
  if (at != std::string_view::npos) msg.remove_prefix(at + 2);
  size_t colon = msg.find(": ");
  if (msg.starts_with("parse error") && colon != std::string_view::npos) msg.remove_prefix(colon + 2);
  return std::string(msg);
}

// Line and column (1-based; the column counts bytes) of nlohmann's byte
// position, which is 1-based and one past the end for a truncated input.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t byte) {
  size_t pos = std::min(byte == 0 ? 0 : byte - 1, text.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, pos - line_start + 1};
}

}  // namespace

Scenario ParseScenario(std::string_view json_text) {
  json root;
  try {
    root = json::parse(json_text.begin(), json_text.end(), DuplicateKeyCheck());
  } catch (const json::parse_error& e) {
    auto [line, column] = LineColumn(json_text, e.byte);
    Fail("$", fmt::format("JSON syntax error at line {}, column {}: {}", line, column,
                          ParseErrorDetail(e.what())));
  } catch (const json::exception& e) {  // e.g. a number too large for a double
    Fail("$", "invalid JSON: " + ParseErrorDetail(e.what()));
  }
  return ScenarioFromJson(root);
}

Scenario ScenarioFromJson(const json& root) {
  Scenario s = DecodeScenario(root);
  ValidateScenario(s);
  return s;
}

void ValidateScenario(const Scenario& s) {
  if (s.name.empty()) Fail("$.name", "scenario name must not be empty");
  CheckText(s.name, "$.name");
  CheckText(s.description, "$.description");
  if (s.stop) {
    CheckKnownSignal(s.stop->signal, "$.stop.signal");
    CheckDuration(s.stop->at_ms, "$.stop.at_ms");
    CheckGracePeriod(s.stop->grace_ms, "$.stop.grace_ms");
  }
  if (s.signals.size() > static_cast<size_t>(kMaxSignals)) {
    Fail("$.signals", fmt::format("too many signals: {} exceed the limit of {}", s.signals.size(),
                                  kMaxSignals));
  }
  for (size_t i = 0; i < s.signals.size(); ++i) {
    std::string path = IndexPath("$.signals", i);
    CheckDuration(s.signals[i].at_ms, path + ".at_ms");
    CheckKnownSignal(s.signals[i].signal, path + ".signal");
  }
  CheckEnum(s.start, kStartNames, "$.start");
  TreeBudget budget;
  std::map<std::string, std::string> name_paths;
  ValidateProcess(s.main, "$.main", 0, budget, name_paths);
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
