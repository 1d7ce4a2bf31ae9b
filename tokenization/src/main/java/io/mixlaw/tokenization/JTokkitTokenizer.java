package io.mixlaw.tokenization;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;

/**
 * A tiktoken encoding through JTokkit. Special-token strings in the text are encoded as ordinary
 * text ({@code encodeOrdinary}), so a document that quotes {@code <|endoftext|>} is counted as the
 * characters it holds and never splits into two documents.
 */
final class JTokkitTokenizer implements Tokenizer {

  // Loading an encoding parses its merge table (several MB): one registry for the process, and
  // each encoding loaded on first use. JTokkit encodings are immutable and thread-safe.
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  private final TiktokenEncoding encoding;
  private final Encoding jtokkit;
  private final int endOfDocumentToken;

  JTokkitTokenizer(TiktokenEncoding encoding, int endOfDocumentToken) {
    this.encoding = encoding;
    this.jtokkit =
        REGISTRY
            .getEncoding(encoding.encodingName())
            .orElseThrow(
                () ->
                    new TokenizerException(
                        "JTokkit does not ship the encoding " + encoding.encodingName()));
    this.endOfDocumentToken = endOfDocumentToken;
  }

  @Override
  public String name() {
    return encoding.encodingName();
  }

  @Override
  public int vocabularySize() {
    return encoding.vocabularySize();
  }

  @Override
  public int[] encode(String text) {
    TextChecks.requireEncodable(text);
    return jtokkit.encodeOrdinary(text).toArray();
  }

  @Override
  public int endOfDocumentToken() {
    return endOfDocumentToken;
  }

  @Override
  public String toString() {
    return "JTokkitTokenizer[" + encoding.encodingName() + ", eod=" + endOfDocumentToken + "]";
  }
}
