// parse_floor: the cost of reading a cohort and nothing else.
//
// Reads NDJSON timelines with simdjson and touches every value of every
// patient (numbers summed, strings and keys hashed, booleans and nulls
// counted) without evaluating anything. No interpreter can beat this on the
// same machine, so tacit's goal is stated as a multiple of it
// (docs/performance.md). `--api ondemand` (default) walks with On-Demand;
// `--api dom` builds simdjson's DOM first, as tacit's timeline loader does, so
// the floor can be taken with either front end. `--jobs N` splits the work the
// way `tacit eval --jobs N` does (bench/pipeline.hpp).
#include <simdjson.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "cli_args.hpp"
#include "line_batches.hpp"
#include "pipeline.hpp"

namespace {

using namespace simdjson;

constexpr const char* kUsage =
    "usage: parse_floor --input FILE|- [--jobs N] [--api ondemand|dom]\n"
    "  Parses every patient line and touches every field; prints throughput.";

// Nesting limit: a timeline is patient > events > lesions > fields; a line
// deeper than this is not a timeline and is counted as an error.
constexpr int kMaxDepth = 32;

struct Totals {
  uint64_t patients = 0;
  uint64_t events = 0;
  uint64_t numbers = 0;
  uint64_t strings = 0;
  uint64_t literals = 0;  // true, false, null
  uint64_t trues = 0;
  uint64_t errors = 0;
  double number_sum = 0;
  uint64_t string_hash = 0;

  void add(const Totals& o) {
    patients += o.patients;
    events += o.events;
    numbers += o.numbers;
    strings += o.strings;
    literals += o.literals;
    trues += o.trues;
    errors += o.errors;
    number_sum += o.number_sum;
    string_hash ^= o.string_hash;  // xor: independent of how lines were split among workers
  }
};

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

class FloorWorker {
 public:
  void process(const bench::LineBatch& batch, std::string& /*out*/) {
    for (const bench::Line& line : batch.lines) {
      ondemand::document doc;
      if (parser_.iterate(batch.text.data() + line.offset, line.length, batch.capacity_from(line)).get(doc) ||
          !walk_patient(doc)) {
        ++totals.errors;
        continue;
      }
      ++totals.patients;
    }
  }

  Totals totals;

 private:
  bool walk_patient(ondemand::document& doc) {
    ondemand::object patient;
    if (doc.get_object().get(patient)) return false;
    for (auto field : patient) {
      std::string_view key;
      ondemand::value value;
      if (field.unescaped_key().get(key) || field.value().get(value)) return false;
      hash(key);
      if (key == "events") {
        ondemand::array events;
        if (value.get_array().get(events)) return false;
        for (auto event : events) {
          ondemand::value v;
          if (event.get(v) || !walk(v, 1)) return false;
          ++totals.events;
        }
      } else if (!walk(value, 1)) {
        return false;
      }
    }
    return true;
  }

  bool walk(ondemand::value value, int depth) {
    if (depth > kMaxDepth) return false;
    ondemand::json_type type;
    if (value.type().get(type)) return false;
    switch (type) {
      case ondemand::json_type::object: {
        ondemand::object object;
        if (value.get_object().get(object)) return false;
        for (auto field : object) {
          std::string_view key;
          ondemand::value v;
          if (field.unescaped_key().get(key) || field.value().get(v)) return false;
          hash(key);
          if (!walk(v, depth + 1)) return false;
        }
        return true;
      }
      case ondemand::json_type::array: {
        ondemand::array array;
        if (value.get_array().get(array)) return false;
        for (auto element : array) {
          ondemand::value v;
          if (element.get(v) || !walk(v, depth + 1)) return false;
        }
        return true;
      }
      case ondemand::json_type::number: {
        double d;
        if (value.get_double().get(d)) return false;
        totals.number_sum += d;
        ++totals.numbers;
        return true;
      }
      case ondemand::json_type::string: {
        std::string_view s;
        if (value.get_string().get(s)) return false;
        hash(s);
        ++totals.strings;
        return true;
      }
      case ondemand::json_type::boolean: {
        bool b;
        if (value.get_bool().get(b)) return false;
        totals.trues += b ? 1 : 0;
        ++totals.literals;
        return true;
      }
      case ondemand::json_type::null: {
        bool is_null;
        if (value.is_null().get(is_null) || !is_null) return false;
        ++totals.literals;
        return true;
      }
    }
    return false;
  }

  void hash(std::string_view s) { totals.string_hash ^= fnv1a(s); }

