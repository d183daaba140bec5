// Field names as small integers, so that the evaluator finds a field by an integer
// comparison instead of a string comparison.
//
// The table is filled while rule files load (every field name a rule can read),
// before any patient is parsed. From then on it is only read: any number of worker
// threads share one `const SymbolTable&` without locks. Member names of the input
// that no rule mentions have no symbol (no_symbol) and are found by name.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace tacit::interpreter {

using SymbolId = std::int32_t;
inline constexpr SymbolId no_symbol = -1;

class SymbolTable {
 public:
  SymbolTable();

  // The symbol of `name`, added if new. Only while the table is being built: not
  // thread-safe.
  SymbolId intern(std::string_view name);

  // The symbol of `name`, or no_symbol. Thread-safe (reads only).
  [[nodiscard]] SymbolId find(std::string_view name) const noexcept;

  // The name of a symbol; the view lives as long as the table.
  [[nodiscard]] std::string_view name(SymbolId id) const;

  [[nodiscard]] std::size_t size() const { return names_.size(); }

 private:
  void grow();

  std::deque<std::string> names_;  // a deque: growing it never moves a name
  std::vector<std::uint32_t> hashes_;  // by symbol
  std::vector<SymbolId> slots_;  // open addressing with linear probing; a power of two in size
};

}  // namespace tacit::interpreter
