// The canonical formatter (dsl/formatter.hpp).
//
// Golden cases: tests/golden/fmt/<case>.tacit beside the exact canonical text,
// <case>.expected. On every golden case, and on every rule file of the repository
// (rules/ and stdlib/, found at run time so that files added later are covered),
// four properties are checked:
// * meaning: the output parses to the same tree (dump_ast without positions,
//   plus what the dump leaves out: field descriptions, bare-word metadata);
// * idempotence: formatting the output changes nothing;
// * comments: the output has the same comments, in the same order;
// * layout: only items, the header and comments start at column 1; no tabs,
//   carriage returns or trailing blanks; no two blank lines in a row; one final
//   newline.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dsl/ast_dump.hpp"
#include "dsl/diagnostic.hpp"
#include "dsl/formatter.hpp"
#include "dsl/parser.hpp"
#include "tests/golden.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tacit::dsl;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// dump_ast() without the source positions (" @12:5").
std::string without_positions(const std::string& dump) {
  std::string out;
  for (std::size_t i = 0; i < dump.size(); ++i) {
    if (dump.compare(i, 2, " @") == 0 && i + 2 < dump.size() && std::isdigit(static_cast<unsigned char>(dump[i + 2]))) {
      i += 2;
      while (i < dump.size() && (std::isdigit(static_cast<unsigned char>(dump[i])) != 0 || dump[i] == ':')) ++i;
    }
    if (i < dump.size()) out += dump[i];
  }
  return out;
}

// The tree as text, without source positions.
std::string tree_text(const FileAst& ast) {
  std::string out = without_positions(dump_ast(ast));
  for (const auto& meta : ast.header.meta) {
    if (!meta.word.empty()) out += fmt::format("meta word {} {}\n", meta.key, meta.word);
  }
  for (const auto& item : ast.items) {
    if (const auto* field = std::get_if<FieldDecl>(&item.node)) {
      out += fmt::format("field {} description \"{}\"\n", field->name, field->description);
    }
  }
  return out;
}

std::vector<std::string> comment_texts(const FileAst& ast) {
  std::vector<std::string> texts;
  for (const auto& comment : ast.comments) {
    std::string text = comment.text;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.pop_back();
    texts.push_back(std::move(text));
  }
  return texts;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool starts_with_word(const std::string& line, std::string_view word) {
  return line.starts_with(word) && (line.size() == word.size() || line[word.size()] == ' ');
}

// The layout properties every output has; returns the lines that break one.
std::string layout_problems(const std::string& text) {
  static constexpr std::string_view column_one[] = {"definition", "module", "import", "param", "field",
                                                    "let",        "fn",     "clause", "verdict", "check"};
  std::string problems;
  if (!text.ends_with("\n") || text.ends_with("\n\n")) problems += "not exactly one final newline\n";
  if (text.find("\n\n\n") != std::string::npos) problems += "two blank lines in a row\n";
  if (text.find('\r') != std::string::npos) problems += "a carriage return\n";
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty()) continue;
    const bool comment = line.find('#') != std::string::npos;
    const bool item_or_comment =
        line.front() == ' ' || line.front() == '#' ||
        std::any_of(std::begin(column_one), std::end(column_one),
                    [&](std::string_view word) { return starts_with_word(line, word); });
    if (line.back() == ' ' || (!comment && line.find('\t') != std::string::npos) || !item_or_comment) {
      problems += fmt::format("line {}: {}\n", i + 1, line);
    }
  }
  return problems;
}

