/**
 * Megatron-LM indexed datasets: the {@code .bin} token array and its {@code .idx} index.
 *
 * <p>{@link io.mixlaw.tokenization.shard.MegatronShardWriter} writes them and {@link
 * io.mixlaw.tokenization.shard.MegatronShardReader} reads them back; the reader shares no code with
 * the writer, so that a round trip tests the format rather than one implementation against itself.
 * {@link io.mixlaw.tokenization.shard.TokenDtype} applies Megatron's rule for the token type:
 * {@code uint16} while the vocabulary is below 65,500 ids, otherwise {@code int32} (the format has
 * no unsigned 32-bit code).
 *
 * <p>The {@code .idx} layout, all little-endian: the 9 magic bytes {@code "MMIDIDX\0\0"}; the
 * version (uint64, 1); the token type code (uint8: 1 uint8, 2 int8, 3 int16, 4 int32, 5 int64, 6
 * float64, 7 float32, 8 uint16); the sequence count n (uint64); the document index count m
 * (uint64); n sequence lengths in tokens (int32); n sequence start offsets in bytes into the {@code
 * .bin} (int64); m document indices (int64), where document d spans sequences {@code [index[d],
 * index[d+1])}, starting at 0 and ending at n.
 */
package io.mixlaw.tokenization.shard;
