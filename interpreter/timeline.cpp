#include "interpreter/timeline.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>

#include <fmt/format.h>
#include <simdjson.h>

#include "interpreter/json_syntax.hpp"
#include "interpreter/limits.hpp"

namespace tacit::interpreter {
namespace {

namespace dom = simdjson::dom;

// simdjson's buffers start at this size and return to it after a record larger
// than limits::max_retained_parser_bytes.
constexpr std::size_t initial_parser_bytes = 64 * limits::kibibyte;
// Objects with more members than this are checked for duplicate names by sorting
// rather than by comparing every pair.
constexpr std::size_t pairwise_duplicate_check = 32;

// ---- The declared kind of a field

std::string expected_text(const FieldSpec& spec) {
  switch (spec.kind) {
    case FieldKind::number:
      if (spec.min && spec.max) {
        return fmt::format("a number from {} to {}", *spec.min, *spec.max);
      }
      if (spec.min) {
        return fmt::format("a number of at least {}", *spec.min);
      }
      if (spec.max) {
        return fmt::format("a number of at most {}", *spec.max);
      }
      return "a number";
    case FieldKind::boolean:
      return "true or false";
    case FieldKind::string:
      return "a string";
    case FieldKind::choice: {
      std::string text = "one of ";
      for (std::size_t i = 0; i < spec.choices.size(); ++i) {
        text += i == 0 ? "" : ", ";
        text += quote_json(spec.choices[i]);
      }
      return text;
    }
    case FieldKind::date:
      return "a date YYYY-MM-DD";
    case FieldKind::array:
      return "an array";
    case FieldKind::object:
      return "an object";
  }
  return "a value";
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_number_text(std::string_view text) {
  double ignored = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), ignored);
  return !text.empty() && result.ec == std::errc{} && result.ptr == text.data() + text.size();
}

// A hint for the commonest mix-ups: quoted numbers and booleans, 0/1 for booleans,
// choices in the wrong case.
std::string hint(const FieldSpec& spec, const Datum& value) {
  if (spec.kind == FieldKind::number && value.is_string() && is_number_text(value.as_string())) {
    return " (a number is written without quotes)";
  }
  if (spec.kind == FieldKind::boolean && value.is_string()) {
    const std::string_view text = value.as_string();
    if (equal_ignoring_case(text, "true") || equal_ignoring_case(text, "false")) {
      return " (true and false are written without quotes)";
    }
  }
  if (spec.kind == FieldKind::boolean && value.is_number() && (value.as_number() == 0 || value.as_number() == 1)) {
    return " (write true or false)";
  }
  if (spec.kind == FieldKind::choice && value.is_string()) {
    for (const std::string& choice : spec.choices) {
      if (equal_ignoring_case(choice, value.as_string())) {
        return fmt::format(" (choices are case-sensitive: {})", quote_json(choice));
      }
    }
  }
  if (spec.kind == FieldKind::date && value.is_string()) {
    const std::string why = explain_bad_date(value.as_string());
    return why.empty() ? "" : fmt::format(" ({})", why);
  }
  return "";
}

bool has_kind(const FieldSpec& spec, const Datum& value) {
  switch (spec.kind) {
    case FieldKind::number:
      return value.is_number() && !(spec.min && value.as_number() < *spec.min) &&
             !(spec.max && value.as_number() > *spec.max);
    case FieldKind::boolean:
      return value.is_bool();
    case FieldKind::string:
      return value.is_string();
    case FieldKind::choice:
      return value.is_string() && std::find(spec.choices.begin(), spec.choices.end(), value.as_string()) !=
                                      spec.choices.end();
    case FieldKind::date:
      return value.is_string() && parse_date(value.as_string()).has_value();
    case FieldKind::array:
      return value.is_array();
    case FieldKind::object:
      return value.is_object();
  }
  return false;
}

}  // namespace

bool is_workup(std::string_view type) { return type == "imaging" || type == "lab" || type == "clinical"; }

void sort_events(std::span<Event> events) {
  const auto by_date = [](const Event& a, const Event& b) {
    return a.date != b.date ? a.date < b.date : a.input_index < b.input_index;
  };
  if (!std::is_sorted(events.begin(), events.end(), by_date)) {
    std::sort(events.begin(), events.end(), by_date);  // in place: no allocation, unlike stable_sort
  }
  for (auto day = events.begin(); day != events.end();) {
    const Date date = day->date;
    const auto day_end = std::find_if(day, events.end(), [date](const Event& e) { return e.date != date; });
    const auto first_tace = std::find_if(day, day_end, [](const Event& e) { return e.type == "tace"; });
    if (first_tace != day_end) {
      std::sort(first_tace, day_end, [](const Event& a, const Event& b) {
        const bool a_first = is_workup(a.type);
        const bool b_first = is_workup(b.type);
        return a_first != b_first ? a_first : a.input_index < b.input_index;
      });
    }
    day = day_end;
  }
}

