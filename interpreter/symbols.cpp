#include "interpreter/symbols.hpp"

#include <cassert>
#include <cstring>

namespace tacit::interpreter {
namespace {

template <std::size_t count>
std::uint64_t load_bytes(const char* bytes) {
  std::uint64_t word = 0;
  std::memcpy(&word, bytes, count);  // a constant size: one load, no call
  return word;
}

// Every member name of every record is looked up, so the hash reads eight bytes
// at a time (the last block overlapping the one before) instead of one.
std::uint32_t hash_name(std::string_view name) noexcept {
  constexpr std::uint64_t multiplier = 0x9E3779B97F4A7C15ULL;
  const char* bytes = name.data();
  const std::size_t size = name.size();
  std::uint64_t hash = size * multiplier;
  std::uint64_t tail = 0;
  if (size >= 8) {
    for (std::size_t at = 0; at + 8 < size; at += 8) {
      hash = (hash ^ load_bytes<8>(bytes + at)) * multiplier;
      hash ^= hash >> 32;
    }
    tail = load_bytes<8>(bytes + size - 8);
  } else if (size >= 4) {
    tail = load_bytes<4>(bytes) | (load_bytes<4>(bytes + size - 4) << 32);
  } else if (size > 0) {
    tail = static_cast<unsigned char>(bytes[0]) | (static_cast<unsigned>(static_cast<unsigned char>(bytes[size / 2])) << 8) |
           (static_cast<unsigned>(static_cast<unsigned char>(bytes[size - 1])) << 16);
  }
  hash = (hash ^ tail) * multiplier;
  hash ^= hash >> 29;
  return static_cast<std::uint32_t>(hash ^ (hash >> 32));
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