// Formats `text`, checks the four properties, and returns the canonical text.
std::string format_checked(const std::string& name, const std::string& text) {
  const SourceFile source(name, text);
  const ParseResult parsed = parse_file(source);
  std::string errors;
  for (const auto& d : parsed.diagnostics) errors += render_diagnostic(d);
  INFO(errors);
  REQUIRE(parsed.diagnostics.empty());
  const std::string formatted = format_file(parsed.ast, source);

  const SourceFile again(name + " (formatted)", formatted);
  const ParseResult reparsed = parse_file(again);
  errors.clear();
  for (const auto& d : reparsed.diagnostics) errors += render_diagnostic(d);
  INFO("formatted text:\n", formatted, errors);
  REQUIRE(reparsed.diagnostics.empty());
  CHECK(tree_text(reparsed.ast) == tree_text(parsed.ast));
  CHECK(comment_texts(reparsed.ast) == comment_texts(parsed.ast));
  CHECK(format_file(reparsed.ast, again) == formatted);
  CHECK_MESSAGE(layout_problems(formatted).empty(), name, ": ", layout_problems(formatted));
  return formatted;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string format_text(const std::string& text) { return format_checked("snippet", text); }

// Random rule files for the round-trip properties: expressions of every kind,
// with line breaks, own-line comments and end-of-line comments between tokens.
// Deterministic: std::mt19937 is specified exactly, and only its raw output is used.
class RandomRules {
 public:
  explicit RandomRules(std::uint32_t seed) : rng_(seed) {}

  std::string file() {
    std::string out = "definition random\n  title \"t\"\n";
    static constexpr std::string_view heads[] = {"let v = ", "verdict ", "check \"c\" = ", "fn f(a: number) = ",
                                                 "clause c \"d\"\n  cite \"x\"\n  = "};
    for (std::size_t i = 0, n = 3 + pick(5); i < n; ++i) {
      if (pick(4) == 0) out += "\n";
      if (pick(5) == 0) out += "# before item\n";
      out += std::string(heads[pick(std::size(heads))]);
      const auto tokens = expr(1 + static_cast<int>(pick(4)));
      out += tokens.front();
      for (std::size_t t = 1; t < tokens.size(); ++t) out += separator(tokens[t]) + tokens[t];
      out += "\n";
    }
    return out;
  }

 private:
  using Tokens = std::vector<std::string>;

  std::size_t pick(std::size_t n) { return rng_() % n; }

  std::string separator(const std::string& next) {
    if (next == "mm" || next == "%") return " ";  // a unit stays on its number's line
    switch (pick(12)) {
      case 0: return fmt::format(" # end {}\n    ", ++comments_);
      case 1: return fmt::format("\n   # own {}\n  ", ++comments_);
      case 2: return "\n      ";
      default: return " ";
    }
  }

  static void append(Tokens& to, const Tokens& from) { to.insert(to.end(), from.begin(), from.end()); }

  Tokens leaf() {
    static const Tokens leaves[] = {{"a"}, {"some_long_name"}, {"another_quite_long_name_here"}, {"x.y"},
                                    {"1"}, {"2.50"}, {"3", "mm"}, {"40", "%"}, {"@2024-01-02"}, {"unknown"},
                                    {"\"s\\\"q\""}, {"\"x {a + 1} y\""}};
    return leaves[pick(std::size(leaves))];
  }

  Tokens expr(int depth) {
    if (depth <= 0) return leaf();
    Tokens out;
    switch (pick(10)) {
      case 0:
      case 1: {  // a chain, sometimes in parentheses
        static constexpr const char* ops[] = {"and", "or", "+", "-", "*", "??"};
        const std::string op = ops[pick(std::size(ops))];
        const bool parens = pick(3) == 0;
        if (parens) out.push_back("(");
        append(out, expr(depth - 1));
        for (std::size_t i = 0, n = 1 + pick(4); i < n; ++i) {
          out.push_back(op);
          append(out, expr(depth - 1));
        }
        if (parens) out.push_back(")");
        return out;
      }
      case 2:
        out = {"("};
        append(out, expr(depth - 1));
        out.push_back(pick(2) == 0 ? ">=" : "==");
        append(out, expr(depth - 1));
        out.push_back(")");
        return out;
      case 3:  // a call, some arguments named
        out = {pick(2) == 0 ? "f" : "mod.function_name", "("};
        for (std::size_t i = 0, n = 1 + pick(4); i < n; ++i) {
          if (i > 0) out.push_back(",");
          if (pick(3) == 0) out.insert(out.end(), {"k", ":"});
          append(out, expr(depth - 1));
        }
        out.push_back(")");
        return out;
      case 4:  // a comprehension
        out = {pick(2) == 0 ? "any" : "select", "(", "v", "in"};
        append(out, expr(depth - 1));
        if (pick(2) == 0) {
          out.push_back("where");
          append(out, expr(depth - 1));
        }
        if (pick(2) == 0) {
          out.push_back(":");
          append(out, expr(depth - 1));
        }
        out.push_back(")");
        return out;
      case 5:
        out = {"if"};
        append(out, expr(depth - 1));
        out.push_back("then");
        append(out, expr(depth - 1));
        out.push_back("else");
        append(out, expr(depth - 1));
        return out;
      case 6:
        out = {"let", "t", "="};
        append(out, expr(depth - 1));
        out.push_back("in");
        append(out, expr(depth - 1));
        return out;
      case 7:
        out = {"["};
        append(out, expr(depth - 1));
        out.push_back(",");
        append(out, expr(depth - 1));
        out.push_back("]");
        return out;
      case 8:
        out = {"{", "k1", ":"};
        append(out, expr(depth - 1));
        out.insert(out.end(), {",", "k2", ":"});
        append(out, expr(depth - 1));
        out.push_back("}");
        return out;
      default:
        out = {"(", "not"};
        append(out, expr(depth - 1));
        out.push_back(")");
        return out;
    }
  }

  std::mt19937 rng_;
  int comments_ = 0;
};

}  // namespace

TEST_CASE("golden fmt: canonical text of each case, idempotent and meaning-preserving") {
  tacit::testing::run_golden_dir("fmt", "tacit", [](const fs::path& input) {
    return format_checked(input.filename().string(), read_text(input));
  });
}

