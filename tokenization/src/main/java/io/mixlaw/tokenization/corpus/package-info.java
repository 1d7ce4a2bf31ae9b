/**
 * Corpus readers: one domain's documents from JSON Lines files (plain, {@code .gz} or {@code .zst})
 * or a folder of text files.
 *
 * <p>{@link io.mixlaw.tokenization.corpus.CorpusReader} turns each input file into a stream of
 * {@link io.mixlaw.tokenization.corpus.CorpusRecord}s: a {@link
 * io.mixlaw.tokenization.corpus.CorpusDocument} for every valid document and a {@link
 * io.mixlaw.tokenization.corpus.QuarantinedRecord} (file, line, reason) for every line that is not
 * valid UTF-8, does not parse, or lacks a usable text field. Valid documents are never dropped, and
 * a bad line never stops the read. A large JSON Lines file can be read by several readers at once
 * ({@link io.mixlaw.tokenization.corpus.CorpusSplit}, cut by {@link
 * io.mixlaw.tokenization.corpus.CorpusSplits}) with the same line numbers. Parquet inputs are read
 * by the Spark tokenize stage with Spark's own reader and validated here with {@link
 * io.mixlaw.tokenization.corpus.RecordValidator}.
 */
package io.mixlaw.tokenization.corpus;
