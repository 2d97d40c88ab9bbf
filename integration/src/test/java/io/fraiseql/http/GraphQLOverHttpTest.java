package io.fraiseql.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP rules the server and the Spring Boot starter share. */
class GraphQLOverHttpTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL | application/json",
      "' ' | application/json",
      "*/* | application/json",
      "application/* | application/json",
      "application/graphql-response+json | application/graphql-response+json",
      "application/json;q=0.5, application/graphql-response+json | application/graphql-response+json",
      "application/json, application/graphql-response+json;q=0.9 | application/json",
      "application/graphql-response+json;q=bad, application/json | application/json",
      "application/graphql-response+json;q=2 | NULL",
      "text/html | NULL"})
  void negotiatesLikeTheSpecification(String accept, String expected) {
    assertThat(GraphQLOverHttp.negotiate(accept)).isEqualTo(expected);
  }

  @Test
  void theStatusComesFromTheFirstBytes() {
    byte[] errors = "{\"errors\":[]}".getBytes(StandardCharsets.US_ASCII);
    byte[] data = "{\"data\":{}}".getBytes(StandardCharsets.US_ASCII);
    assertThat(GraphQLOverHttp.status(GraphQLOverHttp.GRAPHQL_RESPONSE_JSON, errors, errors.length)).isEqualTo(400);
    assertThat(GraphQLOverHttp.status(GraphQLOverHttp.JSON, errors, errors.length)).isEqualTo(200);
    assertThat(GraphQLOverHttp.status(GraphQLOverHttp.GRAPHQL_RESPONSE_JSON, data, data.length)).isEqualTo(200);
    assertThat(GraphQLOverHttp.status(GraphQLOverHttp.GRAPHQL_RESPONSE_JSON, errors, 3)).isEqualTo(200);
    assertThat(GraphQLOverHttp.isJson("application/json; charset=utf-8")).isTrue();
    assertThat(GraphQLOverHttp.isJson("text/plain")).isFalse();
    assertThat(GraphQLOverHttp.isJson(null)).isFalse();
    assertThat(GraphQLOverHttp.withCharset("application/json")).isEqualTo("application/json; charset=utf-8");
  }

  @Test
  void decodesBodiesAndQueryParameters() {
    GraphQLRequest r = GraphQLOverHttp.decodeBody(("{\"query\": \"query Q($n: Int) { a }\", \"operationName\": \"Q\","
        + " \"variables\": {\"n\": 3, \"s\": [\"x\", null, true, 1.5]}}  ").getBytes(StandardCharsets.UTF_8), Map.of("h", "v"));
    assertThat(r.query()).isEqualTo("query Q($n: Int) { a }");
    assertThat(r.operationName()).isEqualTo("Q");
    assertThat(r.variables()).containsKey("n").containsKey("s");
    assertThat((List<?>) r.variables().get("s")).hasSize(4);
    assertThat(r.attributes()).containsEntry("h", "v");

    GraphQLRequest g = GraphQLOverHttp.decodeGet("{ a }", "", "{\"x\": 1}", Map.of(), 100);
    assertThat(g.operationName()).isNull();
    assertThat(g.variables()).containsKey("x");
    assertThat(GraphQLOverHttp.decodeGet("{ a }", null, " ", Map.of(), 100).variables()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'' | The request body is empty",
      "{\"query\": | The request body is not valid JSON",
      "{\"query\": \"{a}\"} x | The request body is not valid JSON",
      "[1] | must be a JSON object",
      "{} | The request has no query",
      "{\"query\": \" \"} | The request has no query",
      "{\"query\": 1} | query must be a string",
      "{\"query\": \"{a}\", \"operationName\": 1} | operationName must be a string",
      "{\"query\": \"{a}\", \"variables\": [1]} | variables must be a JSON object"})
  void refusesBadBodiesWith400(String body, String message) {
    assertThatThrownBy(() -> GraphQLOverHttp.decodeBody(body.getBytes(StandardCharsets.UTF_8), Map.of()))
        .isInstanceOfSatisfying(GraphQLOverHttp.Refused.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining(message);
    assertThatThrownBy(() -> GraphQLOverHttp.decodeBody(null, Map.of())).hasMessageContaining("empty");
  }

  @Test
  void getRefusesMutationsAndBadVariables() {
    assertThatThrownBy(() -> GraphQLOverHttp.decodeGet("mutation { a }", null, null, Map.of(), 100))
        .isInstanceOfSatisfying(GraphQLOverHttp.Refused.class, e -> assertThat(e.status()).isEqualTo(405));
    assertThatThrownBy(() -> GraphQLOverHttp.decodeGet("{ a }", null, "{", Map.of(), 100))
        .hasMessageContaining("The variables parameter is not valid JSON");
    assertThat(GraphQLOverHttp.operationType("query A { a } mutation B { b }", "B", 100)).isEqualTo("mutation");
    assertThat(GraphQLOverHttp.operationType("query A { a } mutation B { b }", null, 100)).isNull();
    assertThat(GraphQLOverHttp.operationType("{ a", null, 100)).isNull();
    assertThat(GraphQLOverHttp.operationType("mutation { a }", null, 5)).isNull(); // too long: the engine says so
    assertThat(GraphQLOverHttp.operationType("subscription { a }", null, 100)).isEqualTo("subscription");
  }

  @Test
  void errorBodiesAreEscapedJson() {
    assertThat(new String(GraphQLOverHttp.errorBody("a \"quoted\"\nline", ErrorCode.BAD_USER_INPUT), StandardCharsets.UTF_8))
        .isEqualTo("{\"errors\":[{\"message\":\"a \\\"quoted\\\"\\nline\",\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    assertThat(new String(new GraphQLOverHttp.Refused(503, "busy").body(), StandardCharsets.UTF_8)).contains("INTERNAL_ERROR");
    assertThat(GraphQLOverHttp.notAcceptable().status()).isEqualTo(406);
  }
}
