#include "interpreter/symbols.hpp"

#include <cassert>

namespace tacit::interpreter {
namespace {

// FNV-1a: names are short, so a simple byte-at-a-time hash is as fast as any.
std::uint32_t hash_name(std::string_view name) noexcept {
  std::uint32_t hash = 2166136261U;
  for (const char c : name) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 16777619U;
  }
  return hash;
}

}  // namespace

SymbolTable::SymbolTable() : slots_(64, no_symbol) {}

SymbolId SymbolTable::intern(std::string_view name) {
  if (const SymbolId existing = find(name); existing != no_symbol) {
    return existing;
  }
  if ((names_.size() + 1) * 2 > slots_.size()) {
    grow();
  }
  const auto id = static_cast<SymbolId>(names_.size());
  const std::uint32_t hash = hash_name(name);
  names_.emplace_back(name);
  hashes_.push_back(hash);
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = hash & mask;
  while (slots_[slot] != no_symbol) {
    slot = (slot + 1) & mask;
  }
  slots_[slot] = id;
  return id;
}

SymbolId SymbolTable::find(std::string_view name) const noexcept {
  const std::uint32_t hash = hash_name(name);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const SymbolId id = slots_[slot];
    if (id == no_symbol) {
      return no_symbol;
    }
    if (hashes_[static_cast<std::size_t>(id)] == hash && names_[static_cast<std::size_t>(id)] == name) {
      return id;
    }
  }
}

std::string_view SymbolTable::name(SymbolId id) const {
  assert(id >= 0 && static_cast<std::size_t>(id) < names_.size());
  return names_[static_cast<std::size_t>(id)];
}

void SymbolTable::grow() {
  std::vector<SymbolId> slots(slots_.size() * 2, no_symbol);
  const std::size_t mask = slots.size() - 1;
  for (std::size_t id = 0; id < names_.size(); ++id) {
    std::size_t slot = hashes_[id] & mask;
    while (slots[slot] != no_symbol) {
      slot = (slot + 1) & mask;
    }
    slots[slot] = static_cast<SymbolId>(id);
  }
  slots_ = std::move(slots);
}

}  // namespace tacit::interpreter
