// executed_functions: runs a static binary as PID 1 of a new PID namespace,
// one instruction at a time (PTRACE_SINGLESTEP), sends it SIGTERM as it first
// waits for a signal (its first rt_sigtimedwait: started, its command forked,
// nothing left to do), and prints the function symbols it executed, in the
// order each first ran, until it exits. A signal sent at a time instead could
// arrive while PID 1 still runs at single-step speed with SIGTERM not yet
// blocked, and the kernel drops it (PID 1 ignores signals it has no handler for).
//
// It is how init_impls/drain.order is made (regenerate_drain_order.sh): the
// kernel maps a file's pages 64 kB at a time around each page fault, so the
// RSS of a static init is the number of 64 kB windows its code touches; with
// the functions it runs placed first by lld, those are three windows instead
// of the whole text. Single-stepping, rather than a tracer with its own CPU
// model (valgrind), sees the string functions glibc's ifunc resolvers pick for
// this CPU; the children PID 1 forks are not traced (they exec), so only PID
// 1's own pages are counted, as RSS counts them.
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "executed_functions: %s: %s\n", what.c_str(), std::strerror(errno));
  std::exit(1);
}

struct Function {
  uint64_t start;
  uint64_t end;
  std::string name;
};

// The function symbols of an ELF64 file's .symtab, sorted by address.
std::vector<Function> ReadFunctions(const char* path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) Die(std::string("open(") + path + ")");
  struct stat st;
  if (fstat(fd, &st) != 0) Die(std::string("fstat(") + path + ")");
  void* map = mmap(nullptr, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED) Die(std::string("mmap(") + path + ")");
  const auto* base = static_cast<const unsigned char*>(map);
  const auto* ehdr = reinterpret_cast<const Elf64_Ehdr*>(base);
  if (std::memcmp(ehdr->e_ident, ELFMAG, SELFMAG) != 0 || ehdr->e_ident[EI_CLASS] != ELFCLASS64) {
    errno = ENOEXEC;
    Die(std::string(path) + " is not an ELF64 file");
  }
  const auto* sections = reinterpret_cast<const Elf64_Shdr*>(base + ehdr->e_shoff);
  std::vector<Function> functions;
  for (int i = 0; i < ehdr->e_shnum; ++i) {
    if (sections[i].sh_type != SHT_SYMTAB) continue;
    const auto* syms = reinterpret_cast<const Elf64_Sym*>(base + sections[i].sh_offset);
    const char* names = reinterpret_cast<const char*>(base + sections[sections[i].sh_link].sh_offset);
    for (size_t k = 0; k < sections[i].sh_size / sizeof(Elf64_Sym); ++k) {
      int type = ELF64_ST_TYPE(syms[k].st_info);
      if ((type != STT_FUNC && type != STT_GNU_IFUNC) || syms[k].st_shndx == SHN_UNDEF) continue;
      functions.push_back({syms[k].st_value, syms[k].st_value + std::max<uint64_t>(syms[k].st_size, 1),
                           names + syms[k].st_name});
    }
  }
  munmap(map, st.st_size);
  if (functions.empty()) {
    errno = ENOENT;
    Die(std::string(path) + " has no function symbols (stripped?)");
  }
  std::sort(functions.begin(), functions.end(),
            [](const Function& a, const Function& b) { return a.start < b.start; });
  return functions;
}

const Function* FunctionAt(const std::vector<Function>& functions, uint64_t ip) {
  auto it = std::upper_bound(functions.begin(), functions.end(), ip,
                             [](uint64_t a, const Function& f) { return a < f.start; });
  if (it == functions.begin()) return nullptr;
  --it;
  return ip < it->end ? &*it : nullptr;
}

// Whether the traced process is about to enter rt_sigtimedwait: the
// instruction at rip is `syscall` (0f 05) with its number in rax.
bool AboutToWaitForSignal(pid_t pid, const user_regs_struct& regs) {
  if (regs.rax != SYS_rt_sigtimedwait) return false;
  errno = 0;
  long text = ptrace(PTRACE_PEEKTEXT, pid, regs.rip, nullptr);
  if (errno != 0) Die("ptrace(PTRACE_PEEKTEXT)");
  return (text & 0xffff) == 0x050f;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: executed_functions BINARY [ARGS...]\n");
    return 2;
  }
  std::vector<Function> functions = ReadFunctions(argv[1]);

  if (unshare(CLONE_NEWPID) != 0) Die("unshare(CLONE_NEWPID)");
  pid_t traced = fork();
  if (traced < 0) Die("fork");
  if (traced == 0) {
    if (ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) != 0) Die("ptrace(PTRACE_TRACEME)");
    raise(SIGSTOP);
    execv(argv[1], argv + 1);
    Die(std::string("execv(") + argv[1] + ")");
  }
  int status;
  if (waitpid(traced, &status, 0) != traced) Die("waitpid");
  // If this tracer dies, so does PID 1, and with it the namespace.
  if (ptrace(PTRACE_SETOPTIONS, traced, nullptr, PTRACE_O_EXITKILL) != 0) Die("ptrace(PTRACE_SETOPTIONS)");

  std::unordered_set<const Function*> seen;
  int deliver = 0;
  bool terminated = false;
  for (;;) {
    if (ptrace(PTRACE_SINGLESTEP, traced, nullptr, deliver) != 0) Die("ptrace(PTRACE_SINGLESTEP)");
    if (waitpid(traced, &status, 0) != traced) Die("waitpid");
    if (WIFEXITED(status) || WIFSIGNALED(status)) break;
    // A signal stop other than the step's own trap is a signal for PID 1 to take.
    deliver = WSTOPSIG(status) == SIGTRAP ? 0 : WSTOPSIG(status);
    user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, traced, nullptr, &regs) != 0) Die("ptrace(PTRACE_GETREGS)");
    const Function* f = FunctionAt(functions, regs.rip);
    if (f != nullptr && seen.insert(f).second) std::printf("%s\n", f->name.c_str());
    if (!terminated && AboutToWaitForSignal(traced, regs)) {
      if (kill(traced, SIGTERM) != 0) Die("kill(PID 1, SIGTERM)");
      terminated = true;
    }
  }
  std::fprintf(stderr, "executed_functions: %s %s %d; %zu functions\n", argv[1],
               WIFEXITED(status) ? "exited" : "was killed by signal",
               WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), seen.size());
  return 0;
}
