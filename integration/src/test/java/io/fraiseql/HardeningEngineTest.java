package io.fraiseql;

import static io.fraiseql.BlogFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's input-hardening options through its builder. */
class HardeningEngineTest {
  static DatabaseUrl url;
  static FraiseQL a;
  static FraiseQL b;

  @BeforeAll
  static void start() {
    url = BlogFixture.createDatabase("hardening");
    a = BlogFixture.engine(url).poolSize(1).build();
    b = BlogFixture.engine(url).poolSize(1).introspection(false).documentCacheSize(1).documentCacheBytes(1 << 20)
        .limits(Limits.DEFAULTS.withPatternLimits(1, 5)).build();
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
  }

  static String endCursor(String json) {
    Matcher m = Pattern.compile("\"endCursor\":\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return m.group(1);
  }

  @Test
  void withoutASecretEachEngineSignsWithItsOwnRandomKey() {
    String page = "{ usersConnection(first: 1) { pageInfo { endCursor } } }";
    String cursor = endCursor(run(a, page));
    String next = "query($c: String) { usersConnection(first: 1, after: $c) { edges { node { id } } } }";
    assertThat(run(a, next, Map.of("c", cursor))).doesNotContain("errors");
    // the same schema, another engine: a cursor it did not sign is refused, as a forged one is
    assertThat(run(b, next, Map.of("c", cursor))).contains("Invalid cursor", "BAD_USER_INPUT");
    // with one secret for both, cursors travel
    byte[] secret = "one-secret-for-every-replica".getBytes(StandardCharsets.UTF_8);
    try (FraiseQL one = BlogFixture.engine(url).poolSize(1).cursorSecret(secret).build();
        FraiseQL two = BlogFixture.engine(url).poolSize(1).cursorSecret(secret).build()) {
      assertThat(run(two, next, Map.of("c", endCursor(run(one, page))))).doesNotContain("errors");
    }
  }

  @Test
  void introspectionOffAndTighterPatternLimits() {
    assertThat(run(b, "{ __schema { queryType { name } } }")).contains("GRAPHQL_VALIDATION_FAILED", "Introspection is disabled");
    assertThat(run(b, "{ __typename }")).isEqualTo("{\"data\":{\"__typename\":\"Query\"}}");
    assertThat(run(a, "{ __type(name: \"User\") { name } }")).isEqualTo("{\"data\":{\"__type\":{\"name\":\"User\"}}}");
    assertThat(run(b, "{ users(where: {email: {like: \"%a\"}, fullName: {ilike: \"%b\"}}) { id } }"))
        .contains("has 2 pattern operators", "BAD_USER_INPUT");
    assertThat(run(b, "{ users(where: {email: {like: \"%example%\"}}) { id } }")).contains("is 9 characters long");
    assertThat(run(b, "{ users(where: {email: {like: \"%ann%\"}}) { id } }")).doesNotContain("errors");
  }

  @Test
  void loneSurrogatesThroughTheEngineApiAreWellFormedBadInput() {
    byte[] answer = a.execute(new GraphQLRequest("query($t: String) { users(where: {email: {eq: $t}}) { id } }", null,
        Map.of("t", "\udfff"), Map.of()));
    String json = new String(answer, StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"errors\":[").contains("lone UTF-16 surrogate", "BAD_USER_INPUT");
    assertThat(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(json);
  }

  /**
   * In the parity harness, but with engines of a normal statement timeout: the parity engines'
   * 700 ms is too tight for a 2.5 MB parameter on a loaded machine.
   */
  @Test
  void aSeventyThousandValueInListIsOneParameterOnEveryBackend() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 70_000; i++) {
      ids.add(String.format("00000000-0000-0000-0000-%012d", i));
    }
    List<Integer> qty = new ArrayList<>();
    for (int i = 11; i < 70_011; i++) {
      qty.add(i);
    }
    GraphQLRequest request = GraphQLRequest.of("query($ids: [ID!], $qty: [Int!]) {"
        + " users(where: {id: {in: $ids}, age: {gte: 30}, active: {eq: true}}) { id }"
        + " items(where: {qty: {nin: $qty}, name: {in: [\"ten\", \"x\"]}}) { id } }", Map.of("ids", ids, "qty", qty));
    Map<String, String> answers = new LinkedHashMap<>();
    for (String backend : ParityTest.BACKENDS) {
      try (FraiseQL engine = BlogFixture.engine(url).backend(backend).poolSize(1).build()) {
        answers.put(backend, new String(engine.execute(request), StandardCharsets.UTF_8));
      }
    }
    ParityTest.assertParity(new ParityTest.Case("70,000 values in in and nin", "", List.of(
        "\"users\":[{\"id\":\"00000000-0000-0000-0000-000000000001\"},{\"id\":\"00000000-0000-0000-0000-000000000003\"}]",
        "\"items\":[{\"id\":\"i2\"}]"), request), answers);
  }

  @Test
  void builderValidatesTheNewOptions() {
    assertThatThrownBy(() -> FraiseQL.builder().documentCacheBytes(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FraiseQL.builder().cursorSecret(new byte[15])).hasMessageContaining("16 bytes");
  }
}