TEST_CASE("fmt: every rule file in rules/ and stdlib/ formats idempotently and keeps its meaning") {
  std::size_t checked = 0;
  for (const char* dir : {"rules", "stdlib"}) {
    const fs::path root = fs::path(TACIT_SOURCE_DIR) / dir;
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(root, error); !error && it != fs::recursive_directory_iterator();
         it.increment(error)) {
      if (it->path().extension() != ".tacit") continue;
      const std::string text = read_text(it->path());
      const SourceFile source(it->path().string(), text);
      if (!parse_file(source).diagnostics.empty()) {
        MESSAGE("fmt: skipped ", it->path().string(), " (it does not parse; the loader tests report why)");
        continue;
      }
      format_checked(it->path().string(), text);
      ++checked;
    }
  }
  if (checked == 0) MESSAGE("fmt: no rule file in rules/ or stdlib/ yet");
  std::printf("fmt: %zu rule files of the repository checked\n", checked);
}

TEST_CASE("fmt: random rule files with comments between tokens round-trip") {
  for (std::uint32_t seed = 1; seed <= 150; ++seed) {
    const std::string text = RandomRules(seed).file();
    format_checked(fmt::format("random {}", seed), text);
  }
}

TEST_CASE("fmt: line endings do not matter: CRLF input gives the LF text") {
  const fs::path dir = fs::path(TACIT_SOURCE_DIR) / "tests" / "golden" / "fmt";
  std::size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".tacit") continue;
    const std::string lf = replace_all(read_text(entry.path()), "\r\n", "\n");
    CHECK_MESSAGE(format_text(replace_all(lf, "\n", "\r\n")) == format_text(lf), entry.path().filename().string());
    ++cases;
  }
  CHECK(cases > 0);
}

TEST_CASE("fmt: an item that fits in 100 columns is one line, whatever its source layout") {
  CHECK(format_text("definition x\nlet a =\n  f(1,\n    2)\n  and\n  b\n") == "definition x\n\nlet a = f(1, 2) and b\n");
}

TEST_CASE("fmt: a long and/or chain breaks before each operator, one level deeper than its line") {
  const std::string operand(40, 'a');
  CHECK(format_text(fmt::format("definition x\nverdict {0}1 and {0}2 or {0}3\n", operand)) ==
        fmt::format("definition x\n\nverdict {0}1 and {0}2\n  or {0}3\n", operand));
  CHECK(format_text(fmt::format("definition x\nclause c = {0}1 and {0}2 and {0}3\n", operand)) ==
        fmt::format("definition x\n\nclause c\n  = {0}1\n    and {0}2\n    and {0}3\n", operand));
}

TEST_CASE("fmt: an item that does not fit puts its expression on the next line, operators aligned with it") {
  const std::string operand(40, 'a');
  CHECK(format_text(fmt::format("definition x\nlet x = {0}1 + {0}2 - {0}3\n", operand)) ==
        fmt::format("definition x\n\nlet x =\n  {0}1\n  + {0}2\n  - {0}3\n", operand));
  CHECK(format_text(fmt::format("definition x\nfn f(a: number) = if {0} then 1 else if {0} then 2 else 3\n", operand)) ==
        fmt::format("definition x\n\nfn f(a: number) =\n  if {0} then 1\n  else if {0} then 2\n  else 3\n", operand));
}

TEST_CASE("fmt: at the parser's nesting limits the output still parses to the same tree") {
  std::string deep = "1";
  for (int i = 0; i < 60; ++i) deep = "f(" + deep + ", [" + std::to_string(i) + "])";
  std::string chain = "a0";
  for (int i = 1; i < 200; ++i) chain += (i % 7 == 0 ? " or a" : " and a") + std::to_string(i);
  format_text("definition x\nlet deep = " + deep + "\nverdict " + chain + "\n");
}

TEST_CASE("fmt: a comment between two tokens joined on one line is kept, in order") {
  CHECK(format_text("definition x\nlet a = f(1, # one\n  # two\n  2) # three\n") ==
        "definition x\n\nlet a = f(1, 2) # one\n# two\n# three\n");
  CHECK(format_text("definition x\nlet a = f(1,\n  # own\n  2)\n") == "definition x\n\n# own\nlet a = f(1, 2)\n");
}

TEST_CASE("fmt: end-of-line comments on consecutive lines are aligned") {
  CHECK(format_text("definition x\nlet a = 1 # one\nlet long_name = 2   # two\n\nlet c = 3  # three\n") ==
        "definition x\n\nlet a = 1         # one\nlet long_name = 2 # two\n\nlet c = 3 # three\n");
}

TEST_CASE("fmt: a let-expression that starts a continuation line is indented, never at column 1") {
  const std::string name(90, 'n');
  CHECK(format_text(fmt::format("definition x\nlet a = let b = {0} in b > 0\n", name)) ==
        fmt::format("definition x\n\nlet a =\n  let b = {0} in\n  b > 0\n", name));
}
