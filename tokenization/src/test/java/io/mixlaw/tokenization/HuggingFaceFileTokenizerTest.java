package io.mixlaw.tokenization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mixlaw.tokenization.shard.TokenDtype;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuggingFaceFileTokenizerTest {

  private static final Path FILE = TestCorpora.tinyTokenizer();

  @TempDir Path temp;

  @Test
  void encodesWithTheMergesOfTheLocalFile() {
    try (Tokenizer tokenizer = Tokenizers.fromHuggingFaceFile(FILE)) {
      assertThat(tokenizer.encode("hello world held")).containsExactly(34, 38, 32, 14, 6);
      assertThat(tokenizer.encode("well!")).containsExactly(25, 7, 31, 30);
      assertThat(tokenizer.encode("hello 7")).containsExactly(34, 0);
      assertThat(tokenizer.encode("")).isEmpty();
    }
  }

  @Test
  void addsNoSpecialTokensAlthoughTheFileHasAPostProcessor() {
    try (Tokenizer tokenizer = Tokenizers.fromHuggingFaceFile(FILE)) {
      assertThat(tokenizer.encode("hello")).containsExactly(34);
    }
  }

  @Test
  void encodesLongDocumentsWholeWhereTheBindingWouldTruncateTo512() {
    String text = "hello world ".repeat(3_000);
    try (Tokenizer tokenizer = Tokenizers.fromHuggingFaceFile(FILE)) {
      int[] ids = tokenizer.encode(text);
      assertThat(ids).hasSize(6_000);
      assertThat(ids[5_999]).isEqualTo(38);
    }
  }

  @Test
  void ignoresTruncationAndPaddingRequestedByTheFile() throws IOException {
    String json = Files.readString(FILE, StandardCharsets.UTF_8);
    String truncating =
        json.replace(
                "\"truncation\": null",
                "\"truncation\": {\"direction\": \"Right\", \"max_length\": 4, \"strategy\":"
                    + " \"LongestFirst\", \"stride\": 0}")
            .replace(
                "\"padding\": null",
                "\"padding\": {\"strategy\": {\"Fixed\": 64}, \"direction\": \"Right\","
                    + " \"pad_to_multiple_of\": null, \"pad_id\": 0, \"pad_type_id\": 0,"
                    + " \"pad_token\": \"<unk>\"}");
    assertThat(truncating).isNotEqualTo(json);
    Path file = temp.resolve("tokenizer.json");
    Files.writeString(file, truncating, StandardCharsets.UTF_8);
    try (Tokenizer tokenizer = Tokenizers.fromHuggingFaceFile(file)) {
      assertThat(tokenizer.encode("hello world hello world hello world"))
          .containsExactly(34, 38, 34, 38, 34, 38);
    }
  }

  @Test
  void vocabularySizeIsTheLargestIdPlusOneAndSelectsUint16() {
    try (Tokenizer tokenizer = Tokenizers.fromHuggingFaceFile(FILE)) {
      assertThat(tokenizer.vocabularySize()).isEqualTo(39);
      assertThat(TokenDtype.forVocabularySize(tokenizer.vocabularySize()))
          .isEqualTo(TokenDtype.UINT16);
      assertThat(tokenizer.name()).matches("hf:tiny-bpe-tokenizer\\.json#[0-9a-f]{12}");
    }
  }

  @Test
  void endOfDocumentTokenDefaultsToTheEndOfSentenceTokenAndCanBeChosen() {
    try (Tokenizer tokenizer = Tokenizers.fromHuggingFaceFile(FILE)) {
      assertThat(tokenizer.endOfDocumentToken()).isEqualTo(2);
    }

    try (Tokenizer tokenizer = Tokenizers.fromHuggingFaceFile(FILE, "<s>")) {
      assertThat(tokenizer.endOfDocumentToken()).isEqualTo(1);
    }

    try (Tokenizer tokenizer = Tokenizers.fromHuggingFaceFile(FILE, "hello")) {
      assertThat(tokenizer.endOfDocumentToken()).isEqualTo(34);
    }

    assertThatThrownBy(() -> Tokenizers.fromHuggingFaceFile(FILE, "<|endoftext|>"))
        .isInstanceOf(TokenizerException.class)
        .hasMessage(
            "the end-of-document token '<|endoftext|>' is not in the tokenizer file "
                + FILE
                + "; use one of its added tokens [</s>, <s>, <unk>] or a token id below 39");
  }

  @Test
  void fileWithoutAKnownEndTokenAsksForOne() throws IOException {
    String json = Files.readString(FILE, StandardCharsets.UTF_8).replace("</s>", "[END]");
    Path file = temp.resolve("no-eos.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Tokenizers.fromHuggingFaceFile(file))
        .isInstanceOf(TokenizerException.class)
        .hasMessage(
            "the tokenizer file "
                + file
                + " defines none of the usual end-of-document tokens [<|endoftext|>,"
                + " <|end_of_text|>, </s>, <eos>, <|eos|>]; name one in the configuration"
                + " (tokenizer.end-of-document), for example one of its added tokens [<s>,"
                + " <unk>, [END]]");
    try (Tokenizer tokenizer = Tokenizers.fromHuggingFaceFile(file, "[END]")) {
      assertThat(tokenizer.endOfDocumentToken()).isEqualTo(2);
    }
  }

  @Test
  void missingOrInvalidFilesAreReportedWithThePath() throws IOException {
    Path missing = temp.resolve("absent.json");
    assertThatThrownBy(() -> Tokenizers.fromHuggingFaceFile(missing))
        .isInstanceOf(TokenizerException.class)
        .hasMessage(
            "the Hugging Face tokenizer file "
                + missing
                + " does not exist or is not a file; give the path of a local tokenizer.json"
                + " (mixlaw never downloads tokenizers)");

    Path notTokenizer = temp.resolve("config.json");
    Files.writeString(notTokenizer, "{\"hidden_size\": 8}", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Tokenizers.fromHuggingFaceFile(notTokenizer))
        .hasMessage(
            "the file "
                + notTokenizer
                + " is not a Hugging Face tokenizer.json (no \"model\" object); point the"
                + " tokenizer setting at the tokenizer.json saved with the model");

    Path broken = temp.resolve("broken.json");
    Files.writeString(
        broken,
        "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"</s>\": 1}, \"merges\": [\"a"
            + " q\"]}}",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Tokenizers.fromHuggingFaceFile(broken))
        .isInstanceOf(TokenizerException.class)
        .hasMessageStartingWith(
            "the Hugging Face tokenizer file "
                + broken
                + " could not be loaded by the tokenizers"
                + " library: ");
  }

  @Test
  void loneSurrogatesAreRejectedBeforeReachingTheNativeLibrary() {
    try (Tokenizer tokenizer = Tokenizers.fromHuggingFaceFile(FILE)) {
      assertThatThrownBy(() -> tokenizer.encode("hello \uDFFF world"))
          .isInstanceOf(UnencodableTextException.class)
          .hasMessage("lone surrogate U+DFFF at char 6");
    }
  }

  @Test
  void specificationBuildsTheFileTokenizer() {
    TokenizerSpec spec = TokenizerSpec.huggingFace(FILE).withEndOfDocumentToken("<s>");
    try (Tokenizer tokenizer = spec.create()) {
      assertThat(tokenizer.endOfDocumentToken()).isEqualTo(1);
      assertThat(tokenizer.encode("hello world")).containsExactly(34, 38);
    }
  }
}
