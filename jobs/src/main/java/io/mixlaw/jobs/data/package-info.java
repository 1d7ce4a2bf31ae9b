/**
 * The data stages: {@code tokenize} (domain corpora into {@code tokenized_documents}, {@code
 * domain_token_stats} and {@code tokenize_quarantine}), {@code mix} (a mixture into Megatron-LM
 * shards and {@code shard_manifest} rows) and {@code verify-shards} (shards read back and checked
 * against their manifest and the requested proportions, and recounted against {@code
 * tokenized_documents}), plus {@link io.mixlaw.jobs.data.TokenizeBenchmark}. The work itself is
 * done by the {@code tokenization} module; these classes spread it over Spark and write the tables.
 * See docs/shards.md.
 */
package io.mixlaw.jobs.data;
