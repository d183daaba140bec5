// Fuzz target: arbitrary bytes as a rule file.
//
// Every input goes through the parser (dsl::parse_file) and every diagnostic is
// rendered (excerpt and caret code included). An input that parses without errors
// is then
//   * checked: dsl::load_program_from_text with the bundled stdlib folder and the
//     interpreter's builtin catalog, as `tacit check` does (imports read stdlib/);
//   * formatted (dsl::format_file, what `tacit fmt` writes) and the canonical text
//     parsed again: it must parse without errors, to the same tree (the dump
//     without positions), with the same comments, and formatting it again must
//     change nothing. A difference aborts: it is a finding like a crash.
// Seeds: rules/, stdlib/, tests/golden/check, tests/golden/fmt (scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/ast_dump.hpp"
#include "dsl/diagnostic.hpp"
#include "dsl/loader.hpp"
#include "dsl/parser.hpp"
#include "interpreter/builtins.hpp"
#if __has_include("dsl/formatter.hpp")
#include "dsl/formatter.hpp"
#define TACIT_FUZZ_FORMATTER 1
#endif

namespace {

using namespace tacit;

// dump_ast() without its " @LINE:COLUMN" positions, plus what the dump leaves out
// (as tests/formatter_test.cpp compares trees).
std::string tree_text(const dsl::FileAst& ast) {
  const std::string dump = dsl::dump_ast(ast);
  std::string out;
  out.reserve(dump.size());
  for (std::size_t i = 0; i < dump.size();) {
    if (dump[i] == ' ' && i + 1 < dump.size() && dump[i + 1] == '@') {
      std::size_t j = i + 2;
      const std::size_t line_start = j;
      while (j < dump.size() && dump[j] >= '0' && dump[j] <= '9') ++j;
      if (j > line_start && j < dump.size() && dump[j] == ':') {
        const std::size_t column_start = ++j;
        while (j < dump.size() && dump[j] >= '0' && dump[j] <= '9') ++j;
        if (j > column_start) {
          i = j;
          continue;
        }
      }
    }
    out += dump[i++];
  }
  for (const auto& meta : ast.header.meta) {
    if (!meta.word.empty()) out += "meta word " + meta.key + " " + meta.word + "\n";
  }
  for (const auto& item : ast.items) {
    if (const auto* field = std::get_if<dsl::FieldDecl>(&item.node)) {
      out += "field " + field->name + " description \"" + field->description + "\"\n";
    }
  }
  return out;
}

std::vector<std::string> comment_texts(const dsl::FileAst& ast) {
  std::vector<std::string> texts;
  for (const auto& comment : ast.comments) {
    std::string text = comment.text;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.pop_back();
    texts.push_back(std::move(text));
  }
  return texts;
}

std::size_t render_all(const dsl::Diagnostics& diagnostics) {
  std::size_t bytes = 0;
  for (const auto& d : diagnostics) bytes += dsl::render_diagnostic(d, (bytes & 1) != 0).size();
  return bytes;
}

[[noreturn]] void finding(const char* what, const std::string& input, const std::string& detail) {
  std::fprintf(stderr, "fuzz_rules: %s\n--- input ---\n%s\n--- detail ---\n%s\n", what, input.c_str(), detail.c_str());
  std::abort();
}

#ifdef TACIT_FUZZ_FORMATTER
void check_formatter(const std::string& text, const dsl::SourceFile& source, const dsl::FileAst& ast) {
  const std::string formatted = dsl::format_file(ast, source);
  const dsl::SourceFile again("formatted.tacit", formatted);
  const dsl::ParseResult reparsed = dsl::parse_file(again);
  if (dsl::has_errors(reparsed.diagnostics)) {
    std::string errors;
    for (const auto& d : reparsed.diagnostics) errors += dsl::render_diagnostic(d);
    finding("the formatter's output does not parse", text, formatted + "\n" + errors);
  }
  const std::string before = tree_text(ast);
  const std::string after = tree_text(reparsed.ast);
  if (before != after) finding("the formatter changed the tree", text, formatted + "\n" + before + "\n---\n" + after);
  if (comment_texts(ast) != comment_texts(reparsed.ast)) finding("the formatter changed the comments", text, formatted);
  const std::string twice = dsl::format_file(reparsed.ast, again);
  if (twice != formatted) finding("the formatter is not idempotent", text, formatted + "\n---\n" + twice);
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const dsl::SourceFile source("fuzz.tacit", text);
  const dsl::ParseResult parsed = dsl::parse_file(source);
  render_all(parsed.diagnostics);
  if (dsl::has_errors(parsed.diagnostics)) return 0;

#ifdef TACIT_FUZZ_FORMATTER
  check_formatter(text, source, parsed.ast);
#endif

  static const dsl::LoadOptions options{{}, TACIT_SOURCE_DIR "/stdlib", {}};
  const dsl::LoadResult loaded =
      dsl::load_program_from_text("fuzz.tacit", text, options, interpreter::builtin_catalog());
  render_all(loaded.diagnostics);
  return 0;
}
