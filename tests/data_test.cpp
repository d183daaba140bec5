// The data model under the loader: Arena, Date, SymbolTable, Datum, DataError, and
// the JSON syntax explainer (checked against simdjson on mutated records).
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "interpreter/arena.hpp"
#include "interpreter/data.hpp"
#include "interpreter/data_error.hpp"
#include "interpreter/date.hpp"
#include "interpreter/json_syntax.hpp"
#include "interpreter/limits.hpp"
#include "interpreter/symbols.hpp"

using namespace tacit::interpreter;

TEST_CASE("arena: aligned allocations, copies, and a reset that keeps one chunk") {
  Arena arena(256);
  auto* a = arena.allocate_array<double>(3);
  CHECK(reinterpret_cast<std::uintptr_t>(a) % alignof(double) == 0);
  const std::string_view copied = arena.copy(std::string_view("hello"));
  CHECK(copied == "hello");
  for (int i = 0; i < 100; ++i) {
    (void)arena.allocate(100, 8);
  }
  CHECK(arena.used_bytes() >= 10'000);
  const std::size_t used = arena.used_bytes();
  arena.reset();
  CHECK(arena.used_bytes() == 0);
  CHECK(arena.reserved_bytes() >= used);  // one chunk, large enough for the same again
  const std::size_t reserved = arena.reserved_bytes();
  for (int i = 0; i < 100; ++i) {
    (void)arena.allocate(100, 8);
  }
  CHECK(arena.reserved_bytes() == reserved);
}

TEST_CASE("arena: a huge allocation is not kept after reset") {
  Arena arena;
  (void)arena.allocate(limits::max_retained_arena_bytes * 2, 8);
  arena.reset();
  CHECK(arena.reserved_bytes() <= limits::max_retained_arena_bytes);
  CHECK_THROWS_AS((void)arena.allocate_array<Datum>(static_cast<std::size_t>(-1) / 8), std::bad_alloc);
}

TEST_CASE("dates: strict YYYY-MM-DD, days since 1970-01-01") {
  CHECK(parse_date("1970-01-01") == 0);
  CHECK(parse_date("1970-01-02") == 1);
  CHECK(parse_date("1969-12-31") == -1);
  CHECK(parse_date("2024-02-29") == 19782);
  CHECK(parse_date("2000-02-29").has_value());
  for (const std::string_view bad : {"2024-02-30", "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
                                     "2024-01-00", "2024-2-1", "2024-03", "2024", "2024-03-14T10:00", "2024-03-14 ",
                                     " 2024-03-14", "2024/03/14", "20240314", "", "+2024-03-14", "2024-03-1a"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_date(bad).has_value());
  }
  CHECK(format_date(19782) == "2024-02-29");
  CHECK(format_date(-1) == "1969-12-31");
  CHECK(fmt::format("{}", IsoDate{0}) == "1970-01-01");
  CHECK(make_date(2024, 2, 30) == std::nullopt);
  const CivilDate civil = civil_date(19782);
  CHECK((civil.year == 2024 && civil.month == 2 && civil.day == 29));
  const Date first = *parse_date("0000-01-01");
  const Date last = *parse_date("9999-12-31");
  CHECK(format_date(first - 1) == "-0001-12-31");
  for (Date d = first; d <= last; d += 997) {
    REQUIRE(parse_date(format_date(d)) == d);
  }
}

TEST_CASE("dates: why a text is not a date") {
  CHECK(explain_bad_date("2024-02-30") == "no such day: February 2024 has 29 days");
  CHECK(explain_bad_date("2023-02-29") == "no such day: February 2023 has 28 days");
  CHECK(explain_bad_date("2024-04-31") == "no such day: April has 30 days");
  CHECK(explain_bad_date("2024-13-01") == "there is no month 13");
  CHECK(explain_bad_date("2024-03") == "a partial date: the day is required");
  CHECK(explain_bad_date("2024-03-14T08:00:00Z") == "a time is not allowed: the timeline has day resolution");
  CHECK(explain_bad_date("2024-3-4") == "month and day need two digits: 2024-03-04");
  CHECK(explain_bad_date("20240314") == "dashes are required: 2024-03-14");
  CHECK(explain_bad_date("14/03/2024") == "the order must be year-month-day, with dashes");
  CHECK(explain_bad_date("0000-00-00") == "a placeholder, not a date; write null when the date is unknown");
  CHECK(explain_bad_date("soon").empty());
}

TEST_CASE("symbols: stable ids, lookups without a symbol") {
  SymbolTable symbols;
  const SymbolId a = symbols.intern("viable_pct");
  const SymbolId b = symbols.intern("modality");
  CHECK(a != b);
  CHECK(symbols.intern("viable_pct") == a);
  CHECK(symbols.find("modality") == b);
  CHECK(symbols.find("absent") == no_symbol);
  std::vector<std::string_view> views;
  for (int i = 0; i < 1000; ++i) {
    views.push_back(symbols.name(symbols.intern(fmt::format("field_{}", i))));
  }
  for (int i = 0; i < 1000; ++i) {
    CHECK(symbols.find(fmt::format("field_{}", i)) != no_symbol);
    CHECK(views[static_cast<std::size_t>(i)] == fmt::format("field_{}", i));  // names never move
  }
  CHECK(symbols.name(a) == "viable_pct");
}

TEST_CASE("datum: 16 bytes, lookups by symbol and by name, JSON text") {
  static_assert(sizeof(Datum) == 16);
  const Datum items[] = {Datum::make_number(1), Datum::make_string("a\"b"), Datum{}};
  const Member members[] = {
      Member{"n", 1, 3, Datum::make_number(2.5)},
      Member{"list", 4, no_symbol, Datum::make_array(items)},
      Member{"ok", 2, 5, Datum::make_bool(true)},
  };
  const Datum object = Datum::make_object(members);
  CHECK(object.find(SymbolId{3})->as_number() == 2.5);
  CHECK(object.find(SymbolId{5})->as_bool());
  CHECK(object.find(SymbolId{4}) == nullptr);
  CHECK(object.find(no_symbol) == nullptr);
  CHECK(object.find("list")->size() == 3);
  CHECK(object.find("missing") == nullptr);
  CHECK(Datum::make_number(1).find("x") == nullptr);
  CHECK(fmt::format("{}", object) == R"({"n": 2.5, "list": [1, "a\"b", null], "ok": true})");
}

