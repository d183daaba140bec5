#include "interpreter/record_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "interpreter/data.hpp"
#include "interpreter/json_syntax.hpp"

namespace tacit::interpreter {

static_assert(limits::json_padding >= simdjson::SIMDJSON_PADDING, "simdjson reads this far past the end of a text");

namespace {

constexpr char zero_padding[limits::json_padding] = {};
constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
constexpr std::string_view supported_format = "tacit-timeline/1";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// Which format a timeline that starts with `head` (after any byte order mark) has;
// nothing while more input is needed to tell. `complete`: head is the whole input.
// See docs/timeline.md, "Which format": a JSON document is an object whose first
// line names "format" or "patients", or whose first line leaves the object open and
// is not followed by a line starting a new object; everything else is NDJSON.
std::optional<TimelineFormat> classify(std::string_view head, bool complete) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  std::size_t string_begin = 0;
  char last = 0;         // the last significant character outside strings
  char before_name = 0;  // `last` when the current string began
  std::size_t p = head.find_first_not_of(" \t\r\n");
  for (; p < head.size() && head[p] != '\n'; ++p) {
    const char c = head[p];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        const std::string_view name = head.substr(string_begin, p - string_begin);
        if (depth == 1 && (before_name == '{' || before_name == ',') && (name == "format" || name == "patients")) {
          return TimelineFormat::json_document;
        }
        last = '"';
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      string_begin = p + 1;
      before_name = last;
      continue;
    }
    depth += (c == '{' || c == '[') ? 1 : (c == '}' || c == ']') ? -1 : 0;
    if (!is_space(c)) {
      last = c;
    }
  }
  const bool may_grow = !complete && head.size() < limits::read_chunk_bytes;
  if (p >= head.size()) {  // the first line has not ended
    return may_grow ? std::nullopt : std::optional(TimelineFormat::ndjson);
  }
  if (depth <= 0) {
    return TimelineFormat::ndjson;
  }
  const std::size_t next = head.find_first_not_of(" \t\r\n", p);
  if (next == std::string_view::npos) {
    if (may_grow) {
      return std::nullopt;
    }
    return complete ? TimelineFormat::ndjson : TimelineFormat::json_document;
  }
  return head[next] == '{' ? TimelineFormat::ndjson : TimelineFormat::json_document;
}

}  // namespace

// ---------------------------------------------------------------------------
// PaddedText

const char* PaddedText::data() const { return buffer_ ? buffer_.get() : zero_padding; }

void PaddedText::reserve(std::size_t size) {
  if (size <= capacity_) {
    return;
  }
  const std::size_t capacity = std::max({size, capacity_ * 2, std::size_t{256}});
  auto buffer = std::make_unique_for_overwrite<char[]>(capacity + limits::json_padding);
  if (size_ > 0) {
    std::memcpy(buffer.get(), buffer_.get(), size_);
  }
  buffer_ = std::move(buffer);
  capacity_ = capacity;
}

void PaddedText::assign(std::string_view text) {
  size_ = 0;
  append(text);
}

void PaddedText::append(std::string_view text) {
  reserve(size_ + text.size());
  if (buffer_) {
    if (!text.empty()) {
      std::memcpy(buffer_.get() + size_, text.data(), text.size());
    }
    size_ += text.size();
    std::memset(buffer_.get() + size_, 0, limits::json_padding);
  }
}

void PaddedText::resize_down(std::size_t size) {
  size_ = std::min(size, size_);
  if (buffer_) {
    std::memset(buffer_.get() + size_, 0, limits::json_padding);
  }
}

void PaddedText::release_above(std::size_t bytes) {
  if (capacity_ > bytes) {
    buffer_.reset();
    size_ = 0;
    capacity_ = 0;
  }
}

// ---------------------------------------------------------------------------
// RecordReader

struct RecordReader::Impl {
  enum class State { start, ndjson, document, finished };
  struct Element {
    std::size_t offset;
    std::size_t size;
  };

  std::string path;
  std::string name;  // RecordOrigin::file views it
  Options options;
  bool from_memory = false;
  std::string memory;
  std::size_t memory_pos = 0;
  std::FILE* file = nullptr;
  bool close_file = false;

