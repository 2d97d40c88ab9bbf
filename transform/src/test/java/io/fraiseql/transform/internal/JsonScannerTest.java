package io.fraiseql.transform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.transform.MalformedRowException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonScannerTest {
  private final JsonScanner scanner = new JsonScanner();

  private int skip(String json) throws MalformedRowException {
    byte[] b = (json + "|").getBytes(StandardCharsets.UTF_8);
    scanner.startRow(0);
    return scanner.skipValue(b, 0, b.length - 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "0", "-0", "0.5", "-0.5e-3", "1E+2", "12345678901234567890123", "1e308", "true", "false",
      "null", "\"\"", "\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00AfZ\"", "\"😀 漢字\"", "[]", "{}",
      "[1,[2,[3,{}]],{\"a\":{\"b\":[]}}]", "{ \"a\" : [ 1 , 2 ] , \"b\" : { } }", "[\"]\",\"}\"]"
  })
  void skipsExactlyOneValue(String json) throws MalformedRowException {
    assertThat(skip(json)).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1 ", "12,", "-1]", "0}", "1.5e3 "})
  void numbersStopAtTheirEnd(String json) throws MalformedRowException {
    assertThat(skip(json)).isEqualTo(json.length() - 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-", "1.", ".5", "1e", "[1 2]", "{\"a\" 1}", "[", "{\"a\":1,", "\"\\q\"",
      "\"abc", "tru", "nulL", "[1,]", "{,}", "{\"a\":}", "x"})
  void rejectsInvalidValues(String json) {
    assertThatThrownBy(() -> skip(json)).isInstanceOf(MalformedRowException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "\n\t\r"})
  void whitespaceOnlyIsTruncation(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> scanner.ws(b, 0, b.length))
        .isInstanceOf(MalformedRowException.class)
        .hasMessageContaining("unexpected end of row");
  }

  @org.junit.jupiter.api.Test
  void postgresKeyEscapesLikeEscapeJson() {
    assertThat(new String(ProjectionPlan.postgresKey("a\"b\\c\u0001\u001fé"), StandardCharsets.UTF_8))
        .isEqualTo("a\\\"b\\\\c\\u0001\\u001fé");
    assertThat(ProjectionPlan.compile(
            new io.fraiseql.api.plan.Selection.ObjectSelection("T", java.util.List.of()))
        .toString()).isEqualTo("ProjectionPlan[T []]");
  }
}
