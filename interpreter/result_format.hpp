// The results contract (../shared/spec/results.md) as text: ndjson, json, csv and
// the table for people. Each patient's results are formatted by the worker that
// evaluated it, into one chunk of text, so the ordered writer only concatenates.
#pragma once

#include <string>
#include <vector>

#include "interpreter/data_error.hpp"
#include "interpreter/verdict.hpp"

namespace tacit::interpreter {

enum class OutputFormat { text, json, ndjson, csv };

struct DefinitionInfo {
  std::string id;
  std::string version;
};

struct PatientReport {
  std::string patient_id;
  std::uint64_t patient_index = 0;
  std::uint64_t line = 0;  // where the patient's record starts
  std::vector<DefinitionOutcome> outcomes;  // in the order of the definitions
  std::vector<DataError> errors;            // non-empty: the patient was rejected
};

struct FormatOptions {
  OutputFormat format = OutputFormat::text;
  bool colour = false;
};

class ResultFormatter {
 public:
  ResultFormatter(std::vector<DefinitionInfo> definitions, FormatOptions options);

  // Text before the first patient (a table header, "[" or a CSV header).
  [[nodiscard]] std::string begin() const;
  // One patient's chunk; `first` says whether a JSON separator is needed.
  [[nodiscard]] std::string patient(const PatientReport& report, bool first) const;
  // Text after the last patient.
  [[nodiscard]] std::string end() const;

  [[nodiscard]] const FormatOptions& options() const { return options_; }

 private:
  std::string json_result(const PatientReport& report, std::size_t d) const;
  std::string json_rejection(const PatientReport& report) const;
  std::string text_row(const PatientReport& report) const;

  std::vector<DefinitionInfo> definitions_;
  FormatOptions options_;
  std::size_t id_width_ = 12;
  std::size_t cell_width_ = 0;
};

[[nodiscard]] std::string_view verdict_name(Truth verdict);

}  // namespace tacit::interpreter
