// compare_verdicts: agreement between two sets of verdicts for one definition.
//
//   compare_verdicts A B [--definition ID] [--show N]
//
// A and B are NDJSON result files (`tacit eval --format ndjson`, native_cci)
// or expected-verdict tables in the TSV layout of
// /work/shared/domain/scenarios-expected.tsv (rows with empty params only).
// Patients match by id; a pair agrees when verdict and first_met are equal.
// Prints the counts, a verdict cross-table and the first N disagreements;
// exit 0 when every patient of either side agrees, 1 otherwise, 2 on error.
#include <simdjson.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cli_args.hpp"

namespace {

using namespace simdjson;

constexpr const char* kUsage =
    "usage: compare_verdicts A B [--definition ID] [--show N]\n"
    "  A, B: NDJSON results or expected-verdict TSV files.";

struct Verdict {
  std::string verdict;
  std::string first_met;  // empty for null
};

// Patients in file order (so disagreements are listed in input order) with an
// index by id.
struct Verdicts {
  std::vector<std::pair<std::string, Verdict>> in_order;
  std::unordered_map<std::string, size_t> index;

  void add(std::string patient, Verdict v) {
    const auto [it, inserted] = index.emplace(patient, in_order.size());
    if (inserted) {
      in_order.emplace_back(std::move(patient), std::move(v));
    } else {
      in_order[it->second].second = std::move(v);
    }
  }
  const Verdict* find(const std::string& patient) const {
    const auto it = index.find(patient);
    return it == index.end() ? nullptr : &in_order[it->second].second;
  }
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> cells;
  size_t start = 0;
  for (size_t tab = line.find('\t'); tab != std::string_view::npos; tab = line.find('\t', start)) {
    cells.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  cells.push_back(line.substr(start));
  return cells;
}

bool load_tsv(const std::string& path, const std::string& definition, Verdicts& out) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto cells = split_tabs(line);
    if (cells.size() < 4 || cells[1] != definition || !cells[2].empty()) continue;
    out.add(std::string(cells[0]), {std::string(cells[3]), cells.size() > 4 ? std::string(cells[4]) : ""});
  }
  return true;
}

bool load_ndjson(const std::string& path, const std::string& definition, Verdicts& out) {
  padded_string text;
  if (padded_string::load(path).get(text)) return false;
  ondemand::parser parser;
  ondemand::document_stream stream;
  if (parser.iterate_many(text, size_t{1} << 24).get(stream)) return false;
  for (auto doc : stream) {
    ondemand::object result;
    if (doc.get_object().get(result)) return false;
    std::string patient, def, verdict, first_met;
    for (auto field : result) {
      std::string_view key, value;
      ondemand::value v;
      if (field.unescaped_key().get(key) || field.value().get(v)) return false;
      if (key != "patient" && key != "definition" && key != "verdict" && key != "first_met") continue;
      bool is_null = false;
      if (!v.is_null().get(is_null) && is_null) continue;
      if (v.get_string().get(value)) return false;
      (key == "patient" ? patient : key == "definition" ? def : key == "verdict" ? verdict : first_met) = value;
    }
    if (def == definition) out.add(std::move(patient), {verdict, first_met});
  }
  return true;
}

bool load(const std::string& path, const std::string& definition, Verdicts& out) {
  return ends_with(path, ".tsv") ? load_tsv(path, definition, out) : load_ndjson(path, definition, out);
}

}  // namespace

int main(int argc, char** argv) {
  bench::CliArgs args(argc, argv, kUsage);
  const std::string definition = args.get("--definition", "cci-2022-refractory");
  const uint64_t show = args.get_u64("--show", 10);
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--definition" || a == "--show") {
      ++i;
    } else if (!a.starts_with("--")) {
      paths.emplace_back(a);
      args.has(a);  // consume as positional
    }
  }
  args.finish();
  if (paths.size() != 2) args.fail("expected two files");

  Verdicts a, b;
  for (int side = 0; side < 2; ++side) {
    if (!load(paths[static_cast<size_t>(side)], definition, side == 0 ? a : b)) {
      std::fprintf(stderr, "compare_verdicts: cannot read %s\n", paths[static_cast<size_t>(side)].c_str());
      return 2;
    }
  }

  uint64_t agree = 0, disagree = 0, only_a = 0, only_b = 0;
  std::vector<std::string> examples;  // printed after the summary, which comes first
  std::map<std::pair<std::string, std::string>, uint64_t> table;  // (A verdict, B verdict) -> count
  for (const auto& [patient, vb] : b.in_order) {
    const Verdict* va = a.find(patient);
    if (!va) {
      ++only_b;
      continue;
    }
    ++table[{va->verdict, vb.verdict}];
    if (va->verdict == vb.verdict && va->first_met == vb.first_met) {
      ++agree;
    } else {
      ++disagree;
      if (examples.size() < show) {
        examples.push_back("  differs: " + patient + ": " + va->verdict + " " + va->first_met + " | " + vb.verdict +
                           " " + vb.first_met);
      }
    }
  }
  only_a = a.in_order.size() - (agree + disagree);

  std::printf("%s: %llu of %llu patients agree (verdict and first_met); %llu differ; %llu only in A, %llu only in B\n",
              definition.c_str(), static_cast<unsigned long long>(agree),
              static_cast<unsigned long long>(agree + disagree), static_cast<unsigned long long>(disagree),
              static_cast<unsigned long long>(only_a), static_cast<unsigned long long>(only_b));
  for (const auto& [pair, count] : table) {
    std::printf("  A %-13s B %-13s %llu\n", pair.first.c_str(), pair.second.c_str(),
                static_cast<unsigned long long>(count));
  }
  for (const std::string& line : examples) std::printf("%s\n", line.c_str());
  return disagree == 0 && only_a == 0 && only_b == 0 ? 0 : 1;
}
