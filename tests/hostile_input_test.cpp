// Hostile input: the limits of rule files (dsl/limits.hpp), each at its boundary
// and with its error past it, and the regressions of what the fuzz targets found
// (fuzz/, docs/reliability.md). The timeline loader's limits are tested in
// tests/timeline_test.cpp ("each limit has its error" and the record and document
// size cases).
//
// Every input under fuzz/regressions/<target>/ is also run here through the same
// pipeline as its fuzz target, so that the normal and sanitizer test builds replay
// them without libFuzzer.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "dsl/diagnostic.hpp"
#include "dsl/formatter.hpp"
#include "dsl/limits.hpp"
#include "dsl/loader.hpp"
#include "dsl/parser.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/record_reader.hpp"
#include "interpreter/result_format.hpp"
#include "interpreter/timeline.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tacit;

const fs::path source_dir = TACIT_SOURCE_DIR;

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The rendered diagnostics of loading `text` as a rule file (with the bundled stdlib).
std::vector<std::string> load_errors(const std::string& text) {
  dsl::LoadOptions options;
  options.stdlib_dir = source_dir / "stdlib";
  const dsl::LoadResult result = dsl::load_program_from_text("t.tacit", text, options, interpreter::builtin_catalog());
  std::vector<std::string> out;
  for (const auto& d : result.diagnostics) out.push_back(dsl::render_diagnostic(d));
  return out;
}

std::string first_line(const std::vector<std::string>& diagnostics) {
  if (diagnostics.empty()) return "(no diagnostics)";
  return diagnostics.front().substr(0, diagnostics.front().find('\n'));
}

std::string repeat(std::string_view text, std::size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

const std::string module_header = "module t\n  title \"t\"\n";

bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    if (c >= 0x80) {
      length = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      if (length == 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + length > text.size()) return false;
      for (std::size_t k = 1; k < length; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
      }
    }
    i += length;
  }
  return true;
}

std::vector<fs::path> regression_inputs(const std::string& target) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(source_dir / "fuzz" / "regressions" / target, error)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

// --- rule-file limits (dsl/limits.hpp) -------------------------------------------

TEST_CASE("rule limits: file size") {
  std::string text = module_header + "# ";
  text += std::string(dsl::kMaxRuleFileBytes - text.size() - 1, 'x') + "\n";
  REQUIRE(text.size() == dsl::kMaxRuleFileBytes);
  CHECK(first_line(load_errors(text)) == "(no diagnostics)");
  text += "\n";
  CHECK(first_line(load_errors(text)) ==
        "t.tacit:1:1: error: rule file is 1048577 bytes, larger than the limit of 1048576 bytes");

  // From disk the file is refused before it is read.
  const fs::path path = fs::temp_directory_path() / "tacit-hostile-large.tacit";
  std::ofstream(path, std::ios::binary) << text;
  dsl::Diagnostics diagnostics;
  CHECK(dsl::read_rule_file(path, diagnostics) == nullptr);
  REQUIRE(diagnostics.size() == 1);
  CHECK(dsl::render_diagnostic(diagnostics[0]) ==
        fmt::format("error: {}: rule file is 1048577 bytes, larger than the limit of 1048576 bytes\n", path.string()));
  fs::remove(path);
}

TEST_CASE("rule limits: bracket nesting counts every level, the outermost expression included") {
  const auto nested = [](std::size_t brackets) {
    return module_header + "let x = " + std::string(brackets, '(') + "1" + std::string(brackets, ')') + "\n";
  };
  CHECK(first_line(load_errors(nested(dsl::kMaxNestingDepth - 1))) == "(no diagnostics)");
  CHECK(first_line(load_errors(nested(dsl::kMaxNestingDepth))) ==
        "t.tacit:3:73: error: expressions nested deeper than 64 levels");
}