  std::vector<char> chunk;
  std::size_t chunk_pos = 0;
  std::size_t chunk_end = 0;
  bool eof = false;
  std::string read_error;

  State state = State::start;
  TimelineFormat format = TimelineFormat::unknown;
  std::deque<DataError> pending;  // handed out in order once the records are done

  // Where the next NDJSON line starts; for a document, its first byte read.
  std::uint64_t line = 1;
  std::uint64_t column = 1;  // more than 1 only after a very long run of leading spaces
  std::uint64_t patient_index = 0;

  // JSON document
  PaddedText document;
  std::vector<Element> elements;
  std::size_t next_element = 0;

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl() = default;
  ~Impl() {
    if (close_file) {
      std::fclose(file);
    }
  }

  DataError file_error(std::string message, std::uint64_t at_line = 0, std::uint64_t at_column = 0) const {
    DataError error;
    error.file = name;
    error.line = at_line;
    error.column = at_column;
    error.message = std::move(message);
    return error;
  }

  // An error at byte `offset` of the document: the path decides whether it is about
  // a patient (patients[N]...) or the envelope.
  DataError document_error(std::size_t offset, std::span<const PathStep> steps, std::string message) const {
    const TextPosition at = position_in_record(document.view(), offset, RecordOrigin{name, line, column, 0});
    DataError error = file_error(std::move(message), at.line, at.column);
    if (steps.size() >= 2 && steps[0].is_member() && steps[0].name == "patients" && !steps[1].is_member()) {
      error.patient_index = static_cast<std::uint64_t>(steps[1].index);
      error.field = render_path(steps.subspan(2));
      const PathStep id_path[] = {steps[0], steps[1], PathStep::member("id")};
      if (const std::optional<std::size_t> id = find_json_value(document.view(), id_path)) {
        error.patient_id = read_json_string(document.view(), *id).value_or("");
      }
    } else if (!steps.empty()) {
      error.message = fmt::format("{}: {}", render_path(steps), error.message);
    }
    return error;
  }

  std::size_t read_some(char* out, std::size_t bytes) {
    if (from_memory) {
      const std::size_t n = std::min(bytes, memory.size() - memory_pos);
      std::memcpy(out, memory.data() + memory_pos, n);
      memory_pos += n;
      return n;
    }
    const std::size_t n = std::fread(out, 1, bytes, file);
    if (n < bytes && std::ferror(file) != 0) {
      read_error = std::strerror(errno);
    }
    return n;
  }

  // Appends up to one chunk to chunk[chunk_end...]; false at the end of the input.
  bool read_more() {
    if (eof) {
      return false;
    }
    if (chunk.size() < chunk_end + options.chunk_bytes) {
      chunk.resize(chunk_end + options.chunk_bytes);
    }
    const std::size_t n = read_some(chunk.data() + chunk_end, options.chunk_bytes);
    chunk_end += n;
    if (n == 0) {
      eof = true;
      if (!read_error.empty()) {
        pending.push_back(file_error(fmt::format("cannot read the file: {}", read_error)));
      }
    }
    return n > 0;
  }

  // Replaces the consumed chunk by the next one; false at the end of the input.
  bool refill() {
    chunk_pos = 0;
    chunk_end = 0;
    return read_more();
  }

