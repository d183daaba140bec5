// A monotonic arena: fast allocation of many small objects freed all at once.
//
// Each worker thread owns one Arena. A patient's Datum tree, its events and the
// evaluator's lists are allocated in it, and reset() frees them all between
// patients. Nothing allocated here is ever destroyed individually, so only
// trivially destructible types may live in an Arena (checked at compile time).
//
// Memory comes in chunks that double in size. reset() keeps a single chunk, large
// enough for everything allocated since the previous reset (up to
// limits::max_retained_arena_bytes), so once a worker has seen a typical patient
// the following ones allocate nothing from the heap.
//
// Not thread-safe: one Arena per thread.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace tacit::interpreter {

// Thrown by an Arena asked to grow past its limit (Arena::set_limit).
struct ArenaFull : std::bad_alloc {
  [[nodiscard]] const char* what() const noexcept override { return "the arena reached its limit"; }
};

class Arena {
 public:
  explicit Arena(std::size_t first_chunk_bytes = 64 * 1024);
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&&) noexcept = default;
  Arena& operator=(Arena&&) noexcept = default;
  ~Arena() = default;

  // Uninitialised memory; `alignment` is a power of two. Throws std::bad_alloc.
  [[nodiscard]] void* allocate(std::size_t bytes, std::size_t alignment);

  // Storage for `count` objects of T, default-initialised (for the trivial types
  // stored here: uninitialised). Throws std::bad_alloc when count * sizeof(T) overflows.
  template <typename T>
  [[nodiscard]] T* allocate_array(std::size_t count) {
    static_assert(std::is_trivially_destructible_v<T>, "an Arena never runs destructors");
    if (count > static_cast<std::size_t>(-1) / sizeof(T)) {
      throw_too_large();
    }
    T* out = static_cast<T*>(allocate(count * sizeof(T), alignof(T)));
    std::uninitialized_default_construct_n(out, count);
    return out;
  }

  template <typename T, typename... Args>
  [[nodiscard]] T* create(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "an Arena never runs destructors");
    return new (allocate(sizeof(T), alignof(T))) T{std::forward<Args>(args)...};
  }

  // A copy of `text` that lives until the next reset().
  [[nodiscard]] std::string_view copy(std::string_view text);

  template <typename T>
  [[nodiscard]] std::span<T> copy(std::span<const T> items) {
    T* out = allocate_array<T>(items.size());
    if (!items.empty()) {
      std::memcpy(static_cast<void*>(out), items.data(), items.size_bytes());
    }
    return {out, items.size()};
  }

  // The most bytes this Arena may hold from the heap (0: no limit); allocating
  // more throws ArenaFull. Sessions set limits::max_patient_arena_bytes.
  void set_limit(std::size_t bytes) { limit_ = bytes; }

  // Frees everything allocated so far; see the header comment for what is kept.
  void reset();

  // Bytes handed out since the last reset (including alignment padding).
  [[nodiscard]] std::size_t used_bytes() const;
  // Bytes held from the heap.
  [[nodiscard]] std::size_t reserved_bytes() const;

 private:
  struct Chunk {
    std::unique_ptr<std::byte[]> memory;
    std::size_t size = 0;
  };

  void* allocate_slow(std::size_t bytes, std::size_t alignment);
  void add_chunk(std::size_t size);
  [[noreturn]] static void throw_too_large();

  std::vector<Chunk> chunks_;
  std::byte* cursor_ = nullptr;  // next free byte of the last chunk
  std::byte* end_ = nullptr;     // end of the last chunk
  std::size_t used_before_last_ = 0;  // bytes handed out from every chunk but the last
  std::size_t first_chunk_bytes_;
  std::size_t limit_ = 0;
};

}  // namespace tacit::interpreter