TEST_CASE("rule limits: list types nest under the same limit (fuzz regression: stack overflow)") {
  const auto nested = [](std::size_t lists) {
    return module_header + "field x: " + repeat("list<", lists) + "number" + std::string(lists, '>') + "\n";
  };
  CHECK(first_line(load_errors(nested(dsl::kMaxNestingDepth - 1))) == "(no diagnostics)");
  CHECK(first_line(load_errors(nested(dsl::kMaxNestingDepth))) ==
        "t.tacit:3:330: error: types nested deeper than 64 levels");
  // 20,000 levels overflowed the parser's stack before the limit covered types.
  CHECK(first_line(load_errors(nested(20'000))) == "t.tacit:3:330: error: types nested deeper than 64 levels");
}

TEST_CASE("rule limits: expression depth of operators chained on one level") {
  const auto chain = [](std::size_t operands) {
    return module_header + "let x = 1" + repeat(" + 1", operands - 1) + "\n";
  };
  CHECK(first_line(load_errors(chain(dsl::kMaxExpressionDepth))) == "(no diagnostics)");
  CHECK(first_line(load_errors(chain(dsl::kMaxExpressionDepth + 1))) ==
        "t.tacit:3:9: error: expression nested deeper than 256 levels; split it into named lets or functions");
}

TEST_CASE("rule limits: string literal length, the quotes excluded") {
  const auto literal = [](std::size_t bytes) {
    return module_header + "let x = \"" + std::string(bytes, 'a') + "\"\n";
  };
  CHECK(first_line(load_errors(literal(dsl::kMaxStringBytes))) == "(no diagnostics)");
  CHECK(first_line(load_errors(literal(dsl::kMaxStringBytes + 1))) ==
        "t.tacit:3:9: error: string longer than 16384 bytes");
}

TEST_CASE("rule limits: errors per file, from the parser and from the checker") {
  std::string syntax = module_header;
  std::string names = module_header;
  for (int i = 0; i < 30; ++i) {
    syntax += fmt::format("let x{} = )\n", i);
    names += fmt::format("let x{} = y{}\n", i, i);
  }
  // The parser stops at the limit.
  CHECK(load_errors(syntax).size() == dsl::kMaxErrorsPerFile);
  // The checker finds them all; the last one shown counts the rest.
  const std::vector<std::string> errors = load_errors(names);
  REQUIRE(errors.size() == dsl::kMaxErrorsPerFile);
  CHECK(errors.back().ends_with("note: 10 more errors in this file were not reported (at most 20 are)\n"));
}

TEST_CASE("rule limits: rule files per run, imports included") {
  const fs::path lib = fs::temp_directory_path() / "tacit-hostile-imports";
  fs::remove_all(lib);
  fs::create_directories(lib);
  // m0 imports m1, which imports m2, ... : one more file than a run may hold.
  for (std::size_t i = 0; i < dsl::kMaxImportedFiles; ++i) {
    std::ofstream(lib / fmt::format("m{}.tacit", i))
        << fmt::format("module m{}\n  title \"m\"\n{}let x = 1\n", i,
                       i + 1 < dsl::kMaxImportedFiles ? fmt::format("import m{}\n", i + 1) : "");
  }
  dsl::LoadOptions options;
  options.stdlib_dir = lib;
  const std::string root = module_header + "import m0\n";
  const dsl::LoadResult result = dsl::load_program_from_text("t.tacit", root, options, interpreter::builtin_catalog());
  REQUIRE_FALSE(result.diagnostics.empty());
  CHECK(dsl::render_diagnostic(result.diagnostics.front()) ==
        fmt::format("error: {}: more than 256 rule files in one run\n", (lib / "m255.tacit").string()));

  // One file fewer loads.
  fs::remove(lib / "m255.tacit");
  std::ofstream(lib / "m254.tacit") << "module m254\n  title \"m\"\nlet x = 1\n";
  CHECK(dsl::load_program_from_text("t.tacit", root, options, interpreter::builtin_catalog()).ok());
  fs::remove_all(lib);
}

namespace {

// A definition whose verdict reads the head of a chain of `links` lets or
// functions, each made by `link(i)` (it refers to link i + 1), the last one `last`.
std::string chain_definition(std::size_t links, const std::string& verdict, std::string (*link)(std::size_t),
                             const std::string& last) {
  std::string text =
      "definition t\n  title \"t\"\n  version \"1.0.0\"\n  status draft\n  cite \"c\"\n" + verdict + "\n";
  for (std::size_t i = 0; i < links; ++i) text += link(i);
  return text + fmt::format(fmt::runtime(last), links);
}

// The verdict of the definition in `text` for a one-event patient, or its errors.
std::string evaluate_text(const std::string& text) {
  const fs::path path = fs::temp_directory_path() / "tacit-hostile-deep.tacit";
  std::ofstream(path, std::ios::binary) << text;
  interpreter::EngineOptions options;
  options.rule_paths = {path};
  options.stdlib_dir = source_dir / "stdlib";
  const interpreter::Engine::Loaded loaded = interpreter::Engine::load(options);
  fs::remove(path);
  if (!loaded.engine) {
    const auto error = std::find_if(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                                    [](const dsl::Diagnostic& d) { return d.severity == dsl::Severity::error; });
    return first_line({dsl::render_diagnostic(error != loaded.diagnostics.end() ? *error : loaded.diagnostics.front())});
  }
  interpreter::Session session(*loaded.engine);
  interpreter::RawRecord record;
  record.text.assign(R"({"id": "P1", "events": [{"date": "2024-01-01", "type": "lab"}]})");
  const interpreter::PatientReport report = session.evaluate(record, interpreter::VerdictOptions{});
  if (!report.errors.empty()) return report.errors.front().message;
  return std::string(interpreter::verdict_name(report.outcomes.at(0).verdict));
}

}  // namespace

TEST_CASE("rule limits: evaluation depth through chains of lets and functions") {
  const std::string too_deep = "evaluating this nests expressions deeper than 256 levels";
  // f0(1) > 0 with fn fI(x) = fI+1(x): the verdict's levels are links + 3.
  const auto fn_link = [](std::size_t i) { return fmt::format("fn f{}(x: number) = f{}(x)\n", i, i + 1); };
  const std::string fn_last = "fn f{}(x: number) = x\n";
  CHECK(evaluate_text(chain_definition(dsl::kMaxEvaluationDepth - 3, "verdict f0(1) > 0", fn_link, fn_last)) == "met");
  const std::string error =
      evaluate_text(chain_definition(dsl::kMaxEvaluationDepth - 2, "verdict f0(1) > 0", fn_link, fn_last));
  CHECK_MESSAGE(error.find(too_deep) != std::string::npos, error);

  // 50,000 lets in a chain (a 1 MB file) overflowed the checker's stack.
  const auto let_link = [](std::size_t i) { return fmt::format("let a{} = a{}\n", i, i + 1); };
  const std::string long_chain = chain_definition(50'000, "verdict a0 > 0", let_link, "let a{} = 1\n");
  REQUIRE(long_chain.size() < dsl::kMaxRuleFileBytes);
  const std::string long_error = evaluate_text(long_chain);
  CHECK_MESSAGE(long_error.find(too_deep) != std::string::npos, long_error);

  // The deepest chain of each shape that the checker accepts evaluates (in the
  // sanitizer build too, whose stack frames are the largest).
  struct Shape {
    const char* name;
    std::string (*link)(std::size_t);
    const char* last;
    const char* verdict;
  };
  const Shape shapes[] = {
      {"lets with brackets", [](std::size_t i) { return fmt::format("let a{} = 1 + (1 + (1 + a{}))\n", i, i + 1); },
       "let a{} = 1\n", "verdict a0 > 0"},
      {"functions with arithmetic",
       [](std::size_t i) { return fmt::format("fn f{}(x: number) = f{}(x + 1) * 2\n", i, i + 1); },
       "fn f{}(x: number) = x\n", "verdict f0(1) > 0"},
      {"comprehensions",
       [](std::size_t i) {
         return fmt::format("fn c{}(y: number) = count(x in [y] where x > 0: c{}(x) > 0)\n", i, i + 1);
       },
       "fn c{}(y: number) = 1\n", "verdict c0(1) > 0"},
  };
  for (const Shape& shape : shapes) {
    CAPTURE(shape.name);
    std::size_t accepted = 0;  // the longest chain the checker accepts
    std::size_t refused = dsl::kMaxEvaluationDepth + 1;
    while (refused - accepted > 1) {
      const std::size_t links = (accepted + refused) / 2;
      const bool ok = load_errors(chain_definition(links, shape.verdict, shape.link, shape.last)).empty();
      (ok ? accepted : refused) = links;
    }
    CHECK(accepted > 10);
    CHECK(evaluate_text(chain_definition(accepted, shape.verdict, shape.link, shape.last)) == "met");
    const std::string refused_error = evaluate_text(chain_definition(refused, shape.verdict, shape.link, shape.last));
    CHECK_MESSAGE(refused_error.find(too_deep) != std::string::npos, refused_error);
  }
}

// --- patient limits (interpreter/limits.hpp; the loader's are in timeline_test.cpp)

TEST_CASE("patient limits: an Arena past its limit throws ArenaFull") {
  interpreter::Arena arena;
  arena.set_limit(interpreter::limits::mebibyte);
  CHECK_THROWS_AS(
      [&] {
        for (int i = 0; i < 100; ++i) (void)arena.allocate(64 * 1024, 8);
      }(),
      interpreter::ArenaFull);
  CHECK(arena.reserved_bytes() <= interpreter::limits::mebibyte);
  arena.reset();
  CHECK_NOTHROW((void)arena.allocate(64 * 1024, 8));
}

namespace {

// The bundled rules, loaded once per test, and one session evaluating patients
// given as JSON text.
struct BundledSession {
  interpreter::Engine::Loaded loaded;
  std::unique_ptr<interpreter::Session> session;

  BundledSession() {
    interpreter::EngineOptions options;
    options.rule_paths = {source_dir / "rules"};
    options.stdlib_dir = source_dir / "stdlib";
    loaded = interpreter::Engine::load(options);
    REQUIRE(loaded.engine != nullptr);
    session = std::make_unique<interpreter::Session>(*loaded.engine);
  }
  interpreter::PatientReport evaluate(const std::string& text) {
    interpreter::RawRecord record;
    record.text.assign(text);
    record.origin = interpreter::RecordOrigin{"t.ndjson", 1, 1, 0};
    return session->evaluate(record, interpreter::VerdictOptions{});
  }
};

// A TACE session and an imaging study every day: the spans of sessions that
// epoihcc-2013 considers grow with the cube of the events.
std::string daily_sessions_patient(int days) {
  std::string events;
  for (int day = 0; day < days; ++day) {
    const std::string date = fmt::format("2023-{:02}-{:02}", 1 + day / 28, 1 + day % 28);
    events += fmt::format(R"({}{{"date": "{}", "type": "tace", "completed": true}}, )"
                          R"({{"date": "{}", "type": "imaging", "modality": "CT", "viable_pct": 50}})",
                          events.empty() ? "" : ", ", date, date);
  }
  return R"({"id": "BIG", "intent": "palliative", "events": [)" + events + "]}";
}

}  // namespace

TEST_CASE("patient limits: a patient whose evaluation outgrows the arena is rejected, and the next one is evaluated") {
  BundledSession bundled;
  // 1,000 such events took 3 GB before the limit; the real limit is 512 MiB, here 8 MiB.
  bundled.session->arena().set_limit(8 * interpreter::limits::mebibyte);
  const interpreter::PatientReport big = bundled.evaluate(daily_sessions_patient(150));
  REQUIRE(big.errors.size() == 1);
  CHECK(big.outcomes.empty());
  CHECK(interpreter::render_data_error(big.errors[0]) ==
        "t.ndjson:1:1: patients[0] \"BIG\": expected a patient whose evaluation needs at most 512 MiB of memory, found "
        "one that needs more (300 events; is a row repeated?)");
  const interpreter::PatientReport small =
      bundled.evaluate(R"({"id": "SMALL", "events": [{"date": "2024-01-01", "type": "lab"}]})");
  CHECK(small.errors.empty());
  CHECK(small.outcomes.size() == bundled.loaded.engine->definitions().size());
}

TEST_CASE("patient limits: evaluation state left by rejected patients does not reach the next one") {
  BundledSession bundled;
  // Each rejection interrupts the evaluation deep inside nested calls; the frames
  // and dependency records in use then must not stay in use for later patients.
  bundled.session->arena().set_limit(interpreter::limits::mebibyte / 4);
  int rejected = 0;
  for (int i = 0; i < 20; ++i) rejected += bundled.evaluate(daily_sessions_patient(60)).errors.size() == 1 ? 1 : 0;
  CHECK(rejected == 20);
  bundled.session->arena().set_limit(interpreter::limits::max_patient_arena_bytes);
  const interpreter::PatientReport small = bundled.evaluate(
      R"({"id": "SMALL", "events": [{"date": "2024-01-01", "type": "tace"}, {"date": "2024-02-01", "type": "imaging", "modality": "CT"}]})");
  CHECK(small.errors.empty());
  CHECK(small.outcomes.size() == bundled.loaded.engine->definitions().size());
  // Before the fix, each rejection left about 2.5 frame slots in use: the stack
  // (16,384 slots) ran out after some 6,500 rejections, and every later patient
  // of the worker was rejected as "nested too deeply".
  CHECK(bundled.session->evaluator().at_rest());
}

// --- fuzz regressions ---------------------------------------------------------------

TEST_CASE("fuzz regression: the reader quotes a bad start whole, whatever the read chunk size") {
  const std::string text = "\"typical\"" + std::string(90, '\xFF') + "\tforma\xF3\r\x01";
  const auto read = [&](std::size_t chunk) {
    interpreter::RecordReader reader =
        interpreter::RecordReader::from_text(text, "t.ndjson", interpreter::RecordReader::Options{chunk});
    std::vector<std::string> out;
    interpreter::RawRecord record;
    while (reader.next(record)) {
      out.push_back(record.error ? interpreter::render_data_error(*record.error) : std::string(record.text.view()));
    }
    return out;
  };
  const std::vector<std::string> whole = read(interpreter::limits::read_chunk_bytes);
  REQUIRE(whole.size() == 1);
  CHECK(whole[0] ==
        "t.ndjson:1:1: expected a JSON object: {\"format\": \"tacit-timeline/1\", \"patients\": [...]} or one patient "
        "object per line (NDJSON), found \"typical\"");
  for (std::size_t chunk = 1; chunk <= 70; ++chunk) {
    CAPTURE(chunk);
    CHECK(read(chunk) == whole);
  }
}

TEST_CASE("fuzz regression: a comment between '.' and a field name is not part of the name") {
  // The parser took "# c\n  d" as the field's name, and the formatter then wrote
  // the comment twice.
  const dsl::SourceFile source("t.tacit", "module t\n  title \"t\"\nlet a = b.# c\n  d\n");
  const dsl::ParseResult parsed = dsl::parse_file(source);
  REQUIRE(parsed.diagnostics.empty());
  const auto* let = std::get_if<dsl::Let>(&parsed.ast.items.at(0).node);
  REQUIRE(let != nullptr);
  const auto* access = std::get_if<dsl::FieldAccess>(&parsed.ast.expr(let->value).node);
  REQUIRE(access != nullptr);
  CHECK(access->field == "d");
  CHECK(access->field_span.begin.line == 4);
  CHECK(access->field_span.begin.column == 3);
  CHECK(dsl::format_file(parsed.ast, source) == "module t\n  title  \"t\"\n\nlet a = b.d # c\n");
}

TEST_CASE("fuzz regressions: each saved input runs through its target's pipeline") {
  // fuzz_rules: parse, render, format and parse again, check.
  for (const fs::path& path : regression_inputs("fuzz_rules")) {
    CAPTURE(path.string());
    const std::string text = read_bytes(path);
    const dsl::SourceFile source("fuzz.tacit", text);
    const dsl::ParseResult parsed = dsl::parse_file(source);
    for (const auto& d : parsed.diagnostics) CHECK_FALSE(dsl::render_diagnostic(d).empty());
    if (dsl::has_errors(parsed.diagnostics)) continue;
    const std::string formatted = dsl::format_file(parsed.ast, source);
    CHECK_FALSE(dsl::has_errors(dsl::parse_file(dsl::SourceFile("formatted.tacit", formatted)).diagnostics));
    (void)load_errors(text);
  }

  interpreter::EngineOptions options;
  options.rule_paths = {source_dir / "rules"};
  options.stdlib_dir = source_dir / "stdlib";
  const interpreter::Engine::Loaded loaded = interpreter::Engine::load(options);
  REQUIRE(loaded.engine != nullptr);
  const interpreter::Engine& engine = *loaded.engine;

  // fuzz_timeline: read, parse every record; messages are valid UTF-8.
  for (const fs::path& path : regression_inputs("fuzz_timeline")) {
    CAPTURE(path.string());
    interpreter::RecordReader reader = interpreter::RecordReader::from_text(read_bytes(path), "fuzz.ndjson");
    interpreter::PatientParser parser(engine.symbols(), engine.vocabulary());
    interpreter::Arena arena;
    interpreter::RawRecord record;
    while (reader.next(record)) {
      arena.reset();
      const auto result = parser.parse(record, arena);
      if (const auto* errors = std::get_if<std::vector<interpreter::DataError>>(&result)) {
        REQUIRE_FALSE(errors->empty());
        for (const auto& error : *errors) CHECK(valid_utf8(interpreter::render_data_error(error)));
      }
    }
  }

  // fuzz_eval: one patient, every bundled definition, ndjson results in valid UTF-8
  // (a message once quoted the input's invalid bytes into the JSON results).
  interpreter::Session session(engine);
  const interpreter::ResultFormatter formatter(engine.definition_infos(),
                                               interpreter::FormatOptions{interpreter::OutputFormat::ndjson, false});
  for (const fs::path& path : regression_inputs("fuzz_eval")) {
    CAPTURE(path.string());
    interpreter::RawRecord record;
    record.text.assign(read_bytes(path));
    record.origin = interpreter::RecordOrigin{"fuzz.ndjson", 1, 1, 0};
    const interpreter::PatientReport report = session.evaluate(record, interpreter::VerdictOptions{});
    const std::string results = formatter.patient(report, true);
    CHECK_FALSE(results.empty());
    CHECK(valid_utf8(results));
  }
}
