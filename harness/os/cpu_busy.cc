#include "harness/os/cpu_busy.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace initcheck {

CpuBusy::CpuBusy() : last_(Read()) {}

std::optional<CpuBusy::Counts> CpuBusy::Read() {
  int fd = open("/proc/stat", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buf[512];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return std::nullopt;
  buf[n] = '\0';
  // cpu user nice system idle iowait irq softirq steal (guest time is
  // already in user).
  unsigned long long v[8] = {};
  if (std::sscanf(buf, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                  &v[6], &v[7]) != 8) {
    return std::nullopt;
  }
  Counts c;
  for (unsigned long long x : v) c.total += x;
  c.busy = c.total - v[3] - v[4];
  return c;
}

std::optional<double> CpuBusy::SinceLastLook() {
  std::optional<Counts> now = Read();
  if (!now || !last_ || now->total <= last_->total) {
    if (now) last_ = now;
    return std::nullopt;
  }
  const double share =
      static_cast<double>(now->busy - last_->busy) / static_cast<double>(now->total - last_->total);
  last_ = now;
  return share;
}

}  // namespace initcheck
