package io.mixlaw.jobs.data;

import static org.apache.spark.sql.functions.col;

import io.mixlaw.tokenization.Tokenizer;
import io.mixlaw.tokenization.UnencodableTextException;
import io.mixlaw.tokenization.corpus.CorpusDocument;
import io.mixlaw.tokenization.corpus.CorpusRecord;
import io.mixlaw.tokenization.corpus.QuarantineReason;
import io.mixlaw.tokenization.corpus.QuarantinedRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The records the tokenize tasks emit: one per corpus record, either a tokenized document or a
 * quarantined record, in one type so that a single pass over the files yields both.
 *
 * <p>Tasks emit {@link Record} beans rather than generic rows: Spark's bean encoder copies a
 * primitive {@code int[]} into its row format in one block, where a generic row would box and
 * unbox every token.
 */
final class TokenizedRows {

  static final String DOCUMENT = "document";
  static final String QUARANTINE = "quarantine";

  /** Records per cached block (see {@link Cached}). */
  static final int BLOCK_RECORDS = 1024;

  private TokenizedRows() {}

  /**
   * The records of a read, cached as the tasks emit them, in blocks of {@value #BLOCK_RECORDS}.
   * Spark's block manager samples the size of a cached partition as it grows, walking the objects
   * of its elements; over single records that walk cost about a twentieth of the tokenizing, over
   * blocks it is negligible.
   */
  static final class Cached {

    private final JavaRDD<ArrayList<Record>> blocks;

    private Cached(JavaRDD<ArrayList<Record>> blocks) {
      this.blocks = blocks;
    }

    /** Caches the records; nothing runs until {@link #count()}. */
    static Cached of(JavaRDD<Record> records) {
      JavaRDD<ArrayList<Record>> blocks =
          records.mapPartitions(
              (FlatMapFunction<Iterator<Record>, ArrayList<Record>>) Cached::blocksOf, true);
      blocks.persist(StorageLevel.MEMORY_AND_DISK());
      return new Cached(blocks);
    }

    /** Reads and caches every record, and returns how many there are. */
    long count() {
      return blocks.map(block -> (long) block.size()).fold(0L, Long::sum);
    }

    /** The cached records. */
    JavaRDD<Record> records() {
      return blocks.flatMap(ArrayList::iterator);
    }

    /** Drops the cache. */
    void release() {
      blocks.unpersist(true);
    }

    private static Iterator<ArrayList<Record>> blocksOf(Iterator<Record> records) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return records.hasNext();
        }

        @Override
        public ArrayList<Record> next() {
          ArrayList<Record> block = new ArrayList<>(BLOCK_RECORDS);
          while (records.hasNext() && block.size() < BLOCK_RECORDS) {
            block.add(records.next());
          }

          return block;
        }
      };
    }
  }

  /**
   * One corpus record as a task emits it. A Java bean (public, mutable, no-argument constructor)
   * because that is what Spark's bean encoder reads; it lives only between a task and the
   * encoder.
   */
  public static final class Record implements Serializable {

    private static final long serialVersionUID = 1L;

    private String kind;
    private String domain;
    private String documentId;
    private Integer tokenCount;
    private int[] tokens;
    private Long textBytes;
    private String sourceFile;
    private long lineNumber;
    private String reason;
    private String detail;
    private String excerpt;

    /** An empty record, for the encoder. */
    public Record() {}

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public String getDomain() {
      return domain;
    }

    public void setDomain(String domain) {
      this.domain = domain;
    }

    public String getDocumentId() {
      return documentId;
    }

    public void setDocumentId(String documentId) {
      this.documentId = documentId;
    }

    public Integer getTokenCount() {
      return tokenCount;
    }

    public void setTokenCount(Integer tokenCount) {
      this.tokenCount = tokenCount;
    }

    // The encoder hands the array to Spark, which copies it; no caller keeps or changes it.
    public int[] getTokens() {
      return tokens;
    }

    public void setTokens(int[] tokens) {
      this.tokens = tokens;
    }

    public Long getTextBytes() {
      return textBytes;
    }

    public void setTextBytes(Long textBytes) {
      this.textBytes = textBytes;
    }

    public String getSourceFile() {
      return sourceFile;
    }

    public void setSourceFile(String sourceFile) {
      this.sourceFile = sourceFile;
    }

    public long getLineNumber() {
      return lineNumber;
    }

    public void setLineNumber(long lineNumber) {
      this.lineNumber = lineNumber;
    }

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }

    public String getDetail() {
      return detail;
    }

    public void setDetail(String detail) {
      this.detail = detail;
    }

    public String getExcerpt() {
      return excerpt;
    }

    public void setExcerpt(String excerpt) {
      this.excerpt = excerpt;
    }

    /** Whether this record is a tokenized document (else it is quarantined). */
    boolean isDocument() {
      return DOCUMENT.equals(kind);
    }
  }

  /**
   * The records as a DataFrame with the stage's column names: kind, domain, document_id,
   * token_count, tokens, text_bytes, source_file, line_number, reason, detail, excerpt.
   */
  static Dataset<Row> frame(SparkSession spark, JavaRDD<Record> records) {
    return spark
        .createDataset(records.rdd(), Encoders.bean(Record.class))
        .select(
            col("kind"),
            col("domain"),
            col("documentId").as("document_id"),
            col("tokenCount").as("token_count"),
            col("tokens"),
            col("textBytes").as("text_bytes"),
            col("sourceFile").as("source_file"),
            col("lineNumber").as("line_number"),
            col("reason"),
            col("detail"),
            col("excerpt"));
  }

  /** Tokenizes a document or passes a quarantined record through. */
  static Record of(CorpusRecord record, Tokenizer tokenizer) {
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

    Record out = new Record();
    out.kind = DOCUMENT;
    out.domain = document.domain();
    out.documentId = document.id();
    out.tokenCount = tokens.length;
    out.tokens = tokens;
    out.textBytes = document.utf8Bytes();
    out.sourceFile = document.file();
    out.lineNumber = document.line();
    return out;
  }

  static Record quarantine(
      String domain, String file, long line, String reason, String detail, String excerpt) {
    Record out = new Record();
    out.kind = QUARANTINE;
    out.domain = domain;
    out.sourceFile = file;
    out.lineNumber = line;
    out.reason = reason;
    out.detail = detail;
    out.excerpt = excerpt;
    return out;
  }
}
