package io.mixlaw.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MixlawExceptionTest {

  @Test
  void theMessageStatesProblemCauseAndFixWithOnePeriodBeforeTheFix() {
    assertThat(MixlawException.of("mixture m cannot be drawn", "code is short.", "raise its epochs"))
        .hasMessage("mixture m cannot be drawn: code is short. Fix: raise its epochs");
    assertThat(MixlawException.of("no input", "tokenize.inputs is empty", "list the files"))
        .hasMessage("no input: tokenize.inputs is empty. Fix: list the files");
  }
}