  bool open() {
    if (from_memory) {
      return true;
    }
    if (path == "-") {
      file = stdin;
      return true;
    }
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
      pending.push_back(file_error("expected a timeline file, found a directory"));
      return false;
    }
    file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
      pending.push_back(file_error(fmt::format("cannot open the file: {}", std::strerror(errno))));
      return false;
    }
    close_file = true;
    return true;
  }

  void start() {
    state = State::finished;
    if (!open()) {
      return;
    }
    // Read until the format is known (usually the first line is enough).
    std::optional<TimelineFormat> detected;
    std::size_t skip = 0;  // a byte order mark at the start of the chunk
    bool checked_bom = false;
    bool saw_bytes = false;
    for (;;) {
      const bool complete = !read_more();
      saw_bytes = saw_bytes || chunk_end > 0;
      if (!checked_bom) {
        if (!complete && chunk_end < byte_order_mark.size()) {
          continue;
        }
        checked_bom = true;
        skip = std::string_view(chunk.data(), chunk_end).starts_with(byte_order_mark) ? byte_order_mark.size() : 0;
      }
      const std::string_view head(chunk.data() + skip, chunk_end - skip);
      const std::size_t first = head.find_first_not_of(" \t\r\n");
      if (first == std::string_view::npos) {
        if (complete) {
          pending.push_back(file_error(fmt::format("expected a timeline (a JSON document or NDJSON), found {}",
                                                   saw_bytes ? "only white space" : "an empty file")));
          return;
        }
        forget_blank_lines(skip);
        continue;
      }
      if (head[first] != '{') {
        // The message quotes what stands there: read enough of it first, so that
        // the message does not depend on the size of the read chunks.
        if (!complete && head.size() - first < 64) {
          continue;
        }
        const TextPosition at = position_in_record(head, first, RecordOrigin{name, line, column, 0});
        pending.push_back(file_error(
            fmt::format("expected a JSON object: {{\"format\": \"{}\", \"patients\": [...]}} or one patient object "
                        "per line (NDJSON), found {}{}",
                        supported_format, head[first] == '[' ? "an array" : describe_text_at(head, first),
                        head[first] == '[' ? " (put the patients in a document's \"patients\" member)" : ""),
            at.line, at.column));
        return;
      }
      detected = classify(head, complete);
      if (detected) {
        break;
      }
    }
    chunk_pos = skip;
    format = *detected;
    if (format == TimelineFormat::ndjson) {
      state = State::ndjson;
    } else {
      read_document();
    }
  }

  // Drops the white space read so far, keeping count of its lines and columns: a
  // file of endless blank lines or spaces must not grow memory while the format is
  // sought.
  void forget_blank_lines(std::size_t& skip) {
    const std::string_view blank(chunk.data() + skip, chunk_end - skip);
    if (blank.size() < limits::read_chunk_bytes) {
      return;
    }
    const std::size_t last_newline = blank.rfind('\n');
    if (last_newline == std::string_view::npos) {
      column += blank.size();
      chunk_end = 0;
    } else {
      line += static_cast<std::uint64_t>(std::count(blank.begin(), blank.end(), '\n'));
      column = 1 + (blank.size() - last_newline - 1);
      chunk_end = 0;
    }
    skip = 0;
  }

  // ---- NDJSON

  bool next_line(RawRecord& record) {
    record.text.clear();
    bool too_long = false;
    std::uint64_t line_bytes = 0;
    for (;;) {
      if (chunk_pos == chunk_end && !refill()) {
        if (line_bytes == 0) {
          state = State::finished;
          return false;
        }
        // The last line has no line terminator: it is a record all the same.
      } else {
        const char* begin = chunk.data() + chunk_pos;
        const std::size_t available = chunk_end - chunk_pos;
        const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', available));
        const std::size_t piece = newline != nullptr ? static_cast<std::size_t>(newline - begin) : available;
        line_bytes += piece;
        if (!too_long && record.text.size() + piece > limits::max_record_bytes) {
          too_long = true;
          record.text.clear();
        }
        if (!too_long) {
          record.text.append({begin, piece});
        }
        chunk_pos += piece;
        if (newline == nullptr) {
          continue;
        }
        ++chunk_pos;
      }
      const std::uint64_t this_line = line++;
      const std::uint64_t this_column = std::exchange(column, 1);
      if (!too_long) {
        if (!record.text.empty() && record.text.view().back() == '\r') {
          record.text.resize_down(record.text.size() - 1);
        }
        if (is_blank(record.text.view())) {
          record.text.clear();
          line_bytes = 0;
          continue;
        }
      }
      record.origin = RecordOrigin{name, this_line, this_column, patient_index++};
      record.error.reset();
      if (too_long) {
        record.text.release_above(limits::max_retained_parser_bytes);
        record.text.clear();
        record.error = file_error(fmt::format("expected a line of at most {} MiB (one patient), found {} bytes",
                                              limits::max_record_bytes / limits::mebibyte, line_bytes),
                                  this_line, 1);
        record.error->patient_index = record.origin.patient_index;
      }
      return true;
    }
  }

  // ---- JSON document

  void read_document() {
    state = State::finished;
    document.assign({chunk.data() + chunk_pos, chunk_end - chunk_pos});
    while (document.size() <= limits::max_document_bytes && refill()) {
      document.append({chunk.data(), chunk_end});
    }
    chunk = {};
    if (!read_error.empty()) {
      return;  // reported by read_more
    }
    if (document.size() > limits::max_document_bytes) {
      pending.push_back(file_error(fmt::format(
          "expected a JSON document of at most {} MiB, found a larger one: convert it to NDJSON, which streams "
          "(jq -c '.patients[]' {} > cohort.ndjson)",
          limits::max_document_bytes / limits::mebibyte, name)));
      return;
    }
    read_envelope();
  }

  // Checks {"format": "tacit-timeline/1", "patients": [...]} and finds the patients.
  void read_envelope() {
    namespace od = simdjson::ondemand;
    const std::string_view text = document.view();
    const auto offset_of = [&](const char* at) { return static_cast<std::size_t>(at - text.data()); };
    const auto explain = [&](simdjson::error_code code) {
      // simdjson only says what went wrong; the scanner says where.
      if (std::optional<JsonDefect> defect = find_json_defect(text, "the end of the file")) {
        defect->message += "; the rest of the document was not read";
        return document_error(defect->offset, defect->path, std::move(defect->message));
      }
      return file_error(fmt::format("expected a valid JSON document, found an error: {}", simdjson::error_message(code)));
    };

    od::parser parser;
    od::document doc;
    od::object root;
    if (auto code = parser.iterate(simdjson::padded_string_view(text.data(), text.size(), text.size() +
                                                                limits::json_padding))
                        .get(doc);
        code != simdjson::SUCCESS) {
      pending.push_back(explain(code));
      return;
    }
    if (auto code = doc.get_object().get(root); code != simdjson::SUCCESS) {
      pending.push_back(explain(code));
      return;
    }
    bool has_format = false;
    bool has_patients = false;
    bool looks_like_patient = false;
    std::optional<DataError> envelope_error;
    for (auto member : root) {
      std::string_view key;
      od::value value;
      if (auto code = member.unescaped_key().get(key); code != simdjson::SUCCESS) {
        envelope_error = explain(code);
        break;
      }
      if (auto code = member.value().get(value); code != simdjson::SUCCESS) {
        envelope_error = explain(code);
        break;
      }
      if (key == "format") {
        has_format = true;
        const std::string_view token = value.raw_json_token();
        std::string_view format_text;
        if (value.get_string().get(format_text) != simdjson::SUCCESS || format_text != supported_format) {
          const std::size_t offset = offset_of(token.data());
          const std::string found = describe_text_at(text, offset);
          pending.push_back(document_error(
              offset, {},
              fmt::format("expected \"format\": \"{}\", found {}{}", supported_format, found,
                          found.starts_with("\"tacit-timeline/") ? " (this tacit reads version 1)" : "")));
          return;
        }
      } else if (key == "patients") {
        has_patients = true;
        od::array patients;
        const std::string_view token = value.raw_json_token();
        od::json_type type{};
        if (value.type().get(type) != simdjson::SUCCESS || type != od::json_type::array ||
            value.get_array().get(patients) != simdjson::SUCCESS) {
          const std::size_t offset = offset_of(token.data());
          pending.push_back(document_error(offset, {},
                                           fmt::format("expected \"patients\" to be an array, found {}",
                                                       type == od::json_type::object ? std::string("an object")
                                                                                     : describe_text_at(text, offset))));
          return;
        }
        if (!collect_patients(patients, envelope_error, explain)) {
          break;
        }
      } else if (key == "id" || key == "events") {
        looks_like_patient = true;
      }
    }
    if (!envelope_error) {
      if (auto location = doc.current_location(); location.error() != simdjson::OUT_OF_BOUNDS) {
        envelope_error = explain(simdjson::TRAILING_CONTENT);
      }
    }
    if (!has_format && !envelope_error) {
      elements.clear();
      pending.push_back(file_error(
          fmt::format("expected a JSON document with \"format\": \"{}\", found none{}", supported_format,
                      looks_like_patient ? " (this looks like one patient written over several lines: NDJSON needs "
                                           "each patient on a single line)"
                                         : ""),
          line, 1));
      return;
    }
    if (!has_patients && !envelope_error) {
      pending.push_back(file_error("expected a JSON document with a \"patients\" array, found none", line, 1));
    }
    if (envelope_error) {
      pending.push_back(std::move(*envelope_error));
    }
    state = State::document;
  }

  template <typename Explain>
  bool collect_patients(simdjson::ondemand::array& patients, std::optional<DataError>& envelope_error,
                        const Explain& explain) {
    namespace od = simdjson::ondemand;
    const char* base = document.data();
    for (auto element : patients) {
      od::value value;
      od::json_type type{};
      simdjson::error_code code = element.get(value);
      if (code == simdjson::SUCCESS) {
        code = value.type().get(type);
      }
      std::string_view raw;
      if (code == simdjson::SUCCESS) {
        if (type == od::json_type::object) {
          od::object object;
          code = value.get_object().get(object);
          if (code == simdjson::SUCCESS) {
            code = object.raw_json().get(raw);
          }
        } else if (type == od::json_type::array) {
          od::array array;
          code = value.get_array().get(array);
          if (code == simdjson::SUCCESS) {
            code = array.raw_json().get(raw);
          }
        } else {
          raw = value.raw_json_token();
        }
      }
      if (code != simdjson::SUCCESS) {
        envelope_error = explain(code);
        return false;
      }
      while (!raw.empty() && is_space(raw.back())) {
        raw.remove_suffix(1);
      }
      elements.push_back(Element{static_cast<std::size_t>(raw.data() - base), raw.size()});
    }
    return true;
  }

  bool next_element_record(RawRecord& record) {
    if (next_element == elements.size()) {
      document.release_above(0);
      elements = {};
      state = State::finished;
      return false;
    }
    const Element& element = elements[next_element];
    const std::string_view text = document.view();
    const TextPosition at = position_in_record(text, element.offset, RecordOrigin{name, line, column, 0});
    record.text.assign(text.substr(element.offset, element.size));
    record.origin = RecordOrigin{name, at.line, at.column, next_element};
    record.error.reset();
    ++next_element;
    return true;
  }
};

