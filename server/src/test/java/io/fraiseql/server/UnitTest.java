package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.Limits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Value parsers, content negotiation, the GET operation check and the configuration record. */
class UnitTest {
  @ParameterizedTest
  @CsvSource({"500ms,500", "5s,5000", "1m,60000", "2h,7200000", "' 10 S ',10000"})
  void durations(String text, long millis) {
    assertThat(Values.duration(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void durationFormat() {
    assertThat(Values.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(Values.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Values.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Values.format(Duration.ZERO)).isEqualTo("0s");
  }

  @ParameterizedTest
  @CsvSource({"1048576,1048576", "512k,524288", "512KiB,524288", "2kb,2048", "1m,1048576", "1MiB,1048576", "3mb,3145728", "10b,10"})
  void sizes(String text, long bytes) {
    assertThat(Values.size(text)).isEqualTo(bytes);
  }

  @Test
  void badValues() {
    assertThatThrownBy(() -> Values.duration("5")).hasMessageContaining("expected a duration");
    assertThatThrownBy(() -> Values.size("1g")).hasMessageContaining("expected a size");
    assertThatThrownBy(() -> Values.integer("x", 1, 2)).hasMessage("expected an integer, got 'x'");
    assertThatThrownBy(() -> Values.bool("perhaps")).hasMessage("expected true or false, got 'perhaps'");
    assertThat(Values.bool("YES")).isTrue();
    assertThat(Values.bool("0")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "|application/json",
      "' '|application/json",
      "application/graphql-response+json|application/graphql-response+json",
      "Application/GraphQL-Response+JSON; charset=utf-8|application/graphql-response+json",
      "application/json|application/json",
      "*/*|application/json",
      "application/graphql-response+json;q=0, application/json|application/json",
      "application/graphql-response+json;q=abc, */*;q=0.2|application/json",
      "application/graphql-response+json;q=2|",
      "text/html|",
      "application/json;q=0|"})
  void negotiation(String accept, String expected) {
    assertThat(MediaTypes.negotiate(accept)).isEqualTo(expected);
  }

  @Test
  void requestContentType() {
    assertThat(MediaTypes.isJson("application/json")).isTrue();
    assertThat(MediaTypes.isJson("Application/JSON; charset=UTF-8")).isTrue();
    assertThat(MediaTypes.isJson("application/jsonx")).isFalse();
    assertThat(MediaTypes.isJson(null)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{ a }||query",
      "query Q { a }||query",
      "mutation { a }||mutation",
      "subscription S { a }|S|subscription",
      "query A { a } mutation B { b }|B|mutation",
      "query A { a } mutation B { b }|A|query",
      "query A { a } mutation B { b }||",
      "query A { a }|C|",
      "{ broken|| "})
  void operationTypeOfGetRequests(String query, String name, String expected) {
    assertThat(GraphQLHandler.operationType(query, name, 1000)).isEqualTo(expected == null || expected.isBlank() ? null : expected);
  }

  @Test
  void operationTypeSkipsOverlongQueries() {
    assertThat(GraphQLHandler.operationType("mutation { a }", null, 5)).isNull();
  }

  @Test
  void errorBodyEscapes() {
    assertThat(GraphQLHandler.errorBody("a \"b\"\n", io.fraiseql.api.error.ErrorCode.BAD_USER_INPUT))
        .isEqualTo("{\"errors\":[{\"message\":\"a \\\"b\\\"\\n\",\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
  }

  @Test
  void configValidation() {
    ServerConfig ok = new ServerConfig("type Query { a: Int }", "x", null, "127.0.0.1", 0, "jdbc", false, 1,
        Duration.ofSeconds(1), Duration.ofSeconds(1), List.of(), 1, Limits.DEFAULTS, 1, Duration.ZERO, Duration.ZERO);
    assertThat(ok.withSchema("s", "y").schemaSource()).isEqualTo("y");
    assertThatThrownBy(() -> new ServerConfig("s", "x", null, "h", 70_000, "jdbc", false, 1, Duration.ZERO, Duration.ZERO,
        List.of(), 1, Limits.DEFAULTS, 1, Duration.ZERO, Duration.ZERO)).hasMessageContaining("port");
    assertThatThrownBy(() -> new ServerConfig("s", "x", null, "h", 1, "jdbc", false, 0, Duration.ZERO, Duration.ZERO,
        List.of(), 1, Limits.DEFAULTS, 1, Duration.ZERO, Duration.ZERO)).hasMessageContaining("poolSize");
    assertThatThrownBy(() -> new ServerConfig("s", "x", null, "h", 1, "jdbc", false, 1, Duration.ZERO, Duration.ZERO,
        List.of("bad"), 1, Limits.DEFAULTS, 1, Duration.ZERO, Duration.ZERO)).hasMessageContaining("app.tenant_id=header:");
  }

  @Test
  void clientLimitsValidation() {
    assertThatThrownBy(() -> new ClientLimits(Duration.ZERO, Duration.ofSeconds(1), 1, 0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new ClientLimits(Duration.ofSeconds(1), Duration.ofSeconds(-1), 1, 0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new ClientLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 0)).hasMessageContaining("maxConnections");
    assertThatThrownBy(() -> new ClientLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, -1)).hasMessageContaining("maxStreams");
    ClientLimits l = ClientLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));
    assertThat(l.idleTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(l.requestReadTimeout()).isEqualTo(Duration.ofSeconds(3));
    ServerConfig ok = new ServerConfig("type Query { a: Int }", "x", null, "127.0.0.1", 0, "jdbc", false, 2,
        Duration.ofSeconds(1), Duration.ofSeconds(1), List.of(), 1, Limits.DEFAULTS, 1, Duration.ZERO, Duration.ZERO);
    assertThatThrownBy(() -> ok.withClientLimits(new ClientLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 3)))
        .hasMessageContaining("maxStreams (3) must not exceed poolSize (2)");
    assertThat(Values.positiveDuration("1s")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void missingResource() {
    assertThatThrownBy(() -> SqlScripts.resource("fraiseql/nope.sql")).hasMessageContaining("Missing resource fraiseql/nope.sql");
  }
}
