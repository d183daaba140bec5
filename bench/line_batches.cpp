#include "line_batches.hpp"

#include <simdjson.h>

#include <cstring>

namespace bench {

static_assert(BatchReader::kPadding >= simdjson::SIMDJSON_PADDING);

bool BatchReader::next(LineBatch& batch) {
  batch.lines.clear();
  std::vector<char>& text = batch.text;
  text.assign(carry_.begin(), carry_.end());
  carry_.clear();

  // Read until the block holds at least one newline (a line longer than a
  // block just makes a bigger block) or the input ends.
  size_t scan_from = 0;
  size_t last_newline = SIZE_MAX;
  while (!eof_) {
    const size_t old_size = text.size();
    text.resize(old_size + block_bytes_);
    const size_t got = std::fread(text.data() + old_size, 1, block_bytes_, in_);
    text.resize(old_size + got);
    bytes_read_ += got;
    if (got < block_bytes_) {
      eof_ = true;
      read_error_ = std::ferror(in_) != 0;
    }
    for (size_t i = text.size(); i > scan_from; --i) {
      if (text[i - 1] == '\n') {
        last_newline = i - 1;
        break;
      }
    }
    if (last_newline != SIZE_MAX) break;
    scan_from = text.size();
  }

  size_t end = text.size();
  if (!eof_ && last_newline != SIZE_MAX) {
    end = last_newline + 1;
    carry_.assign(text.begin() + static_cast<std::ptrdiff_t>(end), text.end());
  }
  text.resize(end);
  if (end == 0) return false;

  size_t pos = 0;
  while (pos < end) {
    const void* found = std::memchr(text.data() + pos, '\n', end - pos);
    const size_t stop = found ? static_cast<size_t>(static_cast<const char*>(found) - text.data()) : end;
    size_t length = stop - pos;
    if (length > 0 && text[pos + length - 1] == '\r') --length;
    bool blank = true;
    for (size_t i = pos; i < pos + length && blank; ++i) {
      blank = text[i] == ' ' || text[i] == '\t';
    }
    if (!blank) batch.lines.push_back({next_line_, static_cast<uint32_t>(pos), static_cast<uint32_t>(length)});
    ++next_line_;
    pos = stop + 1;
  }
  text.resize(end + kPadding, '\0');
  batch.seq = next_seq_++;
  return true;
}

}  // namespace bench
