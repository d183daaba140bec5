// The timeline loader: RecordReader (formats, lines, limits), PatientParser
// (contract, vocabulary, errors) and event order. The defective inputs of
// tests/golden/timeline/ run at the end.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "interpreter/limits.hpp"
#include "interpreter/record_reader.hpp"
#include "interpreter/timeline.hpp"
#include "tests/golden.hpp"

using namespace tacit::interpreter;

// Every heap allocation of this test program is counted, so that a test can check
// that the loader allocates nothing per patient once it has warmed up. Not under
// AddressSanitizer, which has its own operator new and checks that memory goes back
// the way it came (a library's new[] would meet this file's delete[]).
#if defined(__SANITIZE_ADDRESS__)
#define TACIT_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TACIT_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef TACIT_COUNT_ALLOCATIONS
#define TACIT_COUNT_ALLOCATIONS 1
#endif

namespace {
std::atomic<std::size_t> heap_allocations{0};
}  // namespace

#if TACIT_COUNT_ALLOCATIONS
void* operator new(std::size_t size) {
  heap_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* memory = std::malloc(size == 0 ? 1 : size)) {
    return memory;
  }
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
#endif

template <>
struct doctest::StringMaker<std::vector<std::string>> {
  static doctest::String convert(const std::vector<std::string>& lines) {
    return fmt::format("{{\n  {}\n}}", fmt::join(lines, "\n  ")).c_str();
  }
};

namespace {

// The vocabulary of the tests (the real one comes from stdlib/vocabulary.tacit).
Vocabulary test_vocabulary(SymbolTable& symbols) {
  Vocabulary vocabulary;
  vocabulary.declare(FieldSpec{"viable_pct", FieldKind::number, {}, 0.0, 100.0}, symbols);
  vocabulary.declare(FieldSpec{"multiphasic", FieldKind::boolean, {}, {}, {}}, symbols);
  vocabulary.declare(FieldSpec{"modality", FieldKind::choice, {"CT", "MRI", "CEUS", "US"}, {}, {}}, symbols);
  vocabulary.declare(FieldSpec{"completed", FieldKind::boolean, {}, {}, {}}, symbols);
  vocabulary.declare(FieldSpec{"lesions", FieldKind::array, {}, {}, {}}, symbols);
  vocabulary.declare(FieldSpec{"scan_date", FieldKind::date, {}, {}, {}}, symbols);
  return vocabulary;
}

// Every record of a reader: its text, or its rendered error.
std::vector<std::string> read_all(RecordReader reader) {
  std::vector<std::string> out;
  RawRecord record;
  while (reader.next(record)) {
    if (record.error) {
      out.push_back("error: " + render_data_error(*record.error));
    } else {
      out.push_back(fmt::format("{}:{}:{} #{} {}", record.origin.file, record.origin.line, record.origin.column,
                                record.origin.patient_index, record.text.view()));
    }
  }
  return out;
}

std::vector<std::string> read_text(std::string text, std::size_t chunk_bytes = limits::read_chunk_bytes) {
  return read_all(RecordReader::from_text(std::move(text), "t.ndjson", RecordReader::Options{chunk_bytes}));
}

// The loader's account of a timeline: each rejected patient's errors, and a line
// for each accepted patient with its events in timeline order.
std::string load_report(const std::filesystem::path& input) {
  SymbolTable symbols;
  const Vocabulary vocabulary = test_vocabulary(symbols);
  RecordReader reader(input.string(), input.filename().string());
  PatientParser parser(symbols, vocabulary);
  Arena arena;
  RawRecord record;
  std::string out;
  while (reader.next(record)) {
    arena.reset();
    const PatientParser::Result result = parser.parse(record, arena);
    if (const auto* errors = std::get_if<std::vector<DataError>>(&result)) {
      for (const DataError& error : *errors) {
        out += render_data_error(error) + "\n";
      }
      continue;
    }
    const Patient& patient = std::get<Patient>(result);
    out += fmt::format("accepted patients[{}] {}: {} event{}", patient.origin.patient_index, quote_json(patient.id),
                       patient.events.size(), patient.events.size() == 1 ? "" : "s");
    const char* separator = ": ";
    for (std::size_t i = 0; i < patient.events.size() && i < 8; ++i) {
      const Event& event = patient.events[i];
      out += fmt::format("{}{} {}#{}", separator, IsoDate{event.date}, event.type, event.input_index);
      separator = ", ";
    }
    out += patient.events.size() > 8 ? ", ...\n" : "\n";
  }
  return out;
}

struct Loaded {
  SymbolTable symbols;
  Vocabulary vocabulary;
  Arena arena;
  PatientParser parser;
  Loaded() : vocabulary(test_vocabulary(symbols)), parser(symbols, vocabulary) {}