TEST_CASE("datum: how a value is shown in a message") {
  CHECK(describe_value(Datum::make_number(150)) == "150");
  CHECK(describe_value(Datum::make_string("2024-02-30")) == R"("2024-02-30")");
  const std::string long_text(70'000, 'x');
  CHECK(describe_value(Datum::make_string(long_text)) == R"(a string of 70000 bytes starting "xxxxxxxxxxxxxxxxxxxxxxxx...")");
  std::vector<Datum> many(40, Datum::make_number(12345));
  CHECK(describe_value(Datum::make_array(many)) == "an array of 40 elements");
}

TEST_CASE("data errors: one line, JSON-style indexes") {
  DataError error;
  error.file = "cohort.ndjson";
  error.line = 12;
  error.column = 341;
  error.patient_index = 11;
  error.patient_id = "P0012";
  error.event_index = 3;
  error.field = "date";
  error.message = "expected a date YYYY-MM-DD, found \"2024-02-30\"";
  CHECK(render_data_error(error) ==
        R"(cohort.ndjson:12:341: patients[11] "P0012", events[3].date: expected a date YYYY-MM-DD, found "2024-02-30")");
  error.field = "[2]";
  CHECK(fmt::format("{}", error).find("events[3][2]: ") != std::string::npos);
  error.event_index.reset();
  error.field.clear();
  error.patient_id.clear();
  CHECK(render_data_error(error).starts_with("cohort.ndjson:12:341: patients[11]: expected"));
  DataError file_error{"x.json", 0, 0, std::nullopt, "", std::nullopt, "", "cannot open the file: No such file"};
  CHECK(render_data_error(file_error) == "x.json: cannot open the file: No such file");
  CHECK(position_in_record("ab\ncd", 4, RecordOrigin{"f", 10, 5, 0}).line == 11);
  CHECK(position_in_record("ab\ncd", 4, RecordOrigin{"f", 10, 5, 0}).column == 2);
  CHECK(position_in_record("ab\ncd", 1, RecordOrigin{"f", 10, 5, 0}).column == 6);
}

TEST_CASE("json syntax: where and what the first defect is") {
  const auto defect = [](std::string_view text) {
    const std::optional<JsonDefect> found = find_json_defect(text);
    REQUIRE(found.has_value());
    return fmt::format("{}@{}: {}", render_path(found->path), found->offset, found->message);
  };
  CHECK(defect(R"({"a": 1 "b": 2})") == R"(@8: expected ',' or '}' after the value of "a", found "b")");
  CHECK(defect(R"({"a": [1, 2,]})") == R"(a@12: expected another element after ',', found ']' (JSON has no trailing commas))");
  CHECK(defect(R"({"e": [{"d": 01}]})") == "e[0].d@13: expected a number without leading zeros, found 01");
  CHECK(defect(R"({"e": "abc)") == R"(e@6: expected '"' to close the string that starts here, found the end of the line)");
  CHECK(defect(R"({"e": NaN})") ==
        "e@6: expected a value, found NaN (JSON has no NaN, Infinity or undefined; write null for an unknown value)");
  CHECK(defect(R"({"e": 1e999})") == "e@6: expected a number within the range of a double (about 1.8e308), found 1e999");
  CHECK(defect("{\"e\": \"\xC3\"}") ==
        "e@7: expected UTF-8 text, found byte 0xC3 (a file in Latin-1 or Windows-1252 can be converted with iconv "
        "-f windows-1252 -t utf-8)");
  CHECK(defect(R"({"x y": [{"k": tru}]})") == R"(["x y"][0].k@15: expected true, found tru)");
  CHECK(defect("") == "@0: expected a JSON value, found nothing");
  CHECK_FALSE(find_json_defect(R"( {"a": [1, -2.5e-3, true, false, null, "\u00e9\ud83d\ude00"]} )").has_value());
}

TEST_CASE("json syntax: locating a value by its path") {
  const std::string_view text = R"({"id": "P1", "events": [{"date": "x"}, {"a\"b": 1, "date": "2024"}]})";
  const PathStep path[] = {PathStep::member("events"), PathStep::element(1), PathStep::member("date")};
  CHECK(find_json_value(text, path) == text.find(R"("2024")"));
  const PathStep escaped[] = {PathStep::member("events"), PathStep::element(1), PathStep::member("a\"b")};
  CHECK(find_json_value(text, escaped) == text.find("1, "));
  const PathStep absent[] = {PathStep::member("events"), PathStep::element(2)};
  CHECK_FALSE(find_json_value(text, absent).has_value());
  CHECK(read_json_string(text, text.find(R"("P1")")) == "P1");
  CHECK(read_json_string(R"("\u00e9\n")", 0) == "\u00e9\n");
}

