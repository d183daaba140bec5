// Builtins on lists: count, first, last, nth, windows, contains.
#include <fmt/format.h>

#include "interpreter/builtin_types.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/operators.hpp"

namespace tacit::interpreter {
namespace {

using dsl::BuiltinSignature;
using dsl::TypeId;
using dsl::TypeKind;
using dsl::TypeTable;
using signature::element_of;
using signature::is;

std::optional<TypeId> a_list(TypeTable& t, const std::vector<TypeId>& a, std::string& message, bool element) {
  const auto e = element_of(t, a[0]);
  if (!e) {
    message = fmt::format("expected a list, found {}", t.describe(a[0]));
    return std::nullopt;
  }
  return element ? *e : a[0];
}

}  // namespace

void add_list_builtins(std::vector<Builtin>& table) {
  table.push_back(Builtin{
      {"count", BuiltinSignature::Form::call, {"list"}, 1,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) -> std::optional<TypeId> {
         if (!a_list(t, a, m, false)) return std::nullopt;
         return t.number();
       },
       "the number of elements of a list"},
      [](Evaluator&, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        return Value::number(static_cast<double>(args[0].as_list().size()));
      }});
  table.push_back(Builtin{
      {"first", BuiltinSignature::Form::call, {"list"}, 1,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) { return a_list(t, a, m, true); },
       "the first element of a list; unknown when it is empty"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        const auto items = args[0].as_list();
        return items.empty() ? ev.unknown_because("an empty list has no first element") : items.front();
      }});
  table.push_back(Builtin{
      {"last", BuiltinSignature::Form::call, {"list"}, 1,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) { return a_list(t, a, m, true); },
       "the last element of a list; unknown when it is empty"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        const auto items = args[0].as_list();
        return items.empty() ? ev.unknown_because("an empty list has no last element") : items.back();
      }});
  table.push_back(Builtin{
      {"nth", BuiltinSignature::Form::call, {"list", "n"}, 2,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) -> std::optional<TypeId> {
         if (!is(t, a[1], TypeKind::number)) {
           m = "the position must be a number (1 is the first)";
           return std::nullopt;
         }
         return a_list(t, a, m, true);
       },
       "the n-th element of a list, counting from 1; unknown when the list is shorter"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        if (args[1].is_unknown()) return args[1];
        const auto items = args[0].as_list();
        const double n = args[1].as_number();
        if (n < 1 || n > static_cast<double>(items.size()) || n != static_cast<double>(static_cast<std::size_t>(n))) {
          return ev.unknown_because(fmt::format("no element {} in a list of {}", n, items.size()));
        }
        return items[static_cast<std::size_t>(n) - 1];
      }});
  table.push_back(Builtin{
      {"windows", BuiltinSignature::Form::call, {"list", "size"}, 2,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) -> std::optional<TypeId> {
         if (!is(t, a[1], TypeKind::number)) {
           m = "the window size must be a number";
           return std::nullopt;
         }
         const auto list = a_list(t, a, m, false);
         if (!list) return std::nullopt;
         return t.list_of(*list);
       },
       "every run of n adjacent elements, in order"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        if (args[1].is_unknown()) return args[1];
        const auto items = args[0].as_list();
        const double size = args[1].as_number();
        if (size < 1 || size > static_cast<double>(items.size())) return Value::list({});
        const auto n = static_cast<std::size_t>(size);
        const std::size_t count = items.size() - n + 1;
        Value* out = ev.arena().allocate_array<Value>(count);
        for (std::size_t i = 0; i < count; ++i) out[i] = Value::list(items.subspan(i, n));
        return Value::list({out, count});
      }});
  table.push_back(Builtin{
      {"contains", BuiltinSignature::Form::call, {"list", "value"}, 2,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) -> std::optional<TypeId> {
         if (!a_list(t, a, m, false)) return std::nullopt;
         return t.boolean();
       },
       "whether a list holds a value (unknown if it might)"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        if (args[1].is_unknown()) return args[1];
        const Missing* why = nullptr;
        bool unknown = false;
        for (const Value& item : args[0].as_list()) {
          const Value same = item.is_unknown() ? item : equal(item, args[1]);
          if (same.is_true()) return same;
          if (same.is_unknown()) {
            unknown = true;
            why = ev.join(why, same.missing());
          }
        }
        return unknown ? Value::unknown(why) : Value::boolean(false);
      }});
}

}  // namespace tacit::interpreter
