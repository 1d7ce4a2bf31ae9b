package io.mixlaw.tokenization.mix;

import java.nio.charset.StandardCharsets;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014). Written out here rather than taken from the JDK so that a seed gives
 * the same shuffles, and so the same shard bytes, on every Java version.
 */
final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final long FNV_OFFSET = 0xCBF29CE484222325L;
  private static final long FNV_PRIME = 0x100000001B3L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** Derives an independent seed for one purpose (a domain and epoch, the cross-domain shuffle). */
  static long derive(long seed, String purpose, long index) {
    long hash = FNV_OFFSET;
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
    }

    return mix(mix(seed ^ hash) + index * GOLDEN_GAMMA);
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Returns a uniform int in [0, bound) without modulo bias. */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0, got " + bound);
    }

    // Values below 2^64 mod bound would make the low residues more likely; draw again.
    long threshold = Long.remainderUnsigned(-(long) bound, bound);
    while (true) {
      long r = nextLong();
      if (Long.compareUnsigned(r, threshold) >= 0) {
        return (int) Long.remainderUnsigned(r, bound);
      }
    }
  }

  /** Shuffles the array in place (Fisher-Yates). */
  void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
