// Builtins that read the timeline: events, as_of, patient, and the queries that
// order events in time.
#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "interpreter/builtin_types.hpp"
#include "interpreter/builtins.hpp"

namespace tacit::interpreter {
namespace {

using dsl::BuiltinSignature;
using dsl::TypeId;
using dsl::TypeKind;
using dsl::TypeTable;
using signature::element_of;
using signature::is;

const Event* event_of(const Value& v) {
  if (v.kind() != ValueKind::event) throw EvalError("expected an event");
  return v.as_event();
}

// Elements of an event list are in timeline order, and events of one patient
// live in one sorted array, so timeline order is address order.
std::span<const Value> before_event(std::span<const Value> items, const Event* pivot) {
  const auto end = std::lower_bound(items.begin(), items.end(), pivot,
                                    [](const Value& v, const Event* p) { return event_of(v) < p; });
  return items.first(static_cast<std::size_t>(end - items.begin()));
}
std::span<const Value> after_event(std::span<const Value> items, const Event* pivot) {
  const auto begin = std::upper_bound(items.begin(), items.end(), pivot,
                                      [](const Event* p, const Value& v) { return p < event_of(v); });
  return items.subspan(static_cast<std::size_t>(begin - items.begin()));
}

// f(LIST, SECOND): the list's own type, once both arguments are checked.
std::optional<TypeId> list_then(TypeTable& t, const std::vector<TypeId>& a, std::string& message, bool events_only,
                                TypeKind second, std::string_view second_text) {
  const auto element = element_of(t, a[0]);
  if (!element || (events_only && !is(t, *element, TypeKind::event))) {
    message = fmt::format("the first argument must be a list of events, found {}", t.describe(a[0]));
    return std::nullopt;
  }
  if (!is(t, a[1], second)) {
    message = fmt::format("the second argument must be {}, found {}", second_text, t.describe(a[1]));
    return std::nullopt;
  }
  return a[0];
}

std::optional<TypeId> list_and_event(TypeTable& t, const std::vector<TypeId>& a, std::string& message) {
  return list_then(t, a, message, false, TypeKind::event, "an event");
}

std::optional<TypeId> list_and_day(TypeTable& t, const std::vector<TypeId>& a, std::string& message) {
  return list_then(t, a, message, true, TypeKind::date, "a date");
}

std::optional<TypeId> element_and_event(TypeTable& t, const std::vector<TypeId>& a, std::string& message) {
  const auto list = list_and_event(t, a, message);
  if (!list) return std::nullopt;
  return element_of(t, *list);
}

Value unknown_list(const Value& v) { return v; }

}  // namespace

void add_time_builtins(std::vector<Builtin>& table) {
  table.push_back(Builtin{
      {"events", BuiltinSignature::Form::call, {"type"}, 0,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& message) -> std::optional<TypeId> {
         if (!a.empty() && !is(t, a[0], TypeKind::string)) {
           message = fmt::format("the event type must be a string such as \"tace\", found {}", t.describe(a[0]));
           return std::nullopt;
         }
         return t.list_of(t.event());
       },
       "the patient's events (of one type), in timeline order, up to the as-of date"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (args.empty()) return ev.events({});
        if (args[0].is_unknown()) return args[0];
        return ev.events(args[0].as_string());
      }});
  table.push_back(Builtin{
      {"as_of", BuiltinSignature::Form::constant, {}, 0,
       [](TypeTable& t, const std::vector<TypeId>&, std::string&) -> std::optional<TypeId> { return t.date(); },
       "the as-of date: the timeline is cut after it"},
      nullptr, nullptr, [](Evaluator& ev) { return Value::date(ev.as_of()); }});
  table.push_back(Builtin{
      {"patient", BuiltinSignature::Form::constant, {}, 0,
       [](TypeTable& t, const std::vector<TypeId>&, std::string&) -> std::optional<TypeId> { return t.open_record(); },
       "the patient's attributes (patient.intent, patient.id, ...)"},
      nullptr, nullptr, [](Evaluator& ev) { return Value::object(ev.patient().object); }});
  table.push_back(Builtin{
      {"before", BuiltinSignature::Form::call, {"list", "event"}, 2, list_and_event,
       "the elements of an event list strictly before an event in timeline order"},
      [](Evaluator&, std::span<const Value> args) {
        if (args[0].is_unknown()) return unknown_list(args[0]);
        if (args[1].is_unknown()) return args[1];
        return Value::list(before_event(args[0].as_list(), event_of(args[1])));
      },
      nullptr, nullptr, false, true});
  // Reads the list only up to the day, which lets a cached value that looks at
  // a bounded window stay valid when later events arrive (memo.hpp).
  table.push_back(Builtin{
      {"up_to", BuiltinSignature::Form::call, {"list", "day"}, 2, list_and_day,
       "the elements of an event list dated on or before a day"},
      [](Evaluator&, std::span<const Value> args) {
        if (args[0].is_unknown()) return unknown_list(args[0]);
        if (args[1].is_unknown()) return args[1];
        const auto items = args[0].as_list();
        const Date day = args[1].as_days();
        const auto end = std::upper_bound(items.begin(), items.end(), day,
                                          [](Date d, const Value& v) { return d < event_of(v)->date; });
        return Value::list(items.first(static_cast<std::size_t>(end - items.begin())));
      },
      nullptr, nullptr, false, true});
  table.push_back(Builtin{
      {"after", BuiltinSignature::Form::call, {"list", "event"}, 2, list_and_event,
       "the elements of an event list strictly after an event in timeline order"},
      [](Evaluator&, std::span<const Value> args) {
        if (args[0].is_unknown()) return unknown_list(args[0]);
        if (args[1].is_unknown()) return args[1];
        return Value::list(after_event(args[0].as_list(), event_of(args[1])));
      }});
  table.push_back(Builtin{
      {"previous", BuiltinSignature::Form::call, {"list", "event"}, 2, element_and_event,
       "the last element of an event list before an event; unknown if none"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        if (args[1].is_unknown()) return args[1];
        const auto items = before_event(args[0].as_list(), event_of(args[1]));
        if (items.empty()) return ev.unknown_because(fmt::format("nothing before {}", ev.text_of(args[1])));
        return items.back();
      },
      nullptr, nullptr, false, true});
  table.push_back(Builtin{
      {"next", BuiltinSignature::Form::call, {"list", "event"}, 2, element_and_event,
       "the first element of an event list after an event; unknown if none"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        if (args[1].is_unknown()) return args[1];
        const auto items = after_event(args[0].as_list(), event_of(args[1]));
        if (items.empty()) return ev.unknown_because(fmt::format("nothing after {}", ev.text_of(args[1])));
        return items.front();
      }});
  table.push_back(Builtin{
      {"spans", BuiltinSignature::Form::call, {"list", "within"}, 2,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& message) -> std::optional<TypeId> {
         if (!element_of(t, a[0]) || !is(t, a[1], TypeKind::duration)) {
           message = "expected spans(LIST OF EVENTS, DURATION)";
           return std::nullopt;
         }
         return t.list_of(a[0]);
       },
       "for each element, it and the following elements dated at most the duration after it"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        if (args[1].is_unknown()) return args[1];
        const auto items = args[0].as_list();
        Value* out = ev.arena().allocate_array<Value>(items.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
          const Date limit = event_of(items[i])->date + args[1].as_days();
          std::size_t end = i;
          while (end < items.size() && event_of(items[end])->date <= limit) ++end;
          out[i] = Value::list(items.subspan(i, end - i));
        }
        return Value::list({out, items.size()});
      }});
  table.push_back(Builtin{
      {"carry_forward", BuiltinSignature::Form::call, {"list", "on", "max_age"}, 3,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& message) -> std::optional<TypeId> {
         if (!element_of(t, a[0]) || !is(t, a[1], TypeKind::date) || !is(t, a[2], TypeKind::duration)) {
           message = "expected carry_forward(LIST OF EVENTS, on: DATE, max_age: DURATION)";
           return std::nullopt;
         }
         return element_of(t, a[0]);
       },
       "the last event of a list dated on or before a day and not older than max_age; unknown if none"},
      [](Evaluator& ev, std::span<const Value> args) {
        for (const Value& arg : args) {
          if (arg.is_unknown()) return arg;
        }
        const auto items = args[0].as_list();
        const Date on = args[1].as_days();
        for (auto it = items.rbegin(); it != items.rend(); ++it) {
          const Date date = event_of(*it)->date;
          if (date > on) continue;
          if (on - date <= args[2].as_days()) return *it;
          break;
        }
        return ev.unknown_because(fmt::format("no value in the {} days up to {}", args[2].as_days(), format_date(on)));
      },
      nullptr, nullptr, false, true});
  table.push_back(Builtin{
      {"days_between", BuiltinSignature::Form::call, {"from", "to"}, 2,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& message) -> std::optional<TypeId> {
         if (!is(t, a[0], TypeKind::date) || !is(t, a[1], TypeKind::date)) {
           message = "expected two dates";
           return std::nullopt;
         }
         return t.number();
       },
       "the number of days from the first date to the second"},
      [](Evaluator&, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        if (args[1].is_unknown()) return args[1];
        return Value::number(args[1].as_days() - args[0].as_days());
      }});
  table.push_back(Builtin{
      {"days", BuiltinSignature::Form::call, {"duration"}, 1,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& message) -> std::optional<TypeId> {
         if (!is(t, a[0], TypeKind::duration)) {
           message = fmt::format("expected a duration, found {}", t.describe(a[0]));
           return std::nullopt;
         }
         return t.number();
       },
       "a duration as a number of days"},
      [](Evaluator&, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        return Value::number(args[0].as_days());
      }});
}

}  // namespace tacit::interpreter
