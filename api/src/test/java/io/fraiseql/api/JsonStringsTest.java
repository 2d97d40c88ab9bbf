package io.fraiseql.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonStringsTest {
  private static String decode(String s, int quote, int expectedEnd) {
    StringBuilder out = new StringBuilder();
    assertThat(JsonStrings.decode(s, quote, out)).isEqualTo(expectedEnd);
    return out.toString();
  }

  @Test
  void decodesEveryEscapeAndStopsAfterTheClosingQuote() {
    assertThat(decode("\"\"", 0, 2)).isEmpty();
    assertThat(decode("[\"a\\\"b\\\\c\\/d\", 1]", 1, 13)).isEqualTo("a\"b\\c/d");
    assertThat(decode("\"\\n\\t\\r\\b\\f\\u00e9\\u2028x\"", 0, 25)).isEqualTo("\n\t\r\b\f\u00e9\u2028x");
    assertThat(decode("\"é😀\" tail", 0, 5)).isEqualTo("é😀");
  }

  @Test
  void refusesWhatIsNotATerminatedString() {
    StringBuilder out = new StringBuilder();
    assertThatThrownBy(() -> JsonStrings.decode("abc", 0, out)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonStrings.decode("\"abc", 0, out)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unterminated");
    assertThatThrownBy(() -> JsonStrings.decode("\"ab\\", 0, out)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonStrings.decode("\"\\u12", 0, out)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonStrings.decode("\"\"", 5, out)).isInstanceOf(IllegalArgumentException.class);
  }
}
