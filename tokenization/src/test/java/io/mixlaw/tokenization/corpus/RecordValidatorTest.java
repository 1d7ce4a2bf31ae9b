package io.mixlaw.tokenization.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streaming read of a JSON line against the tree read it shortcuts: on every line, valid or
 * not, both must give the same document or the same quarantine.
 */
class RecordValidatorTest {

  private static final String[] TEXTS = {
    "\"text\": \"plain\"",
    "\"text\": \"caf\u00e9 \u4e2d \\u00e9 \\ud83d\\ude00 \\n\\t\\\"q\\\"\"",
    "\"text\": \"\"",
    "\"text\": \"   \"",
    "\"text\": \"lone \\ud800 surrogate\"",
    "\"text\": null",
    "\"text\": 42",
    "\"text\": [\"a\"]",
    "\"text\": {\"body\": \"nested\"}",
    "\"text\": \"bad \\q escape\"",
    "\"text\": \"raw \t tab\"",
    "\"text\": \"unterminated",
  };

  private static final String[] IDS = {
    "\"id\": \"doc-1\"",
    "\"id\": \"\"",
    "\"id\": \"  \"",
    "\"id\": 7",
    "\"id\": -12",
    "\"id\": -0",
    "\"id\": 12345678901",
    "\"id\": 123456789012345678901234567890",
    "\"id\": 1.5",
    "\"id\": 1e3",
    "\"id\": null",
    "\"id\": true",
    "\"id\": {\"a\": 1}",
    "\"id\": \"lone \\udc00\"",
  };

  private static final String[] OTHERS = {
    "\"meta\": {\"source\": \"web\", \"tags\": [1, 2.5, \"x\", null, false]}",
    "\"meta\": {\"x\": 1, \"x\": 2}",
    "\"meta\": {\"text\": \"not this one\"}",
    "\"score\": 0.25",
    "\"note\": \"bad \\x escape\"",
    "\"note\": \"raw \t tab\"",
    "\"list\": [1, 2,]",
    "\"big\": 1" + "0".repeat(1200),
    "\"text\": \"again\"",
    "\"id\": \"again\"",
  };

  private static final String[] FRAMES = {
    "{%s}", " {%s} ", "{%s} trailing", "{%s} {}", "[{%s}]", "\uFEFF{%s}", "{\u0000%s}"
  };

  @Test
  void theStreamingReadAgreesWithTheTreeReadOnEveryLine() {
    CorpusInput input = CorpusInput.of("english", "/data/english", CorpusFormat.JSON_LINES);
    RecordValidator streaming = new RecordValidator(input);
    RecordValidator tree = new RecordValidator(input, false);
    List<String> lines = lines();

    int documents = 0;
    for (int i = 0; i < lines.size(); i++) {
      byte[] bytes = lines.get(i).getBytes(StandardCharsets.UTF_8);
      CorpusRecord expected = tree.jsonLine("f.jsonl", "f.jsonl", i + 1, bytes, 0, bytes.length);
      CorpusRecord actual =
          streaming.jsonLine("f.jsonl", "f.jsonl", i + 1, bytes, 0, bytes.length);
      assertThat(actual).as(lines.get(i)).isEqualTo(expected);
      documents += expected instanceof CorpusDocument ? 1 : 0;
    }

    assertThat(documents).as("documents among %d lines", lines.size()).isBetween(100, 2000);
  }

  @Test
  void aBlankIdFieldNeverTakesAFieldNamedByTheEmptyString() {
    CorpusInput input =
        new CorpusInput("english", "/data/english", CorpusFormat.JSON_LINES, "text", " ");
    byte[] bytes = "{\"\": \"x\", \"text\": \"t\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(new RecordValidator(input).jsonLine("f", "f", 3, bytes, 0, bytes.length))
        .isEqualTo(new CorpusDocument("english", "f:3", "t", "f", 3))
        .isEqualTo(new RecordValidator(input, false).jsonLine("f", "f", 3, bytes, 0, bytes.length));
  }

  private static List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (String text : TEXTS) {
      for (String id : IDS) {
        lines.add("{" + id + ", " + text + "}");
        lines.add("{" + text + ", " + id + "}");
      }
    }

    SplittableRandom random = new SplittableRandom(20240917);
    for (int n = 0; n < 3000; n++) {
      List<String> fields = new ArrayList<>();
      if (random.nextInt(10) > 0) {
        fields.add(TEXTS[random.nextInt(TEXTS.length)]);
      }

      if (random.nextBoolean()) {
        fields.add(IDS[random.nextInt(IDS.length)]);
      }

      for (int k = random.nextInt(3); k > 0; k--) {
        fields.add(random.nextInt(fields.size() + 1), OTHERS[random.nextInt(OTHERS.length)]);
      }

      String frame = random.nextInt(4) > 0 ? FRAMES[0] : FRAMES[random.nextInt(FRAMES.length)];
      lines.add(String.format(java.util.Locale.ROOT, frame, String.join(", ", fields)));
    }

    lines.addAll(List.of("", "null", "42", "\"text\"", "{", "}", "{}", "[]", "{\"text\": \"a\"}x"));
    return lines;
  }
}
