// Reads an NDJSON stream as blocks of whole lines, each block padded for
// simdjson so a line can be parsed in place without a copy.
//
// This is the reading half of tacit's streaming design (docs/architecture.md):
// one thread reads raw records, workers parse them. Memory is one block per
// batch in flight, whatever the cohort size: the 1M-patient files are several
// GB and must never be loaded whole (or mmapped, which would count the file's
// pages in the peak RSS the harness reports).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

namespace bench {

struct Line {
  uint64_t number;  // 1-based line number in the input, for error messages
  uint32_t offset;  // into LineBatch::text
  uint32_t length;  // without the newline (and a '\r' before it)
};

struct LineBatch {
  uint64_t seq = 0;        // position of this batch in the stream
  std::vector<char> text;  // the block, followed by at least kPadding bytes
  std::vector<Line> lines; // the non-blank lines of the block

  std::string_view line_text(const Line& line) const { return {text.data() + line.offset, line.length}; }
  // Bytes readable from the start of `line`: what simdjson calls capacity.
  size_t capacity_from(const Line& line) const { return text.size() - line.offset; }
};

class BatchReader {
 public:
  // simdjson::SIMDJSON_PADDING, restated so this header does not pull in
  // simdjson; checked against it in line_batches.cpp.
  static constexpr size_t kPadding = 64;

  explicit BatchReader(std::FILE* in, size_t block_bytes = size_t{1} << 20) : in_(in), block_bytes_(block_bytes) {}

  // Fills `batch` with the next block of whole lines. Returns false at the end
  // of the input (and when the input cannot be read: check read_error()).
  bool next(LineBatch& batch);

  bool read_error() const { return read_error_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  std::FILE* in_;
  size_t block_bytes_;
  std::vector<char> carry_;  // an incomplete last line, moved to the next block
  uint64_t next_line_ = 1;
  uint64_t next_seq_ = 0;
  uint64_t bytes_read_ = 0;
  bool eof_ = false;
  bool read_error_ = false;
};

}  // namespace bench
