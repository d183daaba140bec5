// The first stage of loading a timeline: split the input into one text per patient.
//
// A RecordReader reads a file (or standard input, "-") and hands out its records one
// at a time: the JSON text of one patient and where it starts (RecordOrigin). It
// does not parse patients: that is the workers' job (PatientParser), so a single
// reader thread can feed a pool of them.
//
// It reads both formats of docs/timeline.md and tells them apart by their start:
//   * NDJSON, one patient per line, streams: memory stays at one read chunk plus one
//     record however long the file is. Blank lines are skipped, CRLF line ends and a
//     UTF-8 byte order mark at the start are accepted. A line longer than
//     limits::max_record_bytes is rejected without being held in memory.
//   * A JSON document {"format": "tacit-timeline/1", "patients": [...]} is read whole
//     (up to limits::max_document_bytes), its envelope checked, and each element of
//     "patients" becomes a record.
// Defects the reader itself finds (no such file, empty file, wrong "format", an
// over-long line, a malformed document) come out as records whose `error` is set,
// in input order, so the caller reports them with the patients' own errors.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "interpreter/data_error.hpp"
#include "interpreter/limits.hpp"

namespace tacit::interpreter {

// Text followed by limits::json_padding zero bytes, as simdjson needs to parse it in
// place. Reused from record to record: its buffer only grows (see release_above).
class PaddedText {
 public:
  PaddedText() = default;
  PaddedText(PaddedText&&) noexcept = default;
  PaddedText& operator=(PaddedText&&) noexcept = default;
  PaddedText(const PaddedText&) = delete;
  PaddedText& operator=(const PaddedText&) = delete;
  ~PaddedText() = default;

  void assign(std::string_view text);
  void append(std::string_view text);
  void resize_down(std::size_t size);  // size <= this->size()
  void clear() { resize_down(0); }
  // Frees the buffer when it is larger than `bytes`, so that one huge record does not
  // pin its memory for the rest of the run.
  void release_above(std::size_t bytes);

  [[nodiscard]] std::string_view view() const { return {data(), size_}; }
  [[nodiscard]] const char* data() const;  // followed by json_padding zero bytes
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }

 private:
  void reserve(std::size_t size);

  std::unique_ptr<char[]> buffer_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;  // usable bytes, excluding the padding
};

// One patient's text, or an error in its place.
struct RawRecord {
  PaddedText text;
  RecordOrigin origin;
  std::optional<DataError> error;  // set: the reader rejected this record (or the file)
};

enum class TimelineFormat { unknown, ndjson, json_document };

struct RecordReaderOptions {
  std::size_t chunk_bytes = limits::read_chunk_bytes;  // tests use tiny chunks
};

class RecordReader {
 public:
  using Options = RecordReaderOptions;

  // Reads the file at `path`, or standard input for "-". Nothing is read before the
  // first next(); a file that cannot be opened is reported by it. `display_name` is
  // the file name in messages (default: `path`, or "<stdin>").
  explicit RecordReader(std::string path, std::string display_name = {}, Options options = {});
  // Reads `text` as if it were a file called `display_name`.
  [[nodiscard]] static RecordReader from_text(std::string text, std::string display_name, Options options = {});

  RecordReader(RecordReader&&) noexcept;
  RecordReader& operator=(RecordReader&&) noexcept;
  ~RecordReader();

  // Fills `record` (reusing its buffer) with the next record and returns true, or
  // returns false at the end of the input. Never throws for bad input.
  bool next(RawRecord& record);

  // Known after the first next().
  [[nodiscard]] TimelineFormat format() const;
  [[nodiscard]] const std::string& display_name() const;

 private:
  struct Impl;
  explicit RecordReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tacit::interpreter
