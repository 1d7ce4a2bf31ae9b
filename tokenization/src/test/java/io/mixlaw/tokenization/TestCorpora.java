package io.mixlaw.tokenization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Access to the corpora bundled in {@code examples/corpora} and to the test tokenizer file. */
public final class TestCorpora {

  /** The five bundled domains. */
  public static final List<String> DOMAINS =
      List.of("chinese", "code", "english", "knowledge", "math");

  private TestCorpora() {}

  /** Returns the bundled corpora folder (tests run in the module folder). */
  public static Path root() {
    Path root = Path.of("..", "examples", "corpora").toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("bundled corpora not found at " + root);
    }

    return root;
  }

  /** Returns the texts of the first {@code limit} documents of a domain's file. */
  public static List<String> texts(String domain, String split, int limit) {
    List<String> texts = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    Path file = root().resolve(domain).resolve(split + ".jsonl");
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while (texts.size() < limit && (line = reader.readLine()) != null) {
        JsonNode node = json.readTree(line);
        texts.add(node.get("text").textValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    return texts;
  }

  /** Returns the hand-written test tokenizer file. */
  public static Path tinyTokenizer() {
    try {
      return Path.of(TestCorpora.class.getResource("tiny-bpe-tokenizer.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