  PatientParser::Result parse(std::string_view text) {
    arena.reset();
    return parser.parse(text, RecordOrigin{"t.ndjson", 7, 1, 6}, arena);
  }
  // The rendered errors of a record that must be rejected.
  std::vector<std::string> errors(std::string_view text) {
    const PatientParser::Result result = parse(text);
    std::vector<std::string> out;
    if (const auto* list = std::get_if<std::vector<DataError>>(&result)) {
      for (const DataError& error : *list) {
        out.push_back(render_data_error(error));
      }
    }
    return out;
  }
};

std::string event_with(std::string_view member) {
  return fmt::format(R"({{"id": "P1", "events": [{{"date": "2024-01-01", "type": "lab", {}}}]}})", member);
}

}  // namespace

TEST_CASE("NDJSON records keep their line numbers; blank lines are skipped") {
  const auto records = read_text("\n{\"id\": \"a\"}\n  \n{\"id\": \"b\"}\r\n\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0] == R"(t.ndjson:2:1 #0 {"id": "a"})");
  CHECK(records[1] == R"(t.ndjson:4:1 #1 {"id": "b"})");
}

TEST_CASE("a record split across read chunks is the same record") {
  const std::string text = "\xEF\xBB\xBF{\"id\": \"first\"}\r\n\n{\"id\": \"second\", \"events\": []}\n{\"id\": \"last\"}";
  const auto whole = read_text(text);
  REQUIRE(whole.size() == 3);
  CHECK(whole[0] == R"(t.ndjson:1:1 #0 {"id": "first"})");
  CHECK(whole[2] == R"(t.ndjson:4:1 #2 {"id": "last"})");
  for (std::size_t chunk = 1; chunk <= 20; ++chunk) {
    CAPTURE(chunk);
    CHECK(read_text(text, chunk) == whole);
  }
}

TEST_CASE("a line over the record limit is rejected without holding it, and reading goes on") {
  std::string text = "{\"id\": \"a\"}\n{\"id\": \"";
  text.append(limits::max_record_bytes, 'x');
  text += "\"}\n{\"id\": \"b\"}\n";
  const auto records = read_text(text);
  REQUIRE(records.size() == 3);
  CHECK(records[1] == fmt::format("error: t.ndjson:2:1: patients[1]: expected a line of at most 8 MiB (one patient), "
                                  "found {} bytes",
                                  limits::max_record_bytes + 10));
  CHECK(records[2] == R"(t.ndjson:3:1 #2 {"id": "b"})");
}

TEST_CASE("a record at exactly the limit is read") {
  std::string text = "{\"id\": \"";
  text.append(limits::max_record_bytes - 10, 'x');
  text += "\"}";
  REQUIRE(text.size() == limits::max_record_bytes);
  const auto records = read_text(text + "\n");
  REQUIRE(records.size() == 1);
  CHECK(records[0].starts_with("t.ndjson:1:1 #0 {\"id\""));
}

TEST_CASE("a JSON document over its limit is refused with the way out") {
  std::string text = R"({"format": "tacit-timeline/1", "patients": [)";
  text.append(limits::max_document_bytes, ' ');
  text += "]}";
  CHECK(read_all(RecordReader::from_text(std::move(text), "big.json")) ==
        std::vector<std::string>{"error: big.json: expected a JSON document of at most 64 MiB, found a larger one: "
                                 "convert it to NDJSON, which streams (jq -c '.patients[]' big.json > cohort.ndjson)"});
}

TEST_CASE("endless white space before the first record is counted, not kept") {
  const std::size_t blank_lines = 3 * limits::read_chunk_bytes;
  auto records = read_text(std::string(blank_lines, '\n') + "{\"id\": \"a\"}\n", 4096);
  CHECK(records == std::vector<std::string>{fmt::format(R"(t.ndjson:{}:1 #0 {{"id": "a"}})", blank_lines + 1)});
  const std::size_t spaces = 3 * limits::read_chunk_bytes;
  RecordReader reader =
      RecordReader::from_text(std::string(spaces, ' ') + "{\"id\": \"a\"}\n", "t.ndjson", RecordReader::Options{4096});
  RawRecord record;
  REQUIRE(reader.next(record));
  CHECK(record.text.size() < limits::read_chunk_bytes + 20);  // the spaces were not all kept
  CHECK(record.origin.column + record.text.view().find('{') == spaces + 1);  // but counted
  CHECK(read_text(std::string(spaces, ' ') + "\n \n" + "{\"id\": \"a\"}\n", 4096) ==
        std::vector<std::string>{R"(t.ndjson:3:1 #0 {"id": "a"})"});
}

TEST_CASE("a file that cannot be read is one error") {
  CHECK(read_all(RecordReader("/nonexistent/cohort.ndjson", "cohort.ndjson")) ==
        std::vector<std::string>{"error: cohort.ndjson: cannot open the file: No such file or directory"});
  CHECK(read_all(RecordReader(TACIT_SOURCE_DIR "/tests", "tests")) ==
        std::vector<std::string>{"error: tests: expected a timeline file, found a directory"});
}

TEST_CASE("a JSON document's patients become records with their own positions") {
  const auto records = read_all(RecordReader::from_text(
      "{\"format\": \"tacit-timeline/1\",\n \"patients\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\"}]}", "c.json"));
  REQUIRE(records.size() == 2);
  CHECK(records[0] == R"(c.json:3:3 #0 {"id": "a"})");
  CHECK(records[1] == R"(c.json:4:3 #1 {"id": "b"})");
}

TEST_CASE("the format is told by the start of the input") {
  const auto format_of = [](std::string text) {
    RecordReader reader = RecordReader::from_text(std::move(text), "t", RecordReader::Options{3});
    RawRecord record;
    while (reader.next(record)) {
    }
    return reader.format();
  };
  CHECK(format_of("{\"id\": \"a\"}\n{\"id\": \"b\"}\n") == TimelineFormat::ndjson);
  CHECK(format_of("{\"id\": \"a\", \"events\": [") == TimelineFormat::ndjson);  // one broken line
  CHECK(format_of("{\"id\": \"a\", \"events\": [\n{\"id\": \"b\"}\n") == TimelineFormat::ndjson);
  CHECK(format_of("{\"format\": \"tacit-timeline/1\", \"patients\": []}") == TimelineFormat::json_document);
  CHECK(format_of("{\"exported\": 1, \"patients\": [\n]}") == TimelineFormat::json_document);
  CHECK(format_of("{\n  \"id\": \"a\"\n}\n") == TimelineFormat::json_document);
  CHECK(format_of("\xEF\xBB\xBF  \n{\"format\": \"x\"}") == TimelineFormat::json_document);
  CHECK(format_of("") == TimelineFormat::unknown);
}

TEST_CASE("a valid patient: id, the whole object, events in timeline order") {
  Loaded loaded;
  const PatientParser::Result result = loaded.parse(
      R"({"id": "P1", "intent": "curative", "events": [)"
      R"({"date": "2024-03-14", "type": "tace", "completed": true},)"
      R"({"date": "2024-03-14", "type": "finding", "finding": "x"},)"
      R"({"date": "2024-03-14", "type": "lab", "value": 3},)"
      R"({"date": "2024-01-02", "type": "imaging", "viable_pct": 40, "lesions": [{"viable_mm": 12}]}]})");
  REQUIRE(std::holds_alternative<Patient>(result));
  const Patient& patient = std::get<Patient>(result);
  CHECK(patient.id == "P1");
  CHECK(patient.origin.line == 7);
  REQUIRE(patient.object->find("intent") != nullptr);
  CHECK(patient.object->find("intent")->as_string() == "curative");
  REQUIRE(patient.events.size() == 4);
  CHECK(fmt::format("{}", IsoDate{patient.events[0].date}) == "2024-01-02");
  CHECK(patient.events[0].type == "imaging");
  CHECK(patient.events[1].type == "lab");
  CHECK(patient.events[2].type == "tace");
  CHECK(patient.events[3].type == "finding");
  CHECK(patient.events[3].input_index == 1);
  // Declared field names have symbols; others are found by name.
  const SymbolId viable = loaded.symbols.find("viable_pct");
  REQUIRE(patient.events[0].object->find(viable) != nullptr);
  CHECK(patient.events[0].object->find(viable)->as_number() == 40);
  const Datum* lesions = patient.events[0].object->find("lesions");
  REQUIRE(lesions != nullptr);
  CHECK(lesions->as_array()[0].find("viable_mm")->as_number() == 12);
}

TEST_CASE("same-day order: work-up before tace, everything else in input order") {
  const auto order = [](std::vector<std::pair<Date, std::string_view>> given) {
    std::vector<Event> events;
    for (std::size_t i = 0; i < given.size(); ++i) {
      events.push_back(Event{given[i].first, static_cast<std::uint32_t>(i), given[i].second, nullptr});
    }
    sort_events(events);
    std::string out;
    for (const Event& e : events) {
      out += fmt::format("{}{}{} ", e.date, e.type, e.input_index);
    }
    return out;
  };
  CHECK(order({{1, "tace"}, {1, "finding"}, {1, "lab"}}) == "1lab2 1tace0 1finding1 ");
  CHECK(order({{1, "finding"}, {1, "lab"}}) == "1finding0 1lab1 ");
  CHECK(order({{1, "lab"}, {1, "tace"}, {1, "imaging"}, {1, "tace"}, {1, "clinical"}}) ==
        "1lab0 1imaging2 1clinical4 1tace1 1tace3 ");
  CHECK(order({{2, "tace"}, {1, "tace"}, {2, "imaging"}, {1, "treatment"}}) == "1tace1 1treatment3 2imaging2 2tace0 ");
  CHECK(order({{5, "TACE"}, {5, "lab"}}) == "5TACE0 5lab1 ");  // types are case-sensitive
}

TEST_CASE("errors name the file, line, column, patient, event and field") {
  Loaded loaded;
  CHECK(loaded.errors(event_with(R"("viable_pct": 101)")) ==
        std::vector<std::string>{
            R"(t.ndjson:7:77: patients[6] "P1", events[0].viable_pct: expected a number from 0 to 100, found 101)"});
  CHECK(loaded.errors(R"({"id": "P1", "events": [{"date": "2024-02-30", "type": "lab"}]})") ==
        std::vector<std::string>{R"(t.ndjson:7:34: patients[6] "P1", events[0].date: expected a date YYYY-MM-DD, )"
                                 R"(found "2024-02-30" (no such day: February 2024 has 29 days))"});
}

TEST_CASE("declared kinds, with hints for the usual mix-ups") {
  Loaded loaded;
  const auto message = [&](std::string_view member) {
    const std::vector<std::string> errors = loaded.errors(event_with(member));
    REQUIRE(errors.size() == 1);
    return errors[0].substr(errors[0].find(": expected") + 2);
  };
  CHECK(message(R"("viable_pct": "50")") == R"(expected a number from 0 to 100, found "50" (a number is written without quotes))");
  CHECK(message(R"("multiphasic": "true")") == R"(expected true or false, found "true" (true and false are written without quotes))");
  CHECK(message(R"("multiphasic": 1)") == "expected true or false, found 1 (write true or false)");
  CHECK(message(R"("modality": "mri")") == R"(expected one of "CT", "MRI", "CEUS", "US", found "mri" (choices are case-sensitive: "MRI"))");
  CHECK(message(R"("lesions": {})") == "expected an array, found {}");
  CHECK(message(R"("scan_date": "2024-2-1")") == R"(expected a date YYYY-MM-DD, found "2024-2-1" (month and day need two digits: 2024-02-01))");
  for (const std::string_view fine : {R"("viable_pct": null)", R"("viable_pct": 0)", R"("viable_pct": 100)",
                                       R"("modality": "CEUS")", R"("undeclared": {"any": ["thing"]})"}) {
    CAPTURE(fine);
    CHECK(std::holds_alternative<Patient>(loaded.parse(event_with(fine))));
  }
}

TEST_CASE("each limit has its error") {
  Loaded loaded;
  SUBCASE("events per patient") {
    std::string text = R"({"id": "P1", "events": [)";
    for (std::size_t i = 0; i <= limits::max_events_per_patient; ++i) {
      text += R"({"date": "2024-01-01", "type": "lab"},)";
    }
    text.back() = ']';
    text += '}';
    CHECK(loaded.errors(text) == std::vector<std::string>{R"(t.ndjson:7:24: patients[6] "P1", events: expected at most )"
                                                          R"(50000 events, found 50001)"});
  }
  SUBCASE("record bytes (an element of a JSON document has no line limit of its own)") {
    const std::string text = event_with(fmt::format(R"("x": [{}0])", std::string(limits::max_record_bytes, ' ')));
    CHECK(loaded.errors(text) == std::vector<std::string>{fmt::format(
                                     R"(t.ndjson:7:1: patients[6]: expected a patient of at most 8 MiB, found {} bytes)",
                                     text.size())});
  }
  SUBCASE("string bytes") {
    const std::string text = event_with(fmt::format(R"("note": "{}")", std::string(limits::max_string_bytes + 1, 'a')));
    CHECK(loaded.errors(text) == std::vector<std::string>{R"(t.ndjson:7:71: patients[6] "P1", events[0].note: expected )"
                                                          R"(a string of at most 64 KiB, found one of 65537 bytes)"});
    CHECK(std::holds_alternative<Patient>(
        loaded.parse(event_with(fmt::format(R"("note": "{}")", std::string(limits::max_string_bytes, 'a'))))));
  }
  SUBCASE("nesting depth") {
    const auto nested = [](std::size_t depth) {
      return event_with(fmt::format(R"("x": {}{})", std::string(depth - 3, '['), std::string(depth - 3, ']')));
    };
    CHECK(std::holds_alternative<Patient>(loaded.parse(nested(limits::max_nesting_depth))));
    const std::vector<std::string> errors = loaded.errors(nested(limits::max_nesting_depth + 1));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].ends_with("expected at most 32 levels of nested arrays and objects, found more"));
    CHECK(errors[0].find("events[0].x[0][0]") != std::string::npos);
  }
  SUBCASE("errors per patient") {
    std::string text = R"({"id": "P1", "events": [)";
    for (int i = 0; i < 25; ++i) {
      text += R"({"date": "2024-02-31", "type": "lab"},)";
    }
    text.back() = ']';
    text += '}';
    const std::vector<std::string> errors = loaded.errors(text);
    REQUIRE(errors.size() == limits::max_errors_per_patient + 1);
    CHECK(errors.back() == R"(t.ndjson:7:1: patients[6] "P1": 15 more errors in this patient were not reported (at most 10 are))");
  }
}