struct PatientParser::Impl {
  struct Step {
    std::string_view name;
    std::int64_t index;  // -1 for a member
  };

  const SymbolTable& symbols;
  const Vocabulary& vocabulary;
  dom::parser parser{limits::max_record_bytes};
  PaddedText copy;  // parse(std::string_view) pads its text here

  // The record being parsed.
  Arena* arena = nullptr;
  std::string_view text;
  const RecordOrigin* origin = nullptr;
  std::vector<DataError> errors;
  std::size_t unreported = 0;
  std::array<Step, limits::max_nesting_depth + 2> path{};
  std::size_t path_size = 0;

  Impl(const SymbolTable& s, const Vocabulary& v) : symbols(s), vocabulary(v) {
    reset_parser();
  }

  // simdjson's own depth limit is only a backstop: convert() reports depth first.
  void reset_parser() {
    if (parser.allocate(initial_parser_bytes, limits::max_nesting_depth + 2) != simdjson::SUCCESS) {
      // Out of memory: parse() tries again and reports it.
    }
  }

  Result parse(std::string_view record, const RecordOrigin& record_origin, Arena& record_arena) {
    arena = &record_arena;
    text = record;
    origin = &record_origin;
    errors.clear();
    unreported = 0;
    path_size = 0;
    Result result = run();
    if (record.size() > limits::max_retained_parser_bytes) {
      reset_parser();
    }
    return result;
  }

  Result run() {
    if (text.size() > limits::max_record_bytes) {
      add_error({}, fmt::format("expected a patient of at most {} MiB, found {} bytes",
                                limits::max_record_bytes / limits::mebibyte, text.size()));
      return finish({});
    }
    dom::element root_element;
    if (const simdjson::error_code code = parser.parse(text.data(), text.size(), false).get(root_element);
        code != simdjson::SUCCESS) {
      explain_syntax_error(code);
      std::string id;
      const PathStep id_path[] = {PathStep::member("id")};
      if (const std::optional<std::size_t> at = find_json_value(text, id_path)) {
        id = read_json_string(text, *at).value_or("");
      }
      return finish(id);
    }
    const Datum* root = arena->create<Datum>(convert(root_element, 1));
    const Datum* id = root->find("id");
    const std::string_view id_text = id != nullptr && id->is_string() ? id->as_string() : "";
    if (!errors.empty()) {
      return finish(id_text);
    }
    std::span<Event> events = check_patient(*root, id);
    if (!errors.empty() || unreported > 0) {
      return finish(id_text);
    }
    sort_events(events);
    return Patient{id_text, root, events, *origin};
  }

  // The errors found, named after the patient, with a count of those not reported.
  std::vector<DataError> finish(std::string_view id) {
    for (DataError& error : errors) {
      error.patient_id = std::string(id);
    }
    if (unreported > 0) {
      DataError summary = errors.back();
      summary.event_index.reset();
      summary.field.clear();
      const TextPosition at = position_in_record(text, 0, *origin);
      summary.line = at.line;
      summary.column = at.column;
      summary.message = fmt::format("{} more errors in this patient were not reported (at most {} are)", unreported,
                                    limits::max_errors_per_patient);
      errors.push_back(std::move(summary));
    }
    return std::move(errors);
  }

  // An error at the value at `steps` (or at `offset`, when the text is not valid
  // JSON and the scanner found the place itself).
  void add_error(std::span<const PathStep> steps, std::string message,
                 std::optional<std::size_t> offset = std::nullopt) {
    if (errors.size() >= limits::max_errors_per_patient) {
      ++unreported;
      return;
    }
    if (!offset) {
      offset = find_json_value(text, steps).value_or(0);
    }
    const TextPosition at = position_in_record(text, *offset, *origin);
    DataError error;
    error.file = std::string(origin->file);
    error.line = at.line;
    error.column = at.column;
    error.patient_index = origin->patient_index;
    if (steps.size() >= 2 && steps[0].is_member() && steps[0].name == "events" && !steps[1].is_member()) {
      error.event_index = static_cast<std::uint64_t>(steps[1].index);
      steps = steps.subspan(2);
    }
    error.field = render_path(steps);
    error.message = std::move(message);
    errors.push_back(std::move(error));
  }

  // An error at the value convert() is reading (the current path).
  void add_error_here(std::string message) {
    if (errors.size() >= limits::max_errors_per_patient) {
      ++unreported;
      return;
    }
    std::vector<PathStep> steps;
    for (std::size_t i = 0; i < path_size; ++i) {
      steps.push_back(path[i].index < 0 ? PathStep::member(path[i].name)
                                        : PathStep::element(static_cast<std::uint64_t>(path[i].index)));
    }
    add_error(steps, std::move(message));
  }

