package io.mixlaw.tokenization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenizersTest {

  private static final EncodingRegistry JTOKKIT = Encodings.newDefaultEncodingRegistry();

  /**
   * Token ids published by OpenAI in the Cookbook notebook "How to count tokens with tiktoken"
   * (openai/openai-cookbook, examples/How_to_count_tokens_with_tiktoken.ipynb), sections 3 and 5,
   * produced there by tiktoken itself.
   */
  static Stream<Arguments> publishedIds() {
    return Stream.of(
        Arguments.of("o200k_base", "tiktoken is great!", new int[] {83, 8251, 2488, 382, 2212, 0}),
        Arguments.of(
            "o200k_base",
            "antidisestablishmentarianism",
            new int[] {493, 129901, 376, 160388, 21203, 2367}),
        Arguments.of("o200k_base", "2 + 2 = 4", new int[] {17, 659, 220, 17, 314, 220, 19}),
        Arguments.of(
            "o200k_base",
            "お誕生日おめでとう",
            new int[] {8930, 9697, 243, 128225, 8930, 17693, 4344, 48669}),
        Arguments.of("cl100k_base", "tiktoken is great!", new int[] {83, 1609, 5963, 374, 2294, 0}),
        Arguments.of(
            "cl100k_base",
            "antidisestablishmentarianism",
            new int[] {519, 85342, 34500, 479, 8997, 2191}),
        Arguments.of("cl100k_base", "2 + 2 = 4", new int[] {17, 489, 220, 17, 284, 220, 19}),
        Arguments.of(
            "cl100k_base",
            "お誕生日おめでとう",
            new int[] {33334, 45918, 243, 21990, 9080, 33334, 62004, 16556, 78699}),
        Arguments.of(
            "r50k_base", "antidisestablishmentarianism", new int[] {415, 29207, 44390, 3699, 1042}),
        Arguments.of("p50k_base", "2 + 2 = 4", new int[] {17, 1343, 362, 796, 604}));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("publishedIds")
  void encodesKnownStringsToTheEncodingsPublishedIds(String encoding, String text, int[] ids) {
    try (Tokenizer tokenizer = Tokenizers.byName(encoding)) {
      assertThat(tokenizer.encode(text)).containsExactly(ids);
    }
  }

  @Test
  void defaultEncodingIsO200kBase() {
    assertThat(Tokenizers.DEFAULT_ENCODING).isEqualTo("o200k_base");
    assertThat(Tokenizers.encodingNames())
        .containsExactly("r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base");
  }

  @Test
  void tokenCountsOfEveryBundledDomainMatchJTokkitCalledDirectly() {
    Encoding direct = JTOKKIT.getEncoding("o200k_base").orElseThrow();
    try (Tokenizer tokenizer = Tokenizers.byName("o200k_base")) {
      long total = 0;
      for (String domain : TestCorpora.DOMAINS) {
        for (String text : TestCorpora.texts(domain, "valid", 40)) {
          int[] ids = tokenizer.encode(text);
          assertThat(ids.length).isEqualTo(direct.countTokensOrdinary(text));
          assertThat(ids).containsExactly(direct.encodeOrdinary(text).toArray());
          total += ids.length;
        }
      }

      assertThat(total).isGreaterThan(10_000);
    }
  }

  @Test
  void longDocumentIsEncodedWhole() {
    String text = String.join("\n\n", TestCorpora.texts("english", "valid", 26));
    Encoding direct = JTOKKIT.getEncoding("cl100k_base").orElseThrow();
    try (Tokenizer tokenizer = Tokenizers.byName("cl100k_base")) {
      int[] ids = tokenizer.encode(text);
      assertThat(ids.length).isEqualTo(direct.countTokensOrdinary(text)).isGreaterThan(20_000);
      assertThat(direct.decode(toList(ids))).isEqualTo(text);
    }
  }

  @Test
  void vocabularySizeIsOnePastTheLargestIdJTokkitCanDecode() {
    assertVocabulary("r50k_base", 50_257, 50_256);
    assertVocabulary("p50k_base", 50_281, 50_256);
    assertVocabulary("p50k_edit", 50_284, 50_256);
    assertVocabulary("cl100k_base", 100_277, 100_257);
    assertVocabulary("o200k_base", 200_019, 199_999);
  }

  private static void assertVocabulary(String name, int size, int eod) {
    try (Tokenizer tokenizer = Tokenizers.byName(name)) {
      Encoding direct = JTOKKIT.getEncoding(name).orElseThrow();
      assertThat(tokenizer.vocabularySize()).as(name).isEqualTo(size);
      assertThat(tokenizer.endOfDocumentToken()).as(name).isEqualTo(eod);
      assertThat(direct.decode(toList(new int[] {eod}))).isEqualTo("<|endoftext|>");
      assertThat(direct.decodeBytes(toList(new int[] {size - 1}))).as(name).isNotEmpty();
      assertThatThrownBy(() -> direct.decodeBytes(toList(new int[] {size})))
          .as(name)
          .isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void specialTokenStringsInTextAreEncodedAsOrdinaryText() {
    try (Tokenizer tokenizer = Tokenizers.byName("o200k_base")) {
      int[] ids = tokenizer.encode("end <|endoftext|> here");
      assertThat(ids).doesNotContain(tokenizer.endOfDocumentToken()).hasSizeGreaterThan(3);
    }
  }

  @Test
  void loneSurrogatesAreRejectedWithTheirPosition() {
    try (Tokenizer tokenizer = Tokenizers.byName("o200k_base")) {
      assertThatThrownBy(() -> tokenizer.encode("ab\uD800c"))
          .isInstanceOf(UnencodableTextException.class)
          .hasMessage("lone surrogate U+D800 at char 2")
          .extracting(e -> ((UnencodableTextException) e).charIndex())
          .isEqualTo(2);
      assertThatThrownBy(() -> tokenizer.encode("\uDC00x"))
          .hasMessage("lone surrogate U+DC00 at char 0");
      assertThatThrownBy(() -> tokenizer.encode("x\uD83D"))
          .hasMessage("lone surrogate U+D83D at char 1");
      assertThat(tokenizer.encode("smile \uD83D\uDE00")).isNotEmpty();
    }
  }

  @Test
  void unknownEncodingNameListsTheKnownOnes() {
    assertThatThrownBy(() -> Tokenizers.byName("gpt5_base"))
        .isInstanceOf(TokenizerException.class)
        .hasMessage(
            "unknown tokenizer encoding 'gpt5_base'; use one of [r50k_base, p50k_base, p50k_edit,"
                + " cl100k_base, o200k_base] or the path of a Hugging Face tokenizer.json");
  }

  @Test
  void endOfDocumentTokenCanBeAnotherSpecialTokenOrAnId() {
    assertThat(Tokenizers.byName("o200k_base", "<|endofprompt|>").endOfDocumentToken())
        .isEqualTo(200_018);
    assertThat(Tokenizers.byName("cl100k_base", "100").endOfDocumentToken()).isEqualTo(100);
    assertThatThrownBy(() -> Tokenizers.byName("r50k_base", "50257"))
        .isInstanceOf(TokenizerException.class)
        .hasMessage(
            "the end-of-document token '50257' is not a special token of r50k_base; use one of"
                + " [<|endoftext|>] or a token id below 50257");
    assertThatThrownBy(() -> Tokenizers.byName("o200k_base", "</s>"))
        .hasMessageStartingWith("the end-of-document token '</s>' is not a special token");
  }

  @Test
  void specificationSurvivesJavaSerializationAndBuildsTheSameTokenizer() throws Exception {
    TokenizerSpec spec = TokenizerSpec.parse(" cl100k_base ", "<|endofprompt|>");
    assertThat(spec)
        .isEqualTo(
            new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN, "cl100k_base", "<|endofprompt|>"));
    TokenizerSpec copy = roundTrip(spec);
    try (Tokenizer tokenizer = copy.create()) {
      assertThat(tokenizer.name()).isEqualTo("cl100k_base");
      assertThat(tokenizer.endOfDocumentToken()).isEqualTo(100_276);
      assertThat(tokenizer.encode("tiktoken is great!"))
          .containsExactly(83, 1609, 5963, 374, 2294, 0);
    }

    TokenizerSpec file = TokenizerSpec.parse("/models/tokenizer.json", "");
    assertThat(file.kind()).isEqualTo(TokenizerSpec.Kind.HUGGING_FACE);
    assertThatThrownBy(() -> TokenizerSpec.tiktoken(" "))
        .hasMessage("the tokenizer source must not be blank");
  }

  private static TokenizerSpec roundTrip(TokenizerSpec spec)
      throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }

    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (TokenizerSpec) in.readObject();
    }
  }

  private static IntArrayList toList(int[] ids) {
    IntArrayList list = new IntArrayList(ids.length);
    for (int id : ids) {
      list.add(id);
    }

    return list;
  }
}
