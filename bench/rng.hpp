// A seeded PRNG whose output is the same on every compiler and standard
// library: std::uniform_*_distribution is implementation-defined, so a cohort
// generated with libstdc++ would differ from one generated with libc++.
// splitmix64 seeds xoshiro256** (Blackman & Vigna); every draw below uses
// integer arithmetic only.
#pragma once

#include <cstdint>

namespace bench {

constexpr uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  // One independent stream per (seed, stream): the generator seeds one per
  // patient, so patient i is the same whatever the cohort size or chunking.
  Rng(uint64_t seed, uint64_t stream) {
    uint64_t sm = seed ^ (stream * 0xD1B54A32D192ED03ULL);
    for (uint64_t& word : s_) word = splitmix64(sm);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [lo, hi], inclusive (hi - lo < 2^32). Lemire's multiply-shift
  // on the top 32 bits; its bias (< span / 2^32) is irrelevant here.
  int32_t range(int32_t lo, int32_t hi) {
    const uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo + 1);
    const uint64_t scaled = ((next() >> 32) * span) >> 32;
    return static_cast<int32_t>(static_cast<int64_t>(lo) + static_cast<int64_t>(scaled));
  }

  // True with probability permille / 1000.
  bool chance(int32_t permille) { return range(0, 999) < permille; }

  // Picks index i with probability weights[i] / sum(weights).
  template <int N>
  int pick(const int32_t (&weights)[N]) {
    int32_t total = 0;
    for (int32_t w : weights) total += w;
    int32_t r = range(0, total - 1);
    for (int i = 0; i < N; ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return N - 1;
  }

 private:
  static constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace bench
