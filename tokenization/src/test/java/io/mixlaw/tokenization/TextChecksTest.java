package io.mixlaw.tokenization;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextChecksTest {

  @Test
  void utf8LengthIsTheLengthOfTheEncodedBytes() {
    SplittableRandom random = new SplittableRandom(20240917);
    int[] codePoints = {'a', '\n', 0x7F, 0x80, 0x7FF, 0x800, 0x4E2D, 0xFFFF, 0x10000, 0x10FFFF};
    for (int round = 0; round < 10_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(0, 20); i > 0; i--) {
        text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
      }

      assertThat(TextChecks.utf8Length(text))
          .as("UTF-8 length of %s", text)
          .isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void utf8LengthIsMinusOneForALoneSurrogateAnywhere() {
    assertThat(TextChecks.utf8Length("ab\uD800")).isEqualTo(-1);
    assertThat(TextChecks.utf8Length("\uDC00ab")).isEqualTo(-1);
    assertThat(TextChecks.utf8Length("a\uD800b")).isEqualTo(-1);
    assertThat(TextChecks.utf8Length("\uDC00\uD800")).isEqualTo(-1);
    assertThat(TextChecks.utf8Length("\uD83D\uDE00")).isEqualTo(4);
    assertThat(TextChecks.utf8Length("")).isZero();
  }

  @Test
  void theLoneSurrogateIsFoundAndDescribed() {
    String text = "ok \uD83D\uDE00 then \uDE00";
    int index = TextChecks.indexOfLoneSurrogate(text);
    assertThat(index).isEqualTo(11);
    assertThat(TextChecks.describeLoneSurrogate(text, index))
        .isEqualTo("lone surrogate U+DE00 at char 11");
  }
}
