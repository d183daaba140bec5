#include "cli/common.hpp"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace tacit::cli {
namespace {

// The temporary result file, removed if the run is interrupted.
volatile std::sig_atomic_t g_has_temporary = 0;
char g_temporary[4096];

extern "C" void remove_temporary_and_exit(int signal) {
  if (g_has_temporary != 0) ::unlink(g_temporary);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

}  // namespace

std::filesystem::path tacit_home() {
  if (const char* home = std::getenv("TACIT_HOME"); home != nullptr && *home != '\0') return home;
  return TACIT_DEFAULT_HOME;
}
std::filesystem::path default_stdlib() { return tacit_home() / "stdlib"; }
std::filesystem::path default_rules() { return tacit_home() / "rules"; }

bool colour_for(std::FILE* stream) {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && *no_colour != '\0') return false;
  return ::isatty(::fileno(stream)) != 0;
}

std::size_t print_diagnostics(const dsl::Diagnostics& diagnostics) {
  const bool colour = colour_for(stderr);
  std::size_t errors = 0;
  for (const auto& diagnostic : diagnostics) {
    if (diagnostic.severity == dsl::Severity::error) ++errors;
    std::fputs(dsl::render_diagnostic(diagnostic, colour).c_str(), stderr);
  }
  return errors;
}

OutputFile::OutputFile(std::filesystem::path path) : path_(std::move(path)) {
  if (path_.empty()) {
    stream_ = stdout;
    return;
  }
  std::string pattern = (path_.parent_path().empty() ? std::filesystem::path(".") : path_.parent_path()) /
                        ("." + path_.filename().string() + ".tmp.XXXXXX");
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    error_ = fmt::format("cannot write {}: {}", path_.string(), std::strerror(errno));
    return;
  }
  // mkstemp creates the file for its owner only (0600); the results get the mode
  // any new file would (0666 less the umask), as if written in place.
  const mode_t umask_bits = ::umask(0);
  ::umask(umask_bits);
  ::fchmod(fd, 0666 & ~umask_bits);
  temporary_ = pattern;
  std::strncpy(g_temporary, temporary_.c_str(), sizeof g_temporary - 1);
  g_has_temporary = 1;
  std::signal(SIGINT, remove_temporary_and_exit);
  std::signal(SIGTERM, remove_temporary_and_exit);
  stream_ = ::fdopen(fd, "w");
}

OutputFile::~OutputFile() {
  if (temporary_.empty() || committed_) return;
  if (stream_ != nullptr) std::fclose(stream_);
  ::unlink(temporary_.c_str());
  g_has_temporary = 0;
}

bool OutputFile::commit() {
  if (temporary_.empty()) return std::fflush(stdout) == 0;
  const bool flushed = std::fflush(stream_) == 0 && ::fsync(::fileno(stream_)) == 0;
  std::fclose(stream_);
  stream_ = nullptr;
  if (!flushed || std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    error_ = fmt::format("cannot write {}: {}", path_.string(), std::strerror(errno));
    ::unlink(temporary_.c_str());
    g_has_temporary = 0;
    committed_ = true;
    return false;
  }
  g_has_temporary = 0;
  committed_ = true;
  return true;
}

}  // namespace tacit::cli
