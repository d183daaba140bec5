// The set of patient ids seen in one input, for the duplicate-id check.
//
// A cohort of a million patients must stream in bounded memory, but duplicate ids
// can only be found by remembering every id. Each id is kept as a 64-bit hash in an
// open-addressing table (at most half full): 16 bytes per patient at worst, 16 MB
// for a million, where a node-based set would take 40 or more. Two different ids
// collide with probability about n^2 / 2^65 (3e-8 for a million patients); a
// collision would wrongly reject the later patient, which is reported like any
// duplicate, never silently dropped.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace tacit::interpreter {

class IdSet {
 public:
  // Adds an id; false when it (or, with negligible probability, a colliding
  // one) was already there.
  bool insert(std::string_view id) {
    std::uint64_t h = hash(id);
    if (h == 0) h = 1;  // 0 marks an empty slot
    if ((size_ + 1) * 2 > slots_.size()) grow();
    return place(h);
  }

 private:
  static std::uint64_t hash(std::string_view id) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a, then a final mix
    for (const char c : id) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
  }

  bool place(std::uint64_t h) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return false;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++size_;
        return true;
      }
    }
  }

  void grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    size_ = 0;
    for (const std::uint64_t h : old) {
      if (h != 0) place(h);
    }
  }

  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

}  // namespace tacit::interpreter
