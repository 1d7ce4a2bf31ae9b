package io.mixlaw.jobs.data;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.mixlaw.tokenization.Tokenizer;
import io.mixlaw.tokenization.UnencodableTextException;
import io.mixlaw.tokenization.corpus.CorpusDocument;
import io.mixlaw.tokenization.corpus.CorpusRecord;
import io.mixlaw.tokenization.corpus.QuarantineReason;
import io.mixlaw.tokenization.corpus.QuarantinedRecord;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The rows the tokenize tasks emit: one per corpus record, either a tokenized document or a
 * quarantined record, in one schema so that a single pass over the files yields both.
 */
final class TokenizedRows {

  static final String DOCUMENT = "document";
  static final String QUARANTINE = "quarantine";

  static final StructType SCHEMA =
      createStructType(
          List.of(
              createStructField("kind", StringType, false),
              createStructField("domain", StringType, false),
              createStructField("document_id", StringType, true),
              createStructField("token_count", IntegerType, true),
              createStructField("tokens", createArrayType(IntegerType, false), true),
              createStructField("text_bytes", LongType, true),
              createStructField("source_file", StringType, false),
              createStructField("line_number", LongType, false),
              createStructField("reason", StringType, true),
              createStructField("detail", StringType, true),
              createStructField("excerpt", StringType, true)));

  private TokenizedRows() {}

  /** Tokenizes a document or passes a quarantined record through. */
  static Row of(CorpusRecord record, Tokenizer tokenizer) {
    if (record instanceof QuarantinedRecord q) {
      return quarantine(q.domain(), q.file(), q.line(), q.reason().name(), q.detail(), q.excerpt());
    }

    CorpusDocument document = (CorpusDocument) record;
    int[] tokens;
    try {
      tokens = tokenizer.encode(document.text());
    } catch (UnencodableTextException e) {
      return quarantine(
          document.domain(),
          document.file(),
          document.line(),
          QuarantineReason.LONE_SURROGATE.name(),
          e.getMessage(),
          "");
    }

    return RowFactory.create(
        DOCUMENT,
        document.domain(),
        document.id(),
        tokens.length,
        tokens,
        utf8Length(document.text()),
        document.file(),
        document.line(),
        null,
        null,
        null);
  }

  static Row quarantine(
      String domain, String file, long line, String reason, String detail, String excerpt) {
    return RowFactory.create(
        QUARANTINE, domain, null, null, null, null, file, line, reason, detail, excerpt);
  }

  /** The UTF-8 length of a text whose surrogates are all paired. */
  static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }

    return bytes;
  }
}
