package io.mixlaw.tokenization;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A Hugging Face {@code tokenizer.json} through DJL's binding of the Rust {@code tokenizers}
 * library. DJL truncates to 512 tokens and adds the post-processor's special tokens by default;
 * both are turned off here, as is padding, whatever the file itself asks for. The native library
 * comes from the DJL jar (it bundles Linux, macOS and Windows builds) and is unpacked to {@code
 * DJL_CACHE_DIR} (default {@code ~/.djl.ai}); no file is downloaded.
 */
final class HuggingFaceFileTokenizer implements Tokenizer {

  private final String name;
  private final int vocabularySize;
  private final int endOfDocumentToken;
  private final HuggingFaceTokenizer djl;

  HuggingFaceFileTokenizer(Path file, HuggingFaceVocabulary vocabulary, int endOfDocumentToken) {
    this.name = "hf:" + file.getFileName() + "#" + vocabulary.sha256().substring(0, 12);
    this.vocabularySize = vocabulary.vocabularySize();
    this.endOfDocumentToken = endOfDocumentToken;
    try {
      this.djl =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optTruncation(false)
              .optPadding(false)
              .optAddSpecialTokens(false)
              .build();
    } catch (IOException | RuntimeException e) {
      throw new TokenizerException(
          "the Hugging Face tokenizer file "
              + file
              + " could not be loaded by the tokenizers library: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int vocabularySize() {
    return vocabularySize;
  }

  @Override
  public int[] encode(String text) {
    TextChecks.requireEncodable(text);
    // Limitation: added tokens spelled out in a text (e.g. "</s>") get their special ids.
    long[] ids = djl.encode(text, false, false).getIds();
    int[] tokens = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      tokens[i] = Math.toIntExact(ids[i]);
    }

    return tokens;
  }

  @Override
  public int endOfDocumentToken() {
    return endOfDocumentToken;
  }

  @Override
  public void close() {
    djl.close();
  }

  @Override
  public String toString() {
    return "HuggingFaceFileTokenizer[" + name + ", eod=" + endOfDocumentToken + "]";
  }
}
