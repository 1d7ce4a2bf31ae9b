package io.mixlaw.law;

/**
 * The SplitMix64 generator of Steele, Lea and Flood (2014), "Fast splittable pseudorandom number
 * generators" (OOPSLA): a 64-bit counter advanced by the golden-ratio increment and scrambled by a
 * fixed mixing function. Its output depends only on the seed, so a stream is reproduced bit for bit
 * on any JVM; it is not cryptographic.
 */
final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** The mixing function (variant 13 of Stafford's MurmurHash3 finalizer). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Next 64 uniformly distributed bits. */
  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /**
   * Uniform integer in {@code [0, bound)} without modulo bias, by rejection on the top 63 bits.
   *
   * @param bound exclusive upper bound, &gt; 0
   */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0, got " + bound);
    }
    long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
    long bits;
    do {
      bits = nextLong() >>> 1;
    } while (bits >= limit);
    return (int) (bits % bound);
  }
}
