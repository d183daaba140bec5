#include "tests/golden.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

namespace tacit::testing {
namespace {

namespace fs = std::filesystem;

// Differing lines shown for one failing case.
constexpr std::size_t shown_differences = 8;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return lines;
}

// The first lines where `expected` and `actual` differ, "-" for expected and "+"
// for actual, with their line numbers.
std::string describe_difference(std::string_view expected, std::string_view actual) {
  const std::vector<std::string_view> want = split_lines(expected);
  const std::vector<std::string_view> got = split_lines(actual);
  std::string out;
  std::size_t shown = 0;
  for (std::size_t i = 0; i < std::max(want.size(), got.size()) && shown < shown_differences; ++i) {
    const bool has_want = i < want.size();
    const bool has_got = i < got.size();
    if (has_want && has_got && want[i] == got[i]) {
      continue;
    }
    ++shown;
    if (has_want) {
      out += fmt::format("  line {} -{}\n", i + 1, want[i]);
    }
    if (has_got) {
      out += fmt::format("  line {} +{}\n", i + 1, got[i]);
    }
  }
  if (out.empty()) {
    out = "  (the texts differ only in their final line terminator)\n";
  }
  return fmt::format("{} expected lines, {} produced; first differences (-expected +produced):\n{}", want.size(),
                     got.size(), out);
}

}  // namespace

void run_golden_dir(std::string_view stage_dir, std::string_view input_ext,
                    const std::function<std::string(const fs::path& input)>& produce) {
  const fs::path dir = fs::path(TACIT_SOURCE_DIR) / "tests" / "golden" / stage_dir;
  const std::string ext = input_ext.starts_with('.') ? std::string(input_ext) : fmt::format(".{}", input_ext);
  const char* refresh_env = std::getenv("TACIT_REFRESH_GOLDEN");
  const bool refresh = refresh_env != nullptr && std::string_view(refresh_env) == "1";

  std::vector<fs::path> inputs;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ext) {
      inputs.push_back(entry.path());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  INFO("golden directory: ", dir.string());
  // A stage without cases is a test that silently dropped out.
  REQUIRE_MESSAGE(!inputs.empty(), fmt::format("no *{} case in {}", ext, dir.string()));

  std::size_t passed = 0;
  for (const fs::path& input : inputs) {
    fs::path expected_path = input;
    expected_path.replace_extension(".expected");
    const std::string actual = produce(input);
    if (refresh) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      ++passed;
      continue;
    }
    if (!fs::exists(expected_path)) {
      FAIL_CHECK(fmt::format("golden {}/{}: missing {} (write it, or run with TACIT_REFRESH_GOLDEN=1 and review)",
                                 stage_dir, input.filename().string(), expected_path.filename().string()));
      continue;
    }
    const std::string expected = read_file(expected_path);
    if (expected == actual) {
      ++passed;
    } else {
      FAIL_CHECK(fmt::format("golden {}/{}: output differs from {}\n{}", stage_dir, input.filename().string(),
                                 expected_path.filename().string(), describe_difference(expected, actual)));
    }
  }
  // An expectation whose input is gone would never be checked again.
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
    if (entry.path().extension() != ".expected") {
      continue;
    }
    const bool has_input = std::any_of(fs::directory_iterator(dir, error), fs::directory_iterator(), [&](const auto& other) {
      return other.path().stem() == entry.path().stem() && other.path().extension() != ".expected";
    });
    CHECK_MESSAGE(has_input, fmt::format("golden {}: {} has no input file", stage_dir, entry.path().filename().string()));
  }
  std::printf("golden %.*s (*%s): %zu %s\n", static_cast<int>(stage_dir.size()), stage_dir.data(), ext.c_str(),
              passed, refresh ? "refreshed" : "passed");
}

}  // namespace tacit::testing
