package io.mixlaw.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TextParsingTest {

  @Test
  void parsesDecimalsAndTheSpellingsOfNanAndInfinity() {
    assertThat(Numbers.parseDouble(" 1.870334640688259 ")).hasValue(1.870334640688259);
    assertThat(Numbers.parseDouble("2.5e-3")).hasValue(0.0025);
    assertThat(Numbers.parseDouble(".5")).hasValue(0.5);
    assertThat(Numbers.parseDouble("nan").getAsDouble()).isNaN();
    assertThat(Numbers.parseDouble("-inf")).hasValue(Double.NEGATIVE_INFINITY);
    assertThat(Numbers.parseDouble("Infinity")).hasValue(Double.POSITIVE_INFINITY);
  }

  @Test
  void refusesHexadecimalSuffixedAndEmptyNumbers() {
    assertThat(Numbers.parseDouble("0x1p3")).isEqualTo(OptionalDouble.empty());
    assertThat(Numbers.parseDouble("2.5d")).isEqualTo(OptionalDouble.empty());
    assertThat(Numbers.parseDouble("")).isEqualTo(OptionalDouble.empty());
    assertThat(Numbers.parseDouble("1,5")).isEqualTo(OptionalDouble.empty());
  }

  @Test
  void parsesWholeNumbersInExponentFormAndRefusesFractionsAndOverflow() {
    assertThat(Numbers.parseWhole("1.2e8")).isEqualTo(OptionalLong.of(120_000_000L));
    assertThat(Numbers.parseWhole("20000.0")).isEqualTo(OptionalLong.of(20_000L));
    assertThat(Numbers.parseWhole("-5")).isEqualTo(OptionalLong.of(-5L));
    assertThat(Numbers.parseWhole("1000.5")).isEmpty();
    assertThat(Numbers.parseWhole("9223372036854775808")).isEmpty();
    assertThat(Numbers.parseWhole("1e99")).isEmpty();
    assertThat(Numbers.parseWhole("NaN")).isEmpty();
  }

  @Test
  void formatsNumbersForMessagesWithNineSignificantDigits() {
    assertThat(Numbers.format(1.0199375)).isEqualTo("1.0199375");
    assertThat(Numbers.format(0.9980000000000001)).isEqualTo("0.998");
    assertThat(Numbers.format(1e-6)).isEqualTo("0.000001");
    assertThat(Numbers.format(-0.25)).isEqualTo("-0.25");
    assertThat(Numbers.format(Double.NaN)).isEqualTo("NaN");
    assertThat(Numbers.format(0.0)).isEqualTo("0");
  }

  @Test
  void splitsCsvLinesWithQuotedFields() {
    assertThat(CsvLine.split("a,\"b,c\",\"say \"\"hi\"\"\","))
        .containsExactly("a", "b,c", "say \"hi\"", "");
    assertThat(CsvLine.split("")).containsExactly("");
    assertThat(CsvLine.split("\"open,b")).isNull();
    assertThat(CsvLine.split("\"a\"b,c")).isNull();
  }
}
