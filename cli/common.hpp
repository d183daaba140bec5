// What the commands share: where the bundled rules and stdlib are, how rule-file
// diagnostics are printed, and writing a result file without ever leaving half
// of one behind.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "dsl/diagnostic.hpp"

namespace tacit::cli {

// The folder holding the bundled rules/ and stdlib/: $TACIT_HOME, else the source
// tree tacit was built from.
[[nodiscard]] std::filesystem::path tacit_home();
[[nodiscard]] std::filesystem::path default_stdlib();
[[nodiscard]] std::filesystem::path default_rules();

// Whether stderr (or stdout) should get colour: a terminal, and NO_COLOR unset.
[[nodiscard]] bool colour_for(std::FILE* stream);

// Prints diagnostics to stderr; returns the number of errors.
std::size_t print_diagnostics(const dsl::Diagnostics& diagnostics);

// A result file written through a temporary file in the same folder and renamed
// into place by commit(), so a failed or interrupted run never leaves a partial
// result. With an empty path it writes to stdout.
class OutputFile {
 public:
  explicit OutputFile(std::filesystem::path path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  [[nodiscard]] bool ok() const { return stream_ != nullptr; }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::FILE* stream() const { return stream_; }
  // Flushes and renames into place; false (with error()) when that fails.
  bool commit();

 private:
  std::filesystem::path path_;
  std::string temporary_;
  std::FILE* stream_ = nullptr;
  std::string error_;
  bool committed_ = false;
};

// Exit statuses of the results contract.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;
inline constexpr int kExitUsage = 2;

}  // namespace tacit::cli
