package io.mixlaw.tokenization.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MegatronShardTest {

  @TempDir Path temp;

  @Test
  void tokenTypeFollowsMegatronsVocabularyThreshold() {
    assertThat(TokenDtype.forVocabularySize(39)).isEqualTo(TokenDtype.UINT16);
    assertThat(TokenDtype.forVocabularySize(50_257)).isEqualTo(TokenDtype.UINT16);
    assertThat(TokenDtype.forVocabularySize(65_499)).isEqualTo(TokenDtype.UINT16);
    assertThat(TokenDtype.forVocabularySize(65_500)).isEqualTo(TokenDtype.INT32);
    assertThat(TokenDtype.forVocabularySize(100_277)).isEqualTo(TokenDtype.INT32);
    assertThat(TokenDtype.forVocabularySize(200_019)).isEqualTo(TokenDtype.INT32);
    assertThat(TokenDtype.UINT16.megatronCode()).isEqualTo(8);
    assertThat(TokenDtype.INT32.megatronCode()).isEqualTo(4);
    assertThatThrownBy(() -> TokenDtype.forVocabularySize(0))
        .hasMessage("the vocabulary size must be at least 1, got 0");
  }

  @Test
  void writerProducesTheDocumentedByteLayout() throws IOException {
    Path prefix = temp.resolve("layout");
    ShardFiles files;
    try (MegatronShardWriter writer = MegatronShardWriter.create(prefix, TokenDtype.UINT16)) {
      writer.addDocument(new int[] {1, 2, 3});
      writer.addDocument(new int[] {65_535});
      files = writer.finish();
    }

    assertThat(Files.readAllBytes(temp.resolve("layout.bin")))
        .containsExactly(1, 0, 2, 0, 3, 0, 0xFF, 0xFF);
    ByteBuffer idx =
        ByteBuffer.allocate(9 + 8 + 1 + 8 + 8 + 2 * 4 + 2 * 8 + 3 * 8)
            .order(ByteOrder.LITTLE_ENDIAN);
    idx.put(new byte[] {'M', 'M', 'I', 'D', 'I', 'D', 'X', 0, 0});
    idx.putLong(1); // version
    idx.put((byte) 8); // uint16
    idx.putLong(2); // sequences
    idx.putLong(3); // document indices
    idx.putInt(3).putInt(1); // sequence lengths
    idx.putLong(0).putLong(6); // byte offsets
    idx.putLong(0).putLong(1).putLong(2); // document indices
    assertThat(Files.readAllBytes(temp.resolve("layout.idx"))).containsExactly(idx.array());
    assertThat(files.tokens()).isEqualTo(4);
    assertThat(files.sequences()).isEqualTo(2);
    assertThat(files.documents()).isEqualTo(2);
    assertThat(files.binSha256()).isEqualTo(sha256(temp.resolve("layout.bin")));
    assertThat(files.idxSha256()).isEqualTo(sha256(temp.resolve("layout.idx")));
    assertThat(temp.resolve("layout.bin.partial")).doesNotExist();
  }

  @Test
  void independentReaderReadsBackWhatTheWriterWrote() {
    SplittableRandom random = new SplittableRandom(42);
    List<int[]> sequences = new ArrayList<>();
    Path prefix = temp.resolve("round-trip");
    try (MegatronShardWriter writer = MegatronShardWriter.create(prefix, TokenDtype.INT32)) {
      for (int document = 0; document < 50; document++) {
        int parts = 1 + random.nextInt(3);
        for (int part = 0; part < parts; part++) {
          int[] tokens = random.ints(random.nextInt(0, 400), 0, 200_019).toArray();
          sequences.add(tokens);
          writer.addSequence(tokens, 0, tokens.length);
        }

        writer.endDocument();
      }

      writer.finish();
    }

    try (MegatronShardReader reader = MegatronShardReader.open(prefix)) {
      assertThat(reader.dtypeCode()).isEqualTo(4);
      assertThat(reader.bytesPerToken()).isEqualTo(4);
      assertThat(reader.sequenceCount()).isEqualTo(sequences.size());
      assertThat(reader.documentCount()).isEqualTo(50);
      assertThat(reader.hasSequenceModes()).isFalse();
      long tokens = 0;
      for (int i = 0; i < sequences.size(); i++) {
        assertThat(reader.sequence(i)).containsExactly(sequences.get(i));
        assertThat(reader.sequencePointer(i)).isEqualTo(tokens * 4);
        tokens += sequences.get(i).length;
      }

      assertThat(reader.totalTokens()).isEqualTo(tokens);
      long[] documents = reader.documentIndices();
      assertThat(documents[0]).isZero();
      assertThat(documents[documents.length - 1]).isEqualTo(sequences.size());
    }
  }

  @Test
  void writerRejectsTokensThatDoNotFitTheType() {
    try (MegatronShardWriter writer =
        MegatronShardWriter.create(temp.resolve("narrow"), TokenDtype.UINT16)) {
      assertThatThrownBy(() -> writer.addDocument(new int[] {5, 65_536}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "token 65536 at position 1 of sequence 0 does not fit UINT16 (0..65535); is the token"
                  + " type right for the tokenizer's vocabulary?");
      assertThatThrownBy(() -> writer.addDocument(new int[] {-1}))
          .hasMessageStartingWith("token -1 at position 0 of sequence 0 does not fit UINT16");
    }

    assertThat(temp.resolve("narrow.bin.partial")).doesNotExist();
    assertThat(temp.resolve("narrow.bin")).doesNotExist();
  }

  @Test
  void finishRequiresTheLastDocumentToBeEnded() {
    try (MegatronShardWriter writer =
        MegatronShardWriter.create(temp.resolve("open"), TokenDtype.INT32)) {
      writer.addSequence(new int[] {1, 2}, 0, 2);
      assertThatThrownBy(writer::finish)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "the last 1 sequences of "
                  + temp.resolve("open.bin")
                  + " belong to no document; call endDocument() before finish()");
    }

    assertThat(temp.resolve("open.bin.partial")).doesNotExist();
  }

  @Test
  void readerRejectsCorruptIndexesWithTheReason() throws IOException {
    Path prefix = temp.resolve("good");
    try (MegatronShardWriter writer = MegatronShardWriter.create(prefix, TokenDtype.UINT16)) {
      writer.addDocument(new int[] {1, 2, 3});
      writer.addDocument(new int[] {4});
      writer.finish();
    }

    byte[] idx = Files.readAllBytes(temp.resolve("good.idx"));
    byte[] bin = Files.readAllBytes(temp.resolve("good.bin"));
    assertCorrupt(
        idx,
        bin,
        buffer -> buffer.put(0, (byte) 'X'),
        "it does not start with the MMIDIDX magic bytes");
    assertCorrupt(
        idx, bin, buffer -> buffer.putLong(9, 2), "unsupported index version 2 (expected 1)");
    assertCorrupt(
        idx,
        bin,
        buffer -> buffer.put(17, (byte) 6),
        "type code 6 is not an integer token type (1-5 or 8)");
    assertCorrupt(
        idx,
        bin,
        buffer -> buffer.putLong(34 + 8 + 8, 4),
        "sequence 1 starts at byte 4 but the lengths before it end at byte 6");
    assertCorrupt(
        idx,
        bin,
        buffer -> buffer.putLong(34 + 8 + 16 + 16, 1),
        "the last document index is 1 but there are 2 sequences");
    assertCorrupt(
        idx,
        bin,
        buffer -> buffer.putLong(34 + 8 + 16, 3),
        "document index 0 is 3; document indices must start at 0, never decrease and stay within"
            + " the 2 sequences");
    assertCorrupt(
        idx,
        bin,
        buffer -> buffer.putInt(34, 4),
        "sequence 1 starts at byte 6 but the lengths before it end at byte 8");

    Path shortBin = temp.resolve("short");
    Files.write(temp.resolve("short.idx"), idx);
    Files.write(temp.resolve("short.bin"), Arrays.copyOf(bin, 6));
    assertThatThrownBy(() -> MegatronShardReader.open(shortBin))
        .isInstanceOf(ShardFormatException.class)
        .hasMessage(
            "invalid Megatron shard file "
                + temp.resolve("short.bin")
                + ": it holds 6 bytes but the index describes 4 tokens of 2 bytes");
    assertThatThrownBy(() -> MegatronShardReader.open(temp.resolve("absent")))
        .isInstanceOf(ShardFormatException.class)
        .hasMessage("missing shard file " + temp.resolve("absent.idx"));
  }

  private void assertCorrupt(byte[] idx, byte[] bin, Consumer<ByteBuffer> damage, String problem)
      throws IOException {
    byte[] copy = idx.clone();
    damage.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
    Path prefix = temp.resolve("corrupt");
    Files.write(temp.resolve("corrupt.idx"), copy);
    Files.write(temp.resolve("corrupt.bin"), bin);
    assertThatThrownBy(() -> MegatronShardReader.open(prefix))
        .isInstanceOf(ShardFormatException.class)
        .hasMessage("invalid Megatron shard file " + temp.resolve("corrupt.idx") + ": " + problem);
  }

  @Test
  void readerAcceptsTheMultimodalLayoutWithOneModeBytePerSequence() throws IOException {
    Path prefix = temp.resolve("modes");
    try (MegatronShardWriter writer = MegatronShardWriter.create(prefix, TokenDtype.UINT16)) {
      writer.addDocument(new int[] {7, 8});
      writer.finish();
    }

    Path idx = temp.resolve("modes.idx");
    byte[] bytes = Files.readAllBytes(idx);
    byte[] withModes = Arrays.copyOf(bytes, bytes.length + 1);
    Files.write(idx, withModes);
    try (MegatronShardReader reader = MegatronShardReader.open(prefix)) {
      assertThat(reader.hasSequenceModes()).isTrue();
      assertThat(reader.sequence(0)).containsExactly(7, 8);
    }
  }

  private static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
