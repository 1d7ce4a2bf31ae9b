package io.mixlaw.core.table;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/**
 * Definitions of the data tables: tokenized corpora, their per-domain statistics and
 * quarantine, and the manifest of mixture shards.
 *
 * <p>Token counts in {@code tokenized_documents} and {@code domain_token_stats} are the
 * tokenizer's output for each document, without the end-of-document token; counts in {@code
 * shard_manifest} are shard tokens, one end-of-document token per document included (see
 * docs/shards.md).
 */
public final class DataTables {

  private static final DataType COUNTS_BY_DOMAIN = createMapType(StringType, LongType, false);

  /** One row per tokenizer, domain and document. */
  public static final TableDefinition TOKENIZED_DOCUMENTS =
      new TableDefinition(
          "tokenized_documents",
          createStructType(
              List.of(
                  required("tokenizer", StringType),
                  required("domain", StringType),
                  required("document_id", StringType),
                  required("token_count", IntegerType),
                  required("tokens", createArrayType(IntegerType, false)),
                  required("text_bytes", LongType),
                  required("source_file", StringType),
                  required("line_number", LongType))),
          List.of("tokenizer", "domain", "document_id"),
          "One row per tokenizer x domain x document: the tokenizer's full output (no added"
              + " tokens), the text's UTF-8 bytes and where it was read, written by tokenize");

  /** One row per tokenizer and domain. */
  public static final TableDefinition DOMAIN_TOKEN_STATS =
      new TableDefinition(
          "domain_token_stats",
          createStructType(
              List.of(
                  required("tokenizer", StringType),
                  required("domain", StringType),
                  required("documents", LongType),
                  required("tokens", LongType),
                  required("bytes", LongType),
                  required("tokens_per_byte", DoubleType),
                  required("max_document_tokens", IntegerType),
                  required("quarantined", LongType),
                  required("files", LongType),
                  required("vocabulary_size", IntegerType),
                  required("end_of_document_token", IntegerType))),
          List.of("tokenizer", "domain"),
          "One row per tokenizer x domain: documents, tokens, UTF-8 bytes, tokens per byte, the"
              + " longest document, quarantined records and files read, written by tokenize");

  /** One row per quarantined corpus record. */
  public static final TableDefinition TOKENIZE_QUARANTINE =
      new TableDefinition(
          "tokenize_quarantine",
          createStructType(
              List.of(
                  required("domain", StringType),
                  required("source_file", StringType),
                  required("line_number", LongType),
                  required("reason", StringType),
                  required("detail", StringType),
                  required("excerpt", StringType))),
          List.of("domain", "source_file", "line_number"),
          "Corpus records that did not become documents (invalid UTF-8, unparsable line, missing"
              + " or empty text, lone surrogate, duplicate id) with the reason, written by"
              + " tokenize; line 0 is a whole text file");

  /** One row per mixture and shard. */
  public static final TableDefinition SHARD_MANIFEST =
      new TableDefinition(
          "shard_manifest",
          createStructType(
              List.of(
                  required("mixture_id", StringType),
                  required("shard_index", IntegerType),
                  required("directory", StringType),
                  required("prefix", StringType),
                  required("tokenizer", StringType),
                  required("dtype", StringType),
                  required("end_of_document_token", IntegerType),
                  required("sequence_length", IntegerType),
                  required("first_sequence", LongType),
                  required("sequences", IntegerType),
                  required("tokens", LongType),
                  required("documents", LongType),
                  required("tokens_by_domain", COUNTS_BY_DOMAIN),
                  required("documents_by_domain", COUNTS_BY_DOMAIN),
                  required("bin_sha256", StringType),
                  required("idx_sha256", StringType),
                  required("document_map_sha256", StringType),
                  required("budget_tokens", LongType),
                  required("seed", LongType))),
          List.of("mixture_id", "shard_index"),
          "One row per mixture x shard of Megatron-LM shards: location, layout, shard tokens and"
              + " documents per domain (end-of-document tokens included), SHA-256 checksums,"
              + " written by mix");

  private DataTables() {}

  private static StructField required(String name, DataType type) {
    return createStructField(name, type, false);
  }
}
