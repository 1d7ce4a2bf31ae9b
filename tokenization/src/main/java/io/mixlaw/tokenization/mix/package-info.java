/**
 * Exact-mixture sampling, sequence packing and shard assembly.
 *
 * <p>{@link io.mixlaw.tokenization.mix.MixPlanner} turns a {@link
 * io.mixlaw.tokenization.mix.MixtureRequest} (weights by domain, a token budget, a seed, an epoch
 * limit per domain) and the token counts of each domain's documents into a {@link
 * io.mixlaw.tokenization.mix.MixPlan}: whole documents per domain adding up to the domain's token
 * target (tokens, not documents), repeated only up to the epoch limit, then shuffled across
 * domains. {@link io.mixlaw.tokenization.mix.ShardLayout} packs the shuffled stream into sequences
 * of a fixed length and groups them into shards; {@link
 * io.mixlaw.tokenization.mix.MixtureShardWriter} writes each shard as a Megatron-LM indexed dataset
 * with a document map beside it, and {@link io.mixlaw.tokenization.mix.ShardVerifier} checks the
 * result with the independent reader, and recounts each shard against the documents' tokens.
 *
 * <p>Every document in a shard ends with the tokenizer's end-of-document token; token targets and
 * counts in this package include that token ({@link
 * io.mixlaw.tokenization.mix.MixPlanner#END_OF_DOCUMENT_TOKENS} per document). The same request,
 * documents and seed always give the same plan and the same shard bytes.
 */
package io.mixlaw.tokenization.mix;
