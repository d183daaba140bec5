// The language's semantics as data: tests/semantics/*.tsv hold one expression
// and its expected value a row (Kleene truth tables, units, lists). The driver
// evaluates each row through the whole pipeline (parse, check, evaluate).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "dsl/loader.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/params.hpp"
#include "interpreter/timeline.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tacit;

// The value of an expression as text, or "error: ..." when it does not check.
std::string evaluate(const std::string& expression) {
  const std::string text = fmt::format("module semantics\n  title \"t\"\n\nlet result = {}\n", expression);
  auto loaded = dsl::load_program_from_text("semantics.tacit", text, {}, interpreter::builtin_catalog());
  if (!loaded.ok()) {
    std::string out = "error:";
    for (const auto& d : loaded.diagnostics) out += " " + d.message;
    return out;
  }
  interpreter::Arena storage;
  std::vector<std::string> errors;
  const auto params = interpreter::resolve_params(loaded.program, {}, storage, errors);
  interpreter::Evaluator evaluator(loaded.program, params);
  interpreter::Arena arena;
  const interpreter::Datum* empty = arena.create<interpreter::Datum>(interpreter::Datum::make_object({}));
  interpreter::Patient nobody;
  nobody.object = empty;
  evaluator.begin_patient(nobody, arena);
  evaluator.set_as_of(0);
  const auto& file = loaded.program.files.front();
  const interpreter::Value value = evaluator.global(file.names.at("result"));
  return std::string(evaluator.text_of(value));
}

void run_table(const std::string& name) {
  const fs::path path = fs::path(TACIT_SOURCE_DIR) / "tests" / "semantics" / name;
  std::ifstream in(path);
  REQUIRE(in.good());
  std::string line;
  int rows = 0;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const auto tab = line.find('\t');
    REQUIRE_MESSAGE(tab != std::string::npos, name << ":" << line_number << ": expected EXPRESSION<TAB>VALUE");
    const std::string expression = line.substr(0, tab);
    const std::string expected = line.substr(tab + 1);
    CHECK_MESSAGE(evaluate(expression) == expected, name << ":" << line_number << ": " << expression);
    ++rows;
  }
  CHECK(rows > 0);
  MESSAGE(name << ": " << rows << " rows");
}

}  // namespace

TEST_CASE("semantics: Kleene logic tables") { run_table("logic.tsv"); }
TEST_CASE("semantics: numbers, units, dates") { run_table("values.tsv"); }
TEST_CASE("semantics: lists and comprehensions") { run_table("lists.tsv"); }