  ondemand::parser parser_;
};

// The same walk over simdjson's DOM: the whole document is parsed into a tape
// first, then read.
class DomWorker {
 public:
  void process(const bench::LineBatch& batch, std::string& /*out*/) {
    for (const bench::Line& line : batch.lines) {
      dom::element root;
      if (parser_.parse(batch.text.data() + line.offset, line.length, false).get(root) || !walk_patient(root)) {
        ++totals.errors;
        continue;
      }
      ++totals.patients;
    }
  }

  Totals totals;

 private:
  bool walk_patient(dom::element root) {
    dom::object patient;
    if (root.get_object().get(patient)) return false;
    for (const dom::key_value_pair field : patient) {
      hash(field.key);
      if (field.key == "events") {
        dom::array events;
        if (field.value.get_array().get(events)) return false;
        for (const dom::element event : events) {
          walk(event);
          ++totals.events;
        }
      } else {
        walk(field.value);
      }
    }
    return true;
  }

  void walk(dom::element e) {
    switch (e.type()) {
      case dom::element_type::OBJECT:
        for (const dom::key_value_pair field : dom::object(e)) {
          hash(field.key);
          walk(field.value);
        }
        break;
      case dom::element_type::ARRAY:
        for (const dom::element v : dom::array(e)) walk(v);
        break;
      case dom::element_type::STRING:
        hash(std::string_view(e));
        ++totals.strings;
        break;
      case dom::element_type::INT64:
        totals.number_sum += static_cast<double>(int64_t(e));
        ++totals.numbers;
        break;
      case dom::element_type::UINT64:
        totals.number_sum += static_cast<double>(uint64_t(e));
        ++totals.numbers;
        break;
      case dom::element_type::DOUBLE:
        totals.number_sum += double(e);
        ++totals.numbers;
        break;
      case dom::element_type::BOOL:
        totals.trues += bool(e) ? 1 : 0;
        ++totals.literals;
        break;
      case dom::element_type::NULL_VALUE:
        ++totals.literals;
        break;
    }
  }

  void hash(std::string_view s) { totals.string_hash ^= fnv1a(s); }

  dom::parser parser_;
};

}  // namespace

int main(int argc, char** argv) {
  bench::CliArgs args(argc, argv, kUsage);
  const std::string input = args.get("--input", "");
  const uint64_t jobs = args.get_u64("--jobs", 1);
  const std::string api = args.get("--api", "ondemand");
  args.finish();
  if (api != "ondemand" && api != "dom") args.fail("--api must be ondemand or dom");
  if (input.empty()) args.fail("--input is required");
  if (jobs == 0 || jobs > 256) args.fail("--jobs must be 1..256");

  std::FILE* in = input == "-" ? stdin : std::fopen(input.c_str(), "rb");
  if (!in) {
    std::fprintf(stderr, "error: cannot open %s\n", input.c_str());
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  bench::BatchReader reader(in);
  Totals totals;
  if (api == "dom") {
    std::vector<DomWorker> workers(jobs);
    bench::run_batches(reader, workers, nullptr);
    for (const DomWorker& w : workers) totals.add(w.totals);
  } else {
    std::vector<FloorWorker> workers(jobs);
    bench::run_batches(reader, workers, nullptr);
    for (const FloorWorker& w : workers) totals.add(w.totals);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (reader.read_error()) {
    std::fprintf(stderr, "error: reading %s failed\n", input.c_str());
    return 2;
  }

  const double mb = static_cast<double>(reader.bytes_read()) / 1e6;
  std::printf(
      "parse_floor (%s): %llu patients, %llu events, %.1f MB in %.3f s (jobs %llu): %.0f patients/s, %.1f MB/s\n"
      "  touched %llu numbers (sum %.6g), %llu strings, %llu literals; hash %016llx; %llu bad lines\n",
      api.c_str(), static_cast<unsigned long long>(totals.patients), static_cast<unsigned long long>(totals.events), mb,
      seconds, static_cast<unsigned long long>(jobs), static_cast<double>(totals.patients) / seconds, mb / seconds,
      static_cast<unsigned long long>(totals.numbers), totals.number_sum,
      static_cast<unsigned long long>(totals.strings), static_cast<unsigned long long>(totals.literals),
      static_cast<unsigned long long>(totals.string_hash), static_cast<unsigned long long>(totals.errors));
  if (in != stdin) std::fclose(in);
  return totals.errors > 0 ? 1 : 0;
}
