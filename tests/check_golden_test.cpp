// Golden tests of every rule-file diagnostic: tests/golden/check/<case>.tacit is
// loaded with tests/golden/check/lib as its library folder, and the rendered
// diagnostics must equal <case>.expected exactly.
#include <doctest/doctest.h>

#include <string>

#include "dsl/loader.hpp"
#include "interpreter/builtins.hpp"
#include "tests/golden.hpp"

namespace {

namespace fs = std::filesystem;

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

TEST_CASE("golden: diagnostics of rule files") {
  const fs::path dir = fs::path(TACIT_SOURCE_DIR) / "tests" / "golden" / "check";
  tacit::testing::run_golden_dir("check", "tacit", [&](const fs::path& input) {
    tacit::dsl::LoadOptions options;
    options.paths = {input};
    options.stdlib_dir = dir / "lib";
    const auto result = tacit::dsl::load_program(options, tacit::interpreter::builtin_catalog());
    std::string out;
    for (const auto& diagnostic : result.diagnostics) out += tacit::dsl::render_diagnostic(diagnostic);
    if (out.empty()) out = "(no diagnostics)\n";
    // Paths relative to the golden folder, so the files do not depend on the checkout.
    return replace_all(out, dir.string() + "/", "");
  });
}