// simdjson decides what is valid; the explainer must agree, or a rejected record
// would get the vague fallback message instead of a located one.
TEST_CASE("json syntax: agrees with simdjson on thousands of mutated records") {
  const std::string seed =
      R"({"id": "P0001", "events": [{"date": "2024-03-14", "type": "imaging", "viable_pct": 40.5, )"
      R"("lesions": [{"id": "L1", "target": true, "viable_mm": 12}], "note": "\u00e9\t\"q\"", "n": null}, )"
      R"({"date": "2024-03-20", "type": "tace", "completed": false, "x": -1e-3}]})";
  const std::string alphabet = "{}[]:,\"\\ 0123456789-+.eEtrufalsn\x01\xC3\xA9\xFF\n";
  std::mt19937 random(12345);
  simdjson::dom::parser parser;
  REQUIRE(parser.allocate(1 << 16, limits::max_nesting_depth + 2) == simdjson::SUCCESS);
  int disagreements = 0;
  int rejected = 0;
  for (int round = 0; round < 20'000; ++round) {
    std::string text = seed;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % text.size();
      switch (random() % 3) {
        case 0:
          text.erase(at, 1 + random() % 3);
          break;
        case 1:
          text.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
        default:
          text[at] = alphabet[random() % alphabet.size()];
      }
    }
    const simdjson::padded_string padded(text);
    const bool valid = parser.parse(padded).error() == simdjson::SUCCESS;
    const bool explained = find_json_defect(text).has_value();
    rejected += valid ? 0 : 1;
    if (valid == explained) {
      ++disagreements;
      CAPTURE(text);
      CAPTURE(valid);
      CHECK(disagreements < 0);
      if (disagreements > 5) {
        break;
      }
    }
  }
  CHECK(rejected > 10'000);
  CHECK(disagreements == 0);
}