  void explain_syntax_error(simdjson::error_code code) {
    if (std::optional<JsonDefect> defect = find_json_defect(text)) {
      add_error(defect->path, std::move(defect->message), defect->offset);
    } else {
      // simdjson and the scanner disagree: say what simdjson said.
      add_error({}, fmt::format("expected valid JSON, found an error that simdjson describes as: {}",
                                simdjson::error_message(code)));
    }
  }

  // ---- JSON to Datum

  Datum convert(dom::element element, std::size_t depth) {
    switch (element.type()) {
      case dom::element_type::OBJECT:
        return depth > limits::max_nesting_depth ? too_deep() : convert_object(element.get_object().value_unsafe(), depth);
      case dom::element_type::ARRAY:
        return depth > limits::max_nesting_depth ? too_deep() : convert_array(element.get_array().value_unsafe(), depth);
      case dom::element_type::INT64:
        return Datum::make_number(static_cast<double>(element.get_int64().value_unsafe()));
      case dom::element_type::UINT64:
        return Datum::make_number(static_cast<double>(element.get_uint64().value_unsafe()));
      case dom::element_type::DOUBLE:
        return Datum::make_number(element.get_double().value_unsafe());
      case dom::element_type::STRING:
        return Datum::make_string(copy_string(element.get_string().value_unsafe(), "a string"));
      case dom::element_type::BOOL:
        return Datum::make_bool(element.get_bool().value_unsafe());
      case dom::element_type::NULL_VALUE:
        return Datum{};
    }
    return Datum{};
  }

  Datum too_deep() {
    add_error_here(
        fmt::format("expected at most {} levels of nested arrays and objects, found more", limits::max_nesting_depth));
    return Datum{};
  }

  std::string_view copy_string(std::string_view value, std::string_view what) {
    if (value.size() > limits::max_string_bytes) {
      add_error_here(fmt::format("expected {} of at most {} KiB, found one of {} bytes", what,
                                 limits::max_string_bytes / limits::kibibyte, value.size()));
      return {};
    }
    return arena->copy(value);
  }

  Datum convert_array(dom::array array, std::size_t depth) {
    const std::size_t size = array.size();
    Datum* items = arena->allocate_array<Datum>(size);
    std::size_t i = 0;
    for (dom::element item : array) {
      path[path_size++] = Step{{}, static_cast<std::int64_t>(i)};
      items[i++] = convert(item, depth + 1);
      --path_size;
    }
    return Datum::make_array({items, i});
  }

  Datum convert_object(dom::object object, std::size_t depth) {
    const std::size_t size = object.size();
    Member* members = arena->allocate_array<Member>(size);
    std::size_t i = 0;
    for (const dom::key_value_pair field : object) {
      const SymbolId symbol = symbols.find(field.key);
      path[path_size++] = Step{field.key, -1};
      // A name that is a symbol shares the table's copy of it.
      const std::string_view name = symbol != no_symbol ? symbols.name(symbol) : copy_string(field.key, "a member name");
      members[i++] = Member{name.data(), static_cast<std::uint32_t>(name.size()), symbol, convert(field.value, depth + 1)};
      --path_size;
    }
    check_unique_names({members, i});
    return Datum::make_object({members, i});
  }

