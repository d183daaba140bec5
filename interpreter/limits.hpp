// Every limit of the timeline loader, each with the reason for its value.
//
// Timelines come from hospital exports, which can be wrong in every way: a line
// without its newline, a base64 scan pasted into a field, a JSON array nested ten
// thousand deep. These limits guarantee that no input can exhaust memory, the stack
// or time, and each has a clear error message when it is exceeded (docs/timeline.md
// lists them; tests/timeline_test.cpp checks the message past each one).
#pragma once

#include <cstddef>

namespace tacit::interpreter::limits {

inline constexpr std::size_t kibibyte = 1024;
inline constexpr std::size_t mebibyte = 1024 * kibibyte;

// Bytes of one record: one NDJSON line, or one element of a JSON document's
// "patients" array. A worker holds one record at a time with simdjson's index of it
// (about 14 bytes per input byte) and its Datum tree (at most about 8 per byte), so
// this bounds a worker's memory whatever the input: about 200 MiB at worst. A real
// patient is a few kilobytes; 10,000 richly described events are about 3 MiB.
inline constexpr std::size_t max_record_bytes = 8 * mebibyte;

// Bytes of a JSON document ({"format": ..., "patients": [...]}), which is read
// whole: with simdjson's index it costs about 6 times its size in memory. 64 MiB
// is about 15,000 typical patients; larger cohorts belong in NDJSON, which streams
// with constant memory (`jq -c '.patients[]' cohort.json > cohort.ndjson`).
inline constexpr std::size_t max_document_bytes = 64 * mebibyte;

// Events of one patient. Ten years of monthly labs, imaging and sessions are well
// under 2,000; the evaluator has operations quadratic in the events of a type
// (spans, pairwise comparisons), so an export that repeats a patient's rows
// thousands of times must be stopped here rather than stall a worker.
inline constexpr std::size_t max_events_per_patient = 50'000;

// Bytes of one string (a value or a member name), after unescaping. Rules read codes,
// names and dates; free text is not part of the contract. A longer string is almost
// always a document or image pasted into a field, which would only waste memory.
inline constexpr std::size_t max_string_bytes = 64 * kibibyte;

// Nesting of arrays and objects: the patient object is at depth 1, an event at 3, a
// lesion of an imaging event at 5. Deeper input is not a timeline, and the bound
// keeps recursion (in the loader and the error explainer) far from the stack limit.
inline constexpr std::size_t max_nesting_depth = 32;

// Errors reported for one patient. Enough to show every field of a badly exported
// event; a patient whose every event is wrong gets a count of the rest instead of
// burying the other patients' messages.
inline constexpr std::size_t max_errors_per_patient = 10;

// Bytes read from the input at a time. Large enough that system calls cost nothing
// next to parsing; the NDJSON reader holds one chunk and one record.
inline constexpr std::size_t read_chunk_bytes = 1 * mebibyte;

// Bytes a worker's Arena keeps across patients (see Arena::reset). Typical patients
// fit in far less; after an unusually large patient the memory goes back to the
// system instead of staying with the worker for the rest of the cohort.
inline constexpr std::size_t max_retained_arena_bytes = 4 * mebibyte;

// Bytes a worker's Arena may hold while it reads and evaluates one patient: the
// patient's tree and the evaluator's lists. Real patients need a few MiB; but a
// definition's work can grow with the cube of the events of a type (every span
// of sessions, every session in it, on every event day): 1,000 events (a TACE
// session, a CT and labs every day for 200 days) made epoihcc-2013 take 3 GB and
// 30 s, 5,000 events more than 12 GB. Such a patient is rejected with an error instead
// of exhausting the machine's memory; with one worker per core, the workers
// together stay within a few GiB.
inline constexpr std::size_t max_patient_arena_bytes = 512 * mebibyte;

// Record bytes up to which a PatientParser keeps simdjson's buffers between
// patients, for the same reason: a single huge record does not pin ~14 times its
// size to a worker for the rest of the run.
inline constexpr std::size_t max_retained_parser_bytes = 1 * mebibyte;

// Zeroed bytes after the end of a record's text: simdjson reads up to 64 bytes past
// the end of its input (SIMDJSON_PADDING, checked where simdjson is used).
inline constexpr std::size_t json_padding = 64;

}  // namespace tacit::interpreter::limits
