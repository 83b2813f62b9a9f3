// How busy the machine's CPUs were, from the kernel's own count
// (/proc/stat's first line: time spent in each state, all CPUs together):
// the share of CPU time since the last look that was not idle. Counts
// everything on the machine, initcheck's runs and whatever else runs
// beside them (a compile), since both take CPUs from a run's schedule.
#pragma once

#include <cstdint>
#include <optional>

namespace initcheck {

class CpuBusy {
 public:
  CpuBusy();  // the first look
  // The busy share in [0, 1] since the previous look (or construction);
  // nullopt when /proc/stat cannot be read or no time passed.
  std::optional<double> SinceLastLook();

 private:
  struct Counts {
    uint64_t busy = 0, total = 0;
  };
  static std::optional<Counts> Read();
  std::optional<Counts> last_;
};

}  // namespace initcheck
