package io.mixlaw.tokenization;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tiktoken encodings that JTokkit ships, with their vocabulary sizes and special tokens as
 * published in tiktoken's {@code tiktoken_ext/openai_public.py} (explicit_n_vocab and the
 * special_tokens tables).
 */
enum TiktokenEncoding {
  R50K_BASE("r50k_base", 50_257, specials("<|endoftext|>", 50_256)),
  P50K_BASE("p50k_base", 50_281, specials("<|endoftext|>", 50_256)),
  P50K_EDIT(
      "p50k_edit",
      50_284,
      specials(
          "<|endoftext|>", 50_256,
          "<|fim_prefix|>", 50_281,
          "<|fim_middle|>", 50_282,
          "<|fim_suffix|>", 50_283)),
  CL100K_BASE(
      "cl100k_base",
      100_277,
      specials(
          "<|endoftext|>", 100_257,
          "<|fim_prefix|>", 100_258,
          "<|fim_middle|>", 100_259,
          "<|fim_suffix|>", 100_260,
          "<|endofprompt|>", 100_276)),
  O200K_BASE("o200k_base", 200_019, specials("<|endoftext|>", 199_999, "<|endofprompt|>", 200_018));

  /** The special token that ends a document in every tiktoken encoding. */
  static final String END_OF_TEXT = "<|endoftext|>";

  private final String encodingName;
  private final int vocabularySize;
  private final Map<String, Integer> specialTokens;

  TiktokenEncoding(String encodingName, int vocabularySize, Map<String, Integer> specialTokens) {
    this.encodingName = encodingName;
    this.vocabularySize = vocabularySize;
    this.specialTokens = specialTokens;
  }

  String encodingName() {
    return encodingName;
  }

  int vocabularySize() {
    return vocabularySize;
  }

  Map<String, Integer> specialTokens() {
    return specialTokens;
  }

  static Optional<TiktokenEncoding> byName(String name) {
    return Arrays.stream(values()).filter(e -> e.encodingName.equals(name)).findFirst();
  }

  static List<String> names() {
    return Arrays.stream(values()).map(TiktokenEncoding::encodingName).toList();
  }

  private static Map<String, Integer> specials(Object... nameIdPairs) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < nameIdPairs.length; i += 2) {
      map.put((String) nameIdPairs[i], (Integer) nameIdPairs[i + 1]);
    }

    return Collections.unmodifiableMap(map);
  }
}
