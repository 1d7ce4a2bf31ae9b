package io.mixlaw.tokenization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What mixlaw needs from a {@code tokenizer.json} beyond encoding: the vocabulary size, the ids of
 * named tokens, and a checksum that identifies the file. Read with Jackson, independently of the
 * native library.
 */
final class HuggingFaceVocabulary {

  private final int vocabularySize;
  private final Map<String, Integer> addedTokens;
  private final Map<String, Integer> modelVocabulary;
  private final String sha256;

  private HuggingFaceVocabulary(
      int vocabularySize,
      Map<String, Integer> addedTokens,
      Map<String, Integer> modelVocabulary,
      String sha256) {
    this.vocabularySize = vocabularySize;
    this.addedTokens = addedTokens;
    this.modelVocabulary = modelVocabulary;
    this.sha256 = sha256;
  }

  static HuggingFaceVocabulary read(Path file) {
    JsonNode root;
    String sha256;
    try {
      byte[] bytes = Files.readAllBytes(file);
      sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      root = new ObjectMapper().readTree(bytes);
    } catch (IOException e) {
      throw new TokenizerException(
          "cannot read the Hugging Face tokenizer file " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }

    if (root == null || !root.isObject() || !root.has("model")) {
      throw new TokenizerException(
          "the file "
              + file
              + " is not a Hugging Face tokenizer.json (no \"model\" object); point the"
              + " tokenizer setting at the tokenizer.json saved with the model");
    }

    Map<String, Integer> added = new TreeMap<>();
    int maxId = -1;
    for (JsonNode token : root.path("added_tokens")) {
      int id = token.path("id").asInt(-1);
      String content = token.path("content").asText(null);
      if (id >= 0 && content != null) {
        added.put(content, id);
        maxId = Math.max(maxId, id);
      }
    }

    Map<String, Integer> vocabulary = new TreeMap<>();
    JsonNode vocab = root.path("model").path("vocab");
    if (vocab.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = vocab.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        int id = field.getValue().asInt(-1);
        vocabulary.put(field.getKey(), id);
        maxId = Math.max(maxId, id);
      }
    } else if (vocab.isArray()) {
      // Unigram models list [piece, score] pairs; a piece's id is its position.
      for (int id = 0; id < vocab.size(); id++) {
        vocabulary.put(vocab.get(id).path(0).asText(), id);
      }

      maxId = Math.max(maxId, vocab.size() - 1);
    }

    if (maxId < 0) {
      throw new TokenizerException(
          "the tokenizer file " + file + " has an empty vocabulary (model.vocab and added_tokens)");
    }

    return new HuggingFaceVocabulary(maxId + 1, added, vocabulary, sha256);
  }

  int vocabularySize() {
    return vocabularySize;
  }

  String sha256() {
    return sha256;
  }

  /** Looks a token up among the added tokens first, then in the model's vocabulary. */
  OptionalInt idOf(String token) {
    Integer id = addedTokens.get(token);
    if (id == null) {
      id = modelVocabulary.get(token);
    }

    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  List<String> addedTokenNames() {
    return new ArrayList<>(addedTokens.keySet());
  }
}
