// A patient's timeline, and the parser that makes one from a record's JSON text.
//
// This is the second stage of loading (after RecordReader, before evaluation). A
// worker thread owns one PatientParser and one Arena; for each record it calls
// parse(), which checks the text against the timeline contract (docs/timeline.md)
// and the declared fields (Vocabulary), and gives either the Patient, allocated in
// the Arena, or every error found in it (up to limits::max_errors_per_patient).
// Parsing allocates nothing from the heap once the Arena and simdjson's buffers have
// grown to the size of a typical patient; a rejected patient costs a few allocations
// for its messages.
//
// Events come out in timeline order: by date; on the same day, imaging, lab and
// clinical events (the pre-procedure work-up) before a tace; otherwise in input order.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "interpreter/arena.hpp"
#include "interpreter/data.hpp"
#include "interpreter/data_error.hpp"
#include "interpreter/date.hpp"
#include "interpreter/record_reader.hpp"
#include "interpreter/symbols.hpp"
#include "interpreter/vocabulary.hpp"

namespace tacit::interpreter {

struct Event {
  Date date = 0;
  std::uint32_t input_index = 0;  // position in the patient's "events" array as given
  std::string_view type;          // "imaging", "lab", "tace", ... (unknown types are kept)
  const Datum* object = nullptr;  // the whole event, date and type included
};

struct Patient {
  std::string_view id;
  const Datum* object = nullptr;  // the whole patient, events included
  std::span<const Event> events;  // in timeline order
  RecordOrigin origin;
};

// True for the event types that count as before a tace on the same day.
[[nodiscard]] bool is_workup(std::string_view type);

// Sorts events into timeline order. The rule "work-up before tace, otherwise input
// order" is not a strict weak order by itself (a finding between a tace and a lab
// of the same day cannot keep its place relative to both), so it is made one: on
// each day, the work-up events given after the day's first tace move to just
// before it, and everything else keeps its input order.
void sort_events(std::span<Event> events);

class PatientParser {
 public:
  using Result = std::variant<Patient, std::vector<DataError>>;

  // Both must outlive the parser and stay unchanged while it is used.
  PatientParser(const SymbolTable& symbols, const Vocabulary& vocabulary);
  PatientParser(PatientParser&&) noexcept;
  PatientParser& operator=(PatientParser&&) noexcept;
  ~PatientParser();

  // The patient of a record, or its errors (a record the reader rejected gives its
  // error back). The Patient lives in `arena` until its next reset(); it does not
  // refer to the record's text, which may be reused at once.
  [[nodiscard]] Result parse(const RawRecord& record, Arena& arena);

  // The same for text without simdjson's padding (copied first): for tests and for
  // callers that did not get the text from a RecordReader.
  [[nodiscard]] Result parse(std::string_view text, const RecordOrigin& origin, Arena& arena);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tacit::interpreter
