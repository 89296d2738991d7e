/*
 * Independent reference for lib/random.ts: xoshiro128** (the authors' reference algorithm, written with
 * uint32_t arithmetic), the (seed, stream) seeding documented in lib/random.ts, and Lemire's bounded draw
 * with 64-bit products. Writes tests/fixtures/xoshiro128ss.json.
 *
 * Regenerate (from the project root):
 *   gcc -O2 -std=c99 -o /tmp/xoshiro128ss scripts/reference/xoshiro128ss.c && /tmp/xoshiro128ss > tests/fixtures/xoshiro128ss.json
 */
#include <stdint.h>
#include <stdio.h>

static uint32_t s[4];

static inline uint32_t rotl(const uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

/* xoshiro128** 1.1, as in https://prng.di.unimi.it/xoshiro128starstar.c */
static uint32_t next(void) {
  const uint32_t result = rotl(s[1] * 5, 7) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

static uint32_t fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

static void seed_stream(uint64_t seed, uint32_t stream) {
  const uint32_t phi = 0x9e3779b9u;
  uint32_t lo = (uint32_t)(seed & 0xffffffffu), hi = (uint32_t)(seed >> 32);
  uint32_t h = fmix32(lo);
  h = fmix32((h ^ hi) + phi);
  h = fmix32((h ^ stream) + phi);
  for (int k = 0; k < 4; k++) s[k] = fmix32(h + (uint32_t)(k + 1) * phi);
}

/* Lemire's nearly divisionless bounded draw, 64-bit product (valid for every bound in [1, 2^32)). */
static uint32_t below_lemire(uint32_t bound) {
  uint64_t m = (uint64_t)next() * bound;
  uint32_t l = (uint32_t)m;
  if (l < bound) {
    uint32_t t = (uint32_t)(-bound) % bound;
    while (l < t) {
      m = (uint64_t)next() * bound;
      l = (uint32_t)m;
    }
  }
  return (uint32_t)(m >> 32);
}

/* Threshold rejection, used by lib/random.ts for bounds above 2^21. */
static uint32_t below_threshold(uint64_t bound) {
  uint64_t t = 4294967296ull % bound;
  uint64_t x = next();
  while (x < t) x = next();
  return (uint32_t)(x % bound);
}

static uint32_t below(uint64_t bound) { return bound <= 0x200000u ? below_lemire((uint32_t)bound) : below_threshold(bound); }

static void print_seq(const char *name, int count, int bounded, uint64_t bound, int last) {
  printf("  \"%s\": [", name);
  for (int i = 0; i < count; i++) printf("%s%u", i ? ", " : "", bounded ? below(bound) : next());
  printf("]%s\n", last ? "" : ",");
}

int main(void) {
  printf("{\n");
  printf("  \"generator\": \"xoshiro128** 1.1 (reference C), seeding and bounded draws as documented in lib/random.ts\",\n");
  s[0] = 1; s[1] = 2; s[2] = 3; s[3] = 4;
  print_seq("state_1_2_3_4_uint32", 20, 0, 0, 0);
  printf("  \"fmix32\": {\"0\": %u, \"1\": %u, \"123456789\": %u, \"4294967295\": %u},\n", fmix32(0), fmix32(1),
         fmix32(123456789u), fmix32(4294967295u));
  seed_stream(123456789u, 0); print_seq("seed_123456789_stream_0_uint32", 10, 0, 0, 0);
  seed_stream(123456789u, 1); print_seq("seed_123456789_stream_1_uint32", 10, 0, 0, 0);
  seed_stream(0, 0); print_seq("seed_0_stream_0_uint32", 10, 0, 0, 0);
  seed_stream(9007199254740991ull, 3141); print_seq("seed_2p53m1_stream_3141_uint32", 10, 0, 0, 0);
  seed_stream(42, 7); print_seq("seed_42_stream_7_below_3108", 50, 1, 3108, 0);
  seed_stream(42, 7); print_seq("seed_42_stream_7_below_6", 50, 1, 6, 0);
  seed_stream(42, 8); print_seq("seed_42_stream_8_below_2097152", 30, 1, 2097152, 0);
  seed_stream(42, 9); print_seq("seed_42_stream_9_below_3000000000", 30, 1, 3000000000ull, 0);
  seed_stream(42, 10); print_seq("seed_42_stream_10_below_4294967296", 10, 1, 4294967296ull, 1);
  printf("}\n");
  return 0;
}
