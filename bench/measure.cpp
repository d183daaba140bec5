// measure: runs a command and reports its wall time and peak resident memory.
//
//   measure [--stdout FILE] -- COMMAND [ARGS...]
//
// Prints one line to stderr:
//   "measure: wall_s=1.234 cpu_s=2.100 max_rss_kb=5678 status=0"
// (cpu_s = user + system time of the child). On a shared machine CPU time is
// the steadier number; wall time is what a user waits for.
// The harness needs both numbers for every row of its table; wait4's rusage
// gives the peak RSS of the child directly, without depending on the format
// of /usr/bin/time (GNU and BSD differ) or on it being installed.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
  const char* stdout_path = nullptr;
  int first = 1;
  for (; first < argc; ++first) {
    const std::string_view a = argv[first];
    if (a == "--") {
      ++first;
      break;
    }
    if (a == "--stdout" && first + 1 < argc) {
      stdout_path = argv[++first];
    } else {
      std::fprintf(stderr, "usage: measure [--stdout FILE] -- COMMAND [ARGS...]\n");
      return 2;
    }
  }
  if (first >= argc) {
    std::fprintf(stderr, "usage: measure [--stdout FILE] -- COMMAND [ARGS...]\n");
    return 2;
  }

  const auto start = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child < 0) {
    std::perror("measure: fork");
    return 2;
  }
  if (child == 0) {
    if (stdout_path) {
      const int fd = open(stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
        std::perror("measure: --stdout");
        _exit(127);
      }
      close(fd);
    }
    std::vector<char*> child_argv(argv + first, argv + argc);
    child_argv.push_back(nullptr);
    execvp(child_argv[0], child_argv.data());
    std::fprintf(stderr, "measure: cannot run %s: %s\n", child_argv[0], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(child, &status, 0, &usage) < 0) {
    std::perror("measure: wait4");
    return 2;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  const auto cpu = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  std::fprintf(stderr, "measure: wall_s=%.4f cpu_s=%.4f max_rss_kb=%ld status=%d\n", seconds,
               cpu(usage.ru_utime) + cpu(usage.ru_stime), usage.ru_maxrss, code);
  return code;
}
