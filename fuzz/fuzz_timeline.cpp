// Fuzz target: arbitrary bytes as a timeline file (NDJSON or a JSON document).
//
// The bytes are read by interpreter::RecordReader::from_text, and every record goes
// through interpreter::PatientParser with the vocabulary of the bundled rules
// (rules/ and stdlib/, loaded once), as `tacit eval` does. Besides crashes, hangs
// and sanitizer reports, these are findings (the target aborts):
//   * the reader gives different records (text, position, error) when it reads the
//     input in small chunks than in its usual 1 MiB chunks;
//   * a rejected record without an error message, or a message that is not valid
//     UTF-8 (messages quote the input, and the results carry them in JSON);
//   * an accepted patient whose events are not in date order, or whose id is empty.
// Seeds: tests/golden/timeline, examples/*.ndjson lines, rules/examples (scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "interpreter/arena.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/record_reader.hpp"
#include "interpreter/timeline.hpp"

namespace {

using namespace tacit::interpreter;

const Engine& bundled_engine() {
  static const std::unique_ptr<Engine> engine = [] {
    EngineOptions options;
    options.rule_paths = {TACIT_SOURCE_DIR "/rules"};
    options.stdlib_dir = TACIT_SOURCE_DIR "/stdlib";
    Engine::Loaded loaded = Engine::load(options);
    if (!loaded.engine) {
      std::fprintf(stderr, "fuzz_timeline: the bundled rules do not load\n");
      std::abort();
    }
    return std::move(loaded.engine);
  }();
  return *engine;
}

// One record as text, for comparing two readings of the same input.
std::string describe(const RawRecord& record) {
  std::string out = std::to_string(record.origin.line) + ":" + std::to_string(record.origin.column) + " #" +
                    std::to_string(record.origin.patient_index) + " ";
  if (record.error) {
    out += "error " + render_data_error(*record.error);
  } else {
    out += record.text.view();
  }
  return out;
}

std::vector<std::string> read_all(const std::string& text, RecordReader::Options options) {
  RecordReader reader = RecordReader::from_text(text, "fuzz.ndjson", options);
  std::vector<std::string> records;
  RawRecord record;
  while (reader.next(record)) records.push_back(describe(record));
  return records;
}

bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    std::uint32_t code = c;
    if (c >= 0x80) {
      if ((c & 0xE0) == 0xC0) {
        length = 2;
      } else if ((c & 0xF0) == 0xE0) {
        length = 3;
      } else if ((c & 0xF8) == 0xF0) {
        length = 4;
      } else {
        return false;
      }
      if (i + length > text.size()) return false;
      code = c & (0x7Fu >> length);
      for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) return false;
        code = (code << 6) | (next & 0x3Fu);
      }
      static constexpr std::uint32_t min_code[] = {0, 0, 0x80, 0x800, 0x10000};
      if (code < min_code[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    }
    i += length;
  }
  return true;
}

[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_timeline: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Engine& engine = bundled_engine();
  static PatientParser parser(engine.symbols(), engine.vocabulary());
  static Arena arena;
  const std::string text(reinterpret_cast<const char*>(data), size);

  RecordReader reader = RecordReader::from_text(text, "fuzz.ndjson");
  RawRecord record;
  std::vector<std::string> records;
  while (reader.next(record)) {
    records.push_back(describe(record));
    arena.reset();
    const PatientParser::Result result = parser.parse(record, arena);
    if (const auto* errors = std::get_if<std::vector<DataError>>(&result)) {
      if (errors->empty() || errors->front().message.empty())
        finding("a rejected record without a message", records.back());
      for (const DataError& error : *errors) {
        const std::string line = render_data_error(error);
        if (!valid_utf8(line)) finding("an error message that is not valid UTF-8", line);
      }
      continue;
    }
    const Patient& patient = std::get<Patient>(result);
    if (patient.id.empty()) finding("an accepted patient without an id", records.back());
    for (std::size_t i = 1; i < patient.events.size(); ++i) {
      if (patient.events[i].date < patient.events[i - 1].date) finding("events out of date order", records.back());
    }
  }

  // The same input read in small chunks must give the same records: chunks of 1 to
  // 64 bytes for inputs under 1 KiB, of 64 bytes to 4 KiB for larger ones. (While
  // the format is unknown the reader classifies its whole head again after each
  // chunk, which is nothing with its 1 MiB chunks but quadratic with 1-byte ones:
  // 16 KiB read byte by byte took over 10 s under the sanitizers.)
  const std::size_t seed = size * 7 + (size > 0 ? data[0] : 0);
  const std::size_t chunk = size < 1024 ? 1 + seed % 64 : 64 + seed % 4033;
  const std::vector<std::string> small = read_all(text, RecordReader::Options{chunk});
  if (small != records) {
    std::string detail = "chunk " + std::to_string(chunk) + "\n--- usual chunks ---\n";
    for (const auto& r : records) detail += r + "\n";
    detail += "--- small chunks ---\n";
    for (const auto& r : small) detail += r + "\n";
    finding("small read chunks give different records", detail);
  }
  return 0;
}
