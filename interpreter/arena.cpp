#include "interpreter/arena.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <new>

#include "interpreter/limits.hpp"

namespace tacit::interpreter {

Arena::Arena(std::size_t first_chunk_bytes) : first_chunk_bytes_(std::max<std::size_t>(first_chunk_bytes, 256)) {
  chunks_.reserve(16);
}

void* Arena::allocate(std::size_t bytes, std::size_t alignment) {
  const auto address = reinterpret_cast<std::uintptr_t>(cursor_);
  const std::uintptr_t aligned = (address + (alignment - 1)) & ~static_cast<std::uintptr_t>(alignment - 1);
  const auto available = static_cast<std::uintptr_t>(end_ - cursor_);
  if (cursor_ != nullptr && aligned - address <= available && bytes <= available - (aligned - address)) {
    cursor_ += (aligned - address) + bytes;
    return reinterpret_cast<void*>(aligned);
  }
  return allocate_slow(bytes, alignment);
}

void* Arena::allocate_slow(std::size_t bytes, std::size_t alignment) {
  if (bytes > static_cast<std::size_t>(-1) / 4 || alignment > alignof(std::max_align_t) || !std::has_single_bit(alignment)) {
    throw_too_large();
  }
  const std::size_t previous = chunks_.empty() ? first_chunk_bytes_ / 2 : chunks_.back().size;
  add_chunk(std::max(previous * 2, bytes + alignment));
  return allocate(bytes, alignment);
}

void Arena::add_chunk(std::size_t size) {
  if (limit_ != 0 && reserved_bytes() + size > limit_) {
    throw ArenaFull();
  }
  if (!chunks_.empty()) {
    used_before_last_ += static_cast<std::size_t>(cursor_ - chunks_.back().memory.get());
  }
  chunks_.push_back(Chunk{std::make_unique_for_overwrite<std::byte[]>(size), size});
  cursor_ = chunks_.back().memory.get();
  end_ = cursor_ + size;
}

std::string_view Arena::copy(std::string_view text) {
  if (text.empty()) {
    return {};
  }
  char* out = allocate_array<char>(text.size());
  std::memcpy(out, text.data(), text.size());
  return {out, text.size()};
}

void Arena::reset() {
  if (chunks_.empty()) {
    return;
  }
  const std::size_t cap = std::max(first_chunk_bytes_, limits::max_retained_arena_bytes);
  const std::size_t wanted = std::clamp(used_bytes(), first_chunk_bytes_, cap);
  auto largest = std::max_element(chunks_.begin(), chunks_.end(),
                                  [](const Chunk& a, const Chunk& b) { return a.size < b.size; });
  if (largest->size >= wanted && largest->size <= cap) {
    Chunk kept = std::move(*largest);
    chunks_.clear();
    chunks_.push_back(std::move(kept));
  } else {
    // The patients of this worker need more than one chunk (or one far too large):
    // replace them by one chunk that fits what was used, so the next patient of this
    // size allocates nothing.
    chunks_.clear();
    chunks_.push_back(Chunk{std::make_unique_for_overwrite<std::byte[]>(wanted), wanted});
  }
  used_before_last_ = 0;
  cursor_ = chunks_.back().memory.get();
  end_ = cursor_ + chunks_.back().size;
}

std::size_t Arena::used_bytes() const {
  if (chunks_.empty()) {
    return 0;
  }
  return used_before_last_ + static_cast<std::size_t>(cursor_ - chunks_.back().memory.get());
}

std::size_t Arena::reserved_bytes() const {
  std::size_t total = 0;
  for (const Chunk& chunk : chunks_) {
    total += chunk.size;
  }
  return total;
}

void Arena::throw_too_large() { throw std::bad_alloc(); }

}  // namespace tacit::interpreter
