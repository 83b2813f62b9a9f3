#include "harness/model/signal_names.h"

#include <cctype>
#include <csignal>

#include <fmt/core.h>

#include "harness/model/quoted_text.h"

namespace initcheck {
namespace {

struct NamedSignal {
  int signo;
  const char* name;
};

// The one table of signals initcheck knows, in numeric order.
constexpr NamedSignal kSignals[] = {
    {SIGHUP, "SIGHUP"},     {SIGINT, "SIGINT"},       {SIGQUIT, "SIGQUIT"},
    {SIGILL, "SIGILL"},     {SIGTRAP, "SIGTRAP"},     {SIGABRT, "SIGABRT"},
    {SIGBUS, "SIGBUS"},     {SIGFPE, "SIGFPE"},       {SIGKILL, "SIGKILL"},
    {SIGUSR1, "SIGUSR1"},   {SIGSEGV, "SIGSEGV"},     {SIGUSR2, "SIGUSR2"},
    {SIGPIPE, "SIGPIPE"},   {SIGALRM, "SIGALRM"},     {SIGTERM, "SIGTERM"},
    {SIGSTKFLT, "SIGSTKFLT"},  // unused by the kernel, but a signal inits forward (dumb-init's test sends it)
    {SIGCHLD, "SIGCHLD"},   {SIGCONT, "SIGCONT"},     {SIGSTOP, "SIGSTOP"},
    {SIGTSTP, "SIGTSTP"},   {SIGTTIN, "SIGTTIN"},     {SIGTTOU, "SIGTTOU"},
    {SIGURG, "SIGURG"},     {SIGXCPU, "SIGXCPU"},     {SIGXFSZ, "SIGXFSZ"},
    {SIGVTALRM, "SIGVTALRM"}, {SIGPROF, "SIGPROF"},   {SIGWINCH, "SIGWINCH"},
    {SIGIO, "SIGIO"},       {SIGPWR, "SIGPWR"},       {SIGSYS, "SIGSYS"},
};

}  // namespace

std::optional<int> SignalFromName(std::string_view name) {
  for (const auto& s : kSignals) {
    if (name == s.name) return s.signo;
  }
  return std::nullopt;
}

std::string SignalName(int signo) {
  for (const auto& s : kSignals) {
    if (signo == s.signo) return s.name;
  }
  return "signal " + std::to_string(signo);
}

std::string UnknownSignalReason(std::string_view name) {
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

const std::vector<int>& KnownSignals() {
  static const std::vector<int> all = [] {
    std::vector<int> v;
    for (const auto& s : kSignals) v.push_back(s.signo);
    return v;
  }();
  return all;
}

}  // namespace initcheck