TEST_CASE("the arena is reused: steady-state parsing asks nothing more of the heap") {
  Loaded loaded;
  const std::string text = event_with(R"("viable_pct": 40, "lesions": [{"id": "L1", "viable_mm": 12}])");
  for (int i = 0; i < 3; ++i) {
    REQUIRE(std::holds_alternative<Patient>(loaded.parse(text)));
  }
  const std::size_t reserved = loaded.arena.reserved_bytes();
  for (int i = 0; i < 100; ++i) {
    REQUIRE(std::holds_alternative<Patient>(loaded.parse(text)));
  }
  CHECK(loaded.arena.reserved_bytes() == reserved);
}

// Hospital exports can be broken in any way: whatever the bytes, reading must end,
// and every record must give either a patient or at least one error.
TEST_CASE("hostile input: mutated timelines never crash and every record is accounted for") {
  const std::string ndjson =
      "\xEF\xBB\xBF{\"id\": \"P1\", \"events\": [{\"date\": \"2024-03-14\", \"type\": \"imaging\", \"viable_pct\": 40, "
      "\"lesions\": [{\"id\": \"L1\", \"viable_mm\": 12}]}, {\"date\": \"2024-03-14\", \"type\": \"tace\"}]}\r\n"
      "\n{\"id\": \"P2\", \"events\": [{\"date\": \"2024-01-02\", \"type\": \"lab\", \"note\": \"\\u00e9\\n\"}]}\n";
  const std::string document = "{\"format\": \"tacit-timeline/1\", \"patients\": [\n" +
                               std::string(R"({"id": "P1", "events": [{"date": "2024-03-14", "type": "lab"}]},)") +
                               "\n" + R"({"id": "P2", "events": []}]})";
  const std::string alphabet = "{}[]:,\"\\\n\r 0123456789-.etrufalsn\x01\xC3\xFF";
  Loaded loaded;
  std::mt19937 random(2024);
  std::size_t records = 0;
  std::size_t accepted = 0;
  for (int round = 0; round < 10'000; ++round) {
    std::string text = round % 2 == 0 ? ndjson : document;
    for (int edit = 0; edit <= static_cast<int>(random() % 4); ++edit) {
      const std::size_t at = random() % (text.size() + 1);
      switch (random() % 4) {
        case 0:
          text.erase(at, random() % 8);
          break;
        case 1:
          text.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
        case 2:
          text.insert(at, text.substr(random() % (text.size() + 1), random() % 40));
          break;
        default:
          text.resize(at);  // truncated
      }
    }
    RecordReader reader = RecordReader::from_text(text, "fuzz", RecordReader::Options{1 + random() % 64});
    RawRecord record;
    while (reader.next(record)) {
      ++records;
      loaded.arena.reset();
      const PatientParser::Result result = loaded.parser.parse(record, loaded.arena);
      if (const auto* errors = std::get_if<std::vector<DataError>>(&result)) {
        REQUIRE_FALSE(errors->empty());
        REQUIRE_FALSE(errors->front().message.empty());
      } else {
        ++accepted;
      }
    }
  }
  CHECK(records > 10'000);
  CHECK(accepted > 1'000);
}

TEST_CASE("steady state: reading and parsing a patient allocates nothing from the heap") {
  std::string cohort;
  for (int i = 0; i < 300; ++i) {
    cohort += fmt::format(R"({{"id": "P{:04}", "events": [{{"date": "2024-03-{:02}", "type": "imaging", )"
                          R"("viable_pct": 40, "lesions": [{{"id": "L1", "viable_mm": 12}}]}}, )"
                          R"({{"date": "2024-03-01", "type": "tace", "completed": true}}]}})"
                          "\n",
                          i, 1 + i % 28);
  }
  Loaded loaded;
  RecordReader reader = RecordReader::from_text(std::move(cohort), "t.ndjson", RecordReader::Options{4096});
  RawRecord record;
  std::size_t accepted = 0;
  std::size_t allocations_before = 0;
  while (reader.next(record)) {
    if (record.origin.patient_index == 50) {
      allocations_before = heap_allocations.load();
    }
    loaded.arena.reset();
    const PatientParser::Result result = loaded.parser.parse(record, loaded.arena);
    accepted += std::holds_alternative<Patient>(result) ? 1 : 0;
  }
  CHECK(accepted == 300);
  if (TACIT_COUNT_ALLOCATIONS == 0) {
    MESSAGE("heap allocations are not counted under AddressSanitizer");
    return;
  }
  CHECK(allocations_before > 0);  // the counter counts: warming up allocates
  CHECK(heap_allocations.load() - allocations_before == 0);
}

TEST_CASE("golden: defective timelines and what the loader says about them") {
  tacit::testing::run_golden_dir("timeline", "ndjson", load_report);
  tacit::testing::run_golden_dir("timeline", "json", load_report);
}
