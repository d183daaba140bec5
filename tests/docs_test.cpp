// Documentation examples are tests: every ```tacit block of docs/language.md is a
// complete file that must load without errors, and its checks must be true.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "dsl/loader.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/params.hpp"
#include "interpreter/timeline.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tacit;

std::vector<std::pair<int, std::string>> tacit_blocks(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::pair<int, std::string>> blocks;
  std::string line;
  int number = 0;
  bool inside = false;
  while (std::getline(in, line)) {
    ++number;
    if (!inside && line == "```tacit") {
      inside = true;
      blocks.emplace_back(number + 1, "");
    } else if (inside && line == "```") {
      inside = false;
    } else if (inside) {
      blocks.back().second += line + "\n";
    }
  }
  return blocks;
}

}  // namespace

TEST_CASE("docs: every example of docs/language.md checks and its checks hold") {
  const fs::path doc = fs::path(TACIT_SOURCE_DIR) / "docs" / "language.md";
  const auto blocks = tacit_blocks(doc);
  REQUIRE(blocks.size() >= 5);
  std::size_t checks = 0;
  for (const auto& block : blocks) {
    const int line = block.first;
    const std::string& text = block.second;
    dsl::LoadOptions options;
    options.stdlib_dir = fs::path(TACIT_SOURCE_DIR) / "stdlib";
    auto loaded = dsl::load_program_from_text("language.md", text, options, interpreter::builtin_catalog());
    std::string errors;
    for (const auto& d : loaded.diagnostics) errors += dsl::render_diagnostic(d);
    CHECK_MESSAGE(loaded.ok(), "docs/language.md block at line " << line << ":\n" << errors);
    if (!loaded.ok()) continue;
    interpreter::Arena storage;
    std::vector<std::string> param_errors;
    const auto params = interpreter::resolve_params(loaded.program, {}, storage, param_errors);
    interpreter::Evaluator evaluator(loaded.program, params);
    interpreter::Arena arena;
    const auto* empty = arena.create<interpreter::Datum>(interpreter::Datum::make_object({}));
    interpreter::Patient nobody;
    nobody.object = empty;
    evaluator.begin_patient(nobody, arena);
    evaluator.set_as_of(0);
    const auto& file = loaded.program.files.front();
    for (const auto& check : file.checks) {
      const auto value = evaluator.evaluate_root(0, check.value, check.frame_size);
      CHECK_MESSAGE(value.is_true(), "docs/language.md block at line " << line << ": check \"" << check.description << "\"");
      ++checks;
    }
  }
  CHECK(checks >= 20);
}
