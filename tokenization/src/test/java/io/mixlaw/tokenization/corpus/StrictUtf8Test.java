package io.mixlaw.tokenization.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The validity check against the JDK's strict UTF-8 decoder, the reference for what is valid. */
class StrictUtf8Test {

  private final CharsetDecoder reference =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final CharBuffer out = CharBuffer.allocate(64);

  @Test
  void everySequenceOfOneOrTwoBytesIsJudgedAsTheJdkJudgesIt() {
    for (int a = 0; a < 256; a++) {
      assertAgrees(new byte[] {(byte) a});
      for (int b = 0; b < 256; b++) {
        assertAgrees(new byte[] {(byte) a, (byte) b});
      }
    }
  }

  @Test
  void everyThreeByteSequenceWithAMultiByteLeadIsJudgedAsTheJdkJudgesIt() {
    for (int a = 0xC0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        for (int c = 0; c < 256; c++) {
          assertAgrees(new byte[] {(byte) a, (byte) b, (byte) c});
        }
      }
    }
  }

  @Test
  void fourByteSequencesAroundEveryBoundaryAreJudgedAsTheJdkJudgesThem() {
    int[] edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xFF};
    for (int a = 0xE0; a < 256; a++) {
      for (int b : edges) {
        for (int c : edges) {
          for (int d : edges) {
            assertAgrees(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
          }
        }
      }
    }
  }

  @Test
  void randomTextsWithAndWithoutCorruptedBytesAreJudgedAsTheJdkJudgesThem() {
    SplittableRandom random = new SplittableRandom(20240917);
    int[] codePoints = {'a', ' ', 0xE9, 0x3B1, 0x4E2D, 0xFFFD, 0x1F600, 0x10FFFF, 0xD7FF, 0xE000};
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(1, 12); i > 0; i--) {
        text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
      }

      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      assertThat(StrictUtf8.isValid(bytes, 0, bytes.length)).isTrue();
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      assertAgrees(bytes);
    }
  }

  @Test
  void onlyTheGivenRangeIsChecked() {
    byte[] bytes = {(byte) 0xFF, 'a', (byte) 0xC3, (byte) 0xA9, (byte) 0xC3};
    assertThat(StrictUtf8.isValid(bytes, 1, 3)).isTrue();
    assertThat(StrictUtf8.isValid(bytes, 1, 4)).isFalse();
    assertThat(StrictUtf8.isValid(bytes, 0, 2)).isFalse();
    assertThat(StrictUtf8.isValid(bytes, 2, 0)).isTrue();
  }

  private void assertAgrees(byte[] bytes) {
    out.clear();
    CoderResult result = reference.reset().decode(ByteBuffer.wrap(bytes), out, true);
    boolean expected = !result.isError() && !reference.flush(out).isError();

    if (StrictUtf8.isValid(bytes, 0, bytes.length) != expected) {
      StringBuilder hex = new StringBuilder();
      for (byte b : bytes) {
        hex.append(String.format(java.util.Locale.ROOT, "%02X ", b));
      }

      assertThat(StrictUtf8.isValid(bytes, 0, bytes.length))
          .as("valid UTF-8: %s", hex.toString().trim())
          .isEqualTo(expected);
    }
  }
}
