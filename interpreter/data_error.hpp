// Errors in the input data, and where they are.
//
// A cohort run reports every rejected patient and evaluates the others, so an error
// says precisely where its defect is: file, line and column, the patient's position
// and id, the event and the field. render_data_error() makes one line of it:
//
//   cohort.ndjson:12:341: patients[11] "P0012", events[3].date: expected a date
//   YYYY-MM-DD, found "2024-02-30" (no such day: February 2024 has 29 days)
//
// (one line; wrapped here). Numbering: line and column are 1-based (the column
// counts bytes, as editors' "go to" does); patient and event indexes are 0-based
// JSON array indexes, written as such (patients[11], events[3]) so that
// `jq '.patients[11].events[3]'` finds the same thing. For NDJSON, patients[N] is the
// N-th non-blank line counting from 0. The message follows the one template of
// every tacit diagnostic: "expected X, found Y", lower case, no final period.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace tacit::interpreter {

// Where a record (one patient's JSON text) starts in its file.
struct RecordOrigin {
  std::string_view file;            // the name for messages; the RecordReader owns it
  std::uint64_t line = 1;           // 1-based
  std::uint64_t column = 1;         // 1-based byte column of the record's first byte
  std::uint64_t patient_index = 0;  // 0-based position among the file's records
};

struct DataError {
  std::string file;
  std::uint64_t line = 0;                      // 1-based; 0 when the error is about the whole file
  std::uint64_t column = 0;                    // 1-based byte column; 0 when unknown
  std::optional<std::uint64_t> patient_index;  // absent for errors about the file
  std::string patient_id;                      // empty when unknown or invalid
  std::optional<std::uint64_t> event_index;    // index in the patient's "events" as given
  std::string field;                           // path in the event, or in the patient when there is
                                               // no event: "date", "lesions[1].viable_mm"
  std::string message;                         // "expected X, found Y"
};

// The error as one line, without a line terminator.
[[nodiscard]] std::string render_data_error(const DataError& error);

// The 1-based line and column of byte `offset` of a record's text.
struct TextPosition {
  std::uint64_t line = 1;
  std::uint64_t column = 1;
};
[[nodiscard]] TextPosition position_in_record(std::string_view text, std::size_t offset, const RecordOrigin& origin);

}  // namespace tacit::interpreter

template <>
struct fmt::formatter<tacit::interpreter::DataError> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const tacit::interpreter::DataError& error, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(tacit::interpreter::render_data_error(error), ctx);
  }
};
