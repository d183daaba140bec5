#include "cci_timeline.hpp"

#include <algorithm>

#include "dates.hpp"

namespace bench::cci {
namespace {

using namespace simdjson;

// A boolean field as the timeline spec reads it: absent and null are both
// unknown; anything else than a boolean is an error.
enum class Tri : uint8_t { unknown, no, yes, wrong_kind };

Tri read_bool(ondemand::value value) {
  ondemand::json_type type;
  if (value.type().get(type)) return Tri::wrong_kind;
  if (type == ondemand::json_type::null) return Tri::unknown;
  bool b;
  if (type != ondemand::json_type::boolean || value.get_bool().get(b)) return Tri::wrong_kind;
  return b ? Tri::yes : Tri::no;
}

// A number field: absent/null unknown, otherwise must be a number.
struct Number {
  bool known = false;
  bool wrong_kind = false;
  double value = 0;
};

Number read_number(ondemand::value value) {
  Number n;
  ondemand::json_type type;
  if (value.type().get(type)) {
    n.wrong_kind = true;
  } else if (type == ondemand::json_type::number) {
    n.known = !value.get_double().get(n.value);
    n.wrong_kind = !n.known;
  } else if (type != ondemand::json_type::null) {
    n.wrong_kind = true;
  }
  return n;
}

// The sum of viable diameters of the target lesions of a `lesions` array.
// A lesion is a target only when `target` is true (absent or null: not one).
// The sum is unknown when a target lacks viable_mm; with no target at all the
// caller falls back to target_viable_sum_mm.
struct LesionSum {
  int targets = 0;
  bool known = true;
  double sum = 0;
  const char* error = nullptr;
};

LesionSum read_lesions(ondemand::value value) {
  LesionSum result;
  ondemand::json_type type;
  if (value.type().get(type)) return {0, false, 0, "lesions: malformed"};
  if (type == ondemand::json_type::null) return result;
  ondemand::array lesions;
  if (type != ondemand::json_type::array || value.get_array().get(lesions)) {
    return {0, false, 0, "lesions: expected an array"};
  }
  for (auto element : lesions) {
    ondemand::object lesion;
    if (element.get_object().get(lesion)) return {0, false, 0, "lesions: expected objects"};
    Tri target = Tri::unknown;
    Number viable;
    for (auto field : lesion) {
      std::string_view key;
      ondemand::value v;
      if (field.unescaped_key().get(key) || field.value().get(v)) return {0, false, 0, "lesions: malformed"};
      if (key == "target") {
        target = read_bool(v);
      } else if (key == "viable_mm") {
        viable = read_number(v);
      }
    }
    if (target == Tri::wrong_kind) return {0, false, 0, "lesions[].target: expected a boolean"};
    if (viable.wrong_kind) return {0, false, 0, "lesions[].viable_mm: expected a number"};
    if (target != Tri::yes) continue;
    ++result.targets;
    if (viable.known) {
      result.sum += viable.value;
    } else {
      result.known = false;
    }
  }
  return result;
}

// What one event says, before its type is known (fields come in any order).
struct RawEvent {
  std::string_view date;
  std::string_view type;
  std::string_view modality;
  bool has_date = false;
  bool has_type = false;
  Tri multiphasic = Tri::unknown;
  Tri completed = Tri::unknown;
  Tri suboptimal = Tri::unknown;
  Tri measurable = Tri::unknown;
  Number target_sum;
  LesionSum lesions;
  const char* error = nullptr;
};

const char* read_string(ondemand::value value, std::string_view& out, bool& present) {
  ondemand::json_type type;
  if (value.type().get(type)) return "malformed";
  if (type == ondemand::json_type::null) return nullptr;
  if (type != ondemand::json_type::string || value.get_string().get(out)) return "expected a string";
  present = true;
  return nullptr;
}

void read_event_fields(ondemand::object event, RawEvent& raw) {
  bool modality_present = false;
  for (auto field : event) {
    std::string_view key;
    ondemand::value v;
    if (field.unescaped_key().get(key) || field.value().get(v)) {
      raw.error = "malformed event";
      return;
    }
    const char* error = nullptr;
    if (key == "date") {
      error = read_string(v, raw.date, raw.has_date);
    } else if (key == "type") {
      error = read_string(v, raw.type, raw.has_type);
    } else if (key == "modality") {
      error = read_string(v, raw.modality, modality_present);
    } else if (key == "multiphasic") {
      raw.multiphasic = read_bool(v);
    } else if (key == "completed") {
      raw.completed = read_bool(v);
    } else if (key == "suboptimal") {
      raw.suboptimal = read_bool(v);
    } else if (key == "measurable_target") {
      raw.measurable = read_bool(v);
    } else if (key == "target_viable_sum_mm") {
      raw.target_sum = read_number(v);
      if (raw.target_sum.wrong_kind) error = "target_viable_sum_mm: expected a number";
    } else if (key == "lesions") {
      raw.lesions = read_lesions(v);
      error = raw.lesions.error;
    }
    if (error) {
      raw.error = error;
      return;
    }
  }
}

std::string event_error(const Timeline& t, size_t index, std::string_view message) {
  std::string s = "patient ";
  s += t.id.empty() ? "?" : t.id;
  s += ", event ";
  s += std::to_string(index);
  s += ": ";
  s += message;
  return s;
}

// Turns one event into the compact form, or drops it when CCI ignores it.
const char* classify(const RawEvent& raw, uint32_t index, int32_t date, std::vector<Event>& events) {
  Event e{date, index, Kind::scan, false, false, false, 0};
  if (raw.type == "imaging") {
    if (raw.multiphasic == Tri::wrong_kind) return "multiphasic: expected a boolean";
    if (raw.measurable == Tri::wrong_kind) return "measurable_target: expected a boolean";
    if ((raw.modality != "CT" && raw.modality != "MRI") || raw.multiphasic != Tri::yes) return nullptr;
    e.same_day_first = true;
    if (raw.measurable == Tri::no) {
      e.svd_known = false;  // no measurable target: not assessable
    } else if (raw.lesions.targets > 0) {
      e.svd_known = raw.lesions.known;
      e.svd = raw.lesions.sum;
    } else {
      e.svd_known = raw.target_sum.known;
      e.svd = raw.target_sum.value;
    }
  } else if (raw.type == "tace") {
    if (raw.completed == Tri::wrong_kind) return "completed: expected a boolean";
    if (raw.suboptimal == Tri::wrong_kind) return "suboptimal: expected a boolean";
    if (raw.completed == Tri::no) return nullptr;  // an aborted attempt is not a session
    e.kind = Kind::session;
    e.suboptimal = raw.suboptimal == Tri::yes;
  } else if (raw.type == "treatment") {
    e.kind = Kind::treatment;
  } else {
    return nullptr;
  }
  events.push_back(e);
  return nullptr;
}

}  // namespace

std::string load_timeline(ondemand::parser& parser, const char* line, size_t length, size_t capacity,
                          int32_t as_of, Timeline& out) {
  out.id.clear();
  out.events.clear();
  ondemand::document doc;
  ondemand::object patient;
  if (parser.iterate(line, length, capacity).get(doc) || doc.get_object().get(patient)) {
    return "not a JSON object";
  }
  bool has_events = false;
  bool has_id = false;
  for (auto field : patient) {
    std::string_view key;
    ondemand::value v;
    if (field.unescaped_key().get(key) || field.value().get(v)) return "malformed patient";
    if (key == "id") {
      std::string_view id;
      if (v.get_string().get(id)) return "id: expected a string";
      out.id.assign(id);
      has_id = true;
    } else if (key == "events") {
      ondemand::array events;
      if (v.get_array().get(events)) return event_error(out, 0, "events: expected an array");
      has_events = true;
      uint32_t index = 0;
      for (auto element : events) {
        ondemand::object event;
        if (element.get_object().get(event)) return event_error(out, index, "expected an object");
        RawEvent raw;
        read_event_fields(event, raw);
        if (raw.error) return event_error(out, index, raw.error);
        if (!raw.has_date) return event_error(out, index, "date: missing");
        if (!raw.has_type) return event_error(out, index, "type: missing");
        const auto date = parse_date(raw.date);
        if (!date) return event_error(out, index, "date: expected YYYY-MM-DD");
        if (*date <= as_of) {
          if (const char* error = classify(raw, index, *date, out.events)) return event_error(out, index, error);
        }
        ++index;
      }
    }
  }
  if (!has_id) return "id: missing";
  if (!has_events) return event_error(out, 0, "events: missing");
  std::sort(out.events.begin(), out.events.end(), [](const Event& a, const Event& b) {
    if (a.date != b.date) return a.date < b.date;
    if (a.same_day_first != b.same_day_first) return a.same_day_first;
    return a.input_index < b.input_index;
  });
  return {};
}

}  // namespace bench::cci