RecordReader::RecordReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RecordReader::RecordReader(std::string path, std::string display_name, Options options)
    : impl_(std::make_unique<Impl>()) {
  impl_->name = !display_name.empty() ? std::move(display_name) : path == "-" ? "<stdin>" : path;
  impl_->path = std::move(path);
  impl_->options = options;
  impl_->options.chunk_bytes = std::max<std::size_t>(impl_->options.chunk_bytes, 1);
}

RecordReader RecordReader::from_text(std::string text, std::string display_name, Options options) {
  auto impl = std::make_unique<Impl>();
  impl->name = std::move(display_name);
  impl->from_memory = true;
  impl->memory = std::move(text);
  impl->options = options;
  impl->options.chunk_bytes = std::max<std::size_t>(impl->options.chunk_bytes, 1);
  return RecordReader(std::move(impl));
}

RecordReader::RecordReader(RecordReader&&) noexcept = default;
RecordReader& RecordReader::operator=(RecordReader&&) noexcept = default;
RecordReader::~RecordReader() = default;

bool RecordReader::next(RawRecord& record) {
  Impl& impl = *impl_;
  if (impl.state == Impl::State::start) {
    impl.start();
  }
  bool produced = false;
  if (impl.state == Impl::State::ndjson) {
    produced = impl.next_line(record);
  } else if (impl.state == Impl::State::document) {
    produced = impl.next_element_record(record);
  }
  if (produced) {
    return true;
  }
  if (impl.pending.empty()) {
    return false;
  }
  record.text.clear();
  record.origin = RecordOrigin{impl.name, impl.pending.front().line, impl.pending.front().column,
                               impl.pending.front().patient_index.value_or(0)};
  record.error = std::move(impl.pending.front());
  impl.pending.pop_front();
  return true;
}

TimelineFormat RecordReader::format() const { return impl_->format; }

const std::string& RecordReader::display_name() const { return impl_->name; }

}  // namespace tacit::interpreter