  void check_unique_names(std::span<const Member> members) {
    const auto report = [&](std::string_view name) {
      path[path_size++] = Step{name, -1};
      add_error_here(fmt::format("expected each member name once in an object, found {} again", quote_json(name)));
      --path_size;
    };
    if (members.size() <= pairwise_duplicate_check) {
      for (std::size_t i = 1; i < members.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          // Names with a symbol are equal exactly when their symbols are.
          const Member& a = members[i];
          const Member& b = members[j];
          if (a.symbol != no_symbol && b.symbol != no_symbol
                  ? a.symbol == b.symbol
                  : a.name_size == b.name_size && (a.name_size == 0 || a.name_data[0] == b.name_data[0]) &&
                        a.name() == b.name()) {
            report(members[i].name());
            break;
          }
        }
      }
      return;
    }
    std::string_view* names = arena->allocate_array<std::string_view>(members.size());
    std::transform(members.begin(), members.end(), names, [](const Member& m) { return m.name(); });
    std::sort(names, names + members.size());
    for (std::size_t i = 1; i < members.size(); ++i) {
      if (names[i] == names[i - 1] && (i + 1 == members.size() || names[i + 1] != names[i])) {
        report(names[i]);
      }
    }
  }

  // ---- The timeline contract

  std::span<Event> check_patient(const Datum& root, const Datum* id) {
    if (!root.is_object()) {
      add_error({}, fmt::format("expected a patient object {{\"id\": ..., \"events\": [...]}}, found {}",
                                describe_value(root)));
      return {};
    }
    if (id == nullptr) {
      add_error({}, "expected a member \"id\" (the patient's identifier, a non-empty string), found none");
    } else if (!id->is_string() || id->size() == 0) {
      const PathStep steps[] = {PathStep::member("id")};
      add_error(steps, fmt::format("expected a non-empty string, found {}{}", describe_value(*id),
                                   id->is_number() ? " (an identifier is written as a string: \"12\")" : ""));
    }
    const Datum* events = root.find("events");
    const PathStep events_path[] = {PathStep::member("events")};
    if (events == nullptr) {
      add_error({}, "expected a member \"events\" (an array of events), found none");
      return {};
    }
    if (!events->is_array()) {
      add_error(events_path, fmt::format("expected an array of events, found {}", describe_value(*events)));
      return {};
    }
    if (events->size() > limits::max_events_per_patient) {
      add_error(events_path, fmt::format("expected at most {} events, found {}", limits::max_events_per_patient,
                                         events->size()));
      return {};
    }
    const std::span<const Datum> items = events->as_array();
    Event* out = arena->allocate_array<Event>(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      out[i] = check_event(items[i], static_cast<std::uint32_t>(i));
    }
    return {out, items.size()};
  }

  // An error at events[index], or at its member `member` when one is named.
  void add_event_error(std::uint32_t index, std::string_view member, std::string message) {
    std::vector<PathStep> steps{PathStep::member("events"), PathStep::element(index)};
    if (!member.empty()) {
      steps.push_back(PathStep::member(member));
    }
    add_error(steps, std::move(message));
  }

  Event check_event(const Datum& event, std::uint32_t index) {
    Event out;
    out.input_index = index;
    out.object = &event;
    if (!event.is_object()) {
      add_event_error(index, {},
                      fmt::format("expected an event object {{\"date\": \"YYYY-MM-DD\", \"type\": ...}}, found {}",
                                  describe_value(event)));
      return out;
    }
    const Datum* date = event.find("date");
    if (date == nullptr) {
      add_event_error(index, {}, "expected a member \"date\" (YYYY-MM-DD), found none");
    } else if (const std::optional<Date> day = date->is_string() ? parse_date(date->as_string()) : std::nullopt) {
      out.date = *day;
    } else {
      const std::string why = date->is_string() ? explain_bad_date(date->as_string())
                              : date->is_null() ? std::string("every event needs its date")
                                                : std::string();
      add_event_error(index, "date",
                      fmt::format("expected a date YYYY-MM-DD, found {}{}", describe_value(*date),
                                  why.empty() ? "" : fmt::format(" ({})", why)));
    }
    const Datum* type = event.find("type");
    if (type == nullptr) {
      add_event_error(index, {}, "expected a member \"type\" (such as \"imaging\", \"lab\" or \"tace\"), found none");
    } else if (!type->is_string() || type->size() == 0) {
      add_event_error(index, "type", fmt::format("expected a non-empty string, found {}", describe_value(*type)));
    } else {
      out.type = type->as_string();
    }
    if (vocabulary.empty()) {
      return out;
    }
    for (const Member& member : event.as_object()) {
      const FieldSpec* spec = vocabulary.find(member.symbol);
      if (spec == nullptr || member.value.is_null() || member.name() == "date" || member.name() == "type" ||
          has_kind(*spec, member.value)) {
        continue;
      }
      add_event_error(index, member.name(),
                      fmt::format("expected {}, found {}{}", expected_text(*spec), describe_value(member.value),
                                  hint(*spec, member.value)));
    }
    return out;
  }
};

PatientParser::PatientParser(const SymbolTable& symbols, const Vocabulary& vocabulary)
    : impl_(std::make_unique<Impl>(symbols, vocabulary)) {}
PatientParser::PatientParser(PatientParser&&) noexcept = default;
PatientParser& PatientParser::operator=(PatientParser&&) noexcept = default;
PatientParser::~PatientParser() = default;

PatientParser::Result PatientParser::parse(const RawRecord& record, Arena& arena) {
  if (record.error) {
    return std::vector<DataError>{*record.error};
  }
  return impl_->parse(record.text.view(), record.origin, arena);
}

PatientParser::Result PatientParser::parse(std::string_view text, const RecordOrigin& origin, Arena& arena) {
  impl_->copy.assign(text);
  Result result = impl_->parse(impl_->copy.view(), origin, arena);
  impl_->copy.release_above(limits::max_retained_parser_bytes);
  return result;
}

}  // namespace tacit::interpreter
