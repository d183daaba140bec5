#include "interpreter/builtins.hpp"

namespace tacit::interpreter {
namespace {

std::vector<Builtin> make_table() {
  std::vector<Builtin> table;
  add_time_builtins(table);
  add_list_builtins(table);
  add_comprehension_builtins(table);
  add_value_builtins(table);
  return table;
}

}  // namespace

const std::vector<Builtin>& builtins() {
  static const std::vector<Builtin> table = make_table();
  return table;
}

const dsl::BuiltinCatalog& builtin_catalog() {
  static const dsl::BuiltinCatalog catalog = [] {
    dsl::BuiltinCatalog out;
    for (const Builtin& builtin : builtins()) out.push_back(builtin.signature);
    return out;
  }();
  return catalog;
}

}  // namespace tacit::interpreter
