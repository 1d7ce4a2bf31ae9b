package io.mixlaw.tokenization.corpus;

/** What a corpus reader yields for one line or file: a document or a quarantined record. */
public sealed interface CorpusRecord permits CorpusDocument, QuarantinedRecord {

  /** Returns the domain of the input the record came from. */
  String domain();

  /** Returns the file the record came from, as the reader was given it. */
  String file();

  /** Returns the 1-based line of the record in its file; 0 for a whole text file. */
  long line();
}
