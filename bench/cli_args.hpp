// "--name value" and "--flag" options for the bench tools. They take a
// handful of options each, so a command-line library is not worth a
// dependency; unknown options are still rejected so a typo is not ignored.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

class CliArgs {
 public:
  CliArgs(int argc, char** argv, std::string usage) : usage_(std::move(usage)) {
    for (int i = 1; i < argc; ++i) args_.emplace_back(argv[i]);
    used_.assign(args_.size(), false);
    if (has("--help") || has("-h")) {
      std::fprintf(stdout, "%s\n", usage_.c_str());
      std::exit(0);
    }
  }

  bool has(std::string_view flag) {
    for (size_t i = 0; i < args_.size(); ++i) {
      if (args_[i] == flag) {
        used_[i] = true;
        return true;
      }
    }
    return false;
  }

  std::string get(std::string_view name, std::string_view fallback) {
    for (size_t i = 0; i < args_.size(); ++i) {
      if (args_[i] != name) continue;
      if (i + 1 >= args_.size()) fail("option " + std::string(name) + " needs a value");
      used_[i] = used_[i + 1] = true;
      return std::string(args_[i + 1]);
    }
    return std::string(fallback);
  }

  uint64_t get_u64(std::string_view name, uint64_t fallback) {
    const std::string text = get(name, "");
    if (text.empty()) return fallback;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0') {
      fail("option " + std::string(name) + " expects a non-negative integer, found '" + text + "'");
    }
    return v;
  }

  // Call after every get/has: rejects anything not consumed.
  void finish() {
    for (size_t i = 0; i < args_.size(); ++i) {
      if (!used_[i]) fail("unknown argument '" + std::string(args_[i]) + "'");
    }
  }

  [[noreturn]] void fail(const std::string& message) const {
    std::fprintf(stderr, "error: %s\n%s\n", message.c_str(), usage_.c_str());
    std::exit(2);
  }

 private:
  std::string usage_;
  std::vector<std::string_view> args_;
  std::vector<bool> used_;
};

}  // namespace bench
