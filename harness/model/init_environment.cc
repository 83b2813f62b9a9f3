#include "harness/model/init_environment.h"

#include <cctype>
#include <map>

namespace initcheck {

const std::vector<EnvVariable>& DefaultInitEnvironment() {
  static const std::vector<EnvVariable> defaults = {
      {"HOME", "/root"},
      {"PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
  };
  return defaults;
}

std::vector<std::string> InitEnvironment(const Scenario& scenario, const std::vector<EnvVariable>& passed) {
  std::map<std::string, std::string> env(DefaultInitEnvironment().begin(), DefaultInitEnvironment().end());
  for (const auto& [name, value] : scenario.env) env[name] = value;
  for (const auto& [name, value] : passed) env[name] = value;
  std::vector<std::string> out;
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

bool IsEnvName(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace initcheck
