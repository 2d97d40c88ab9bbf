package io.fraiseql;

import static io.fraiseql.BlogFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.Limits;
import java.nio.charset.StandardCharsets;
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

  @Test
  void builderValidatesTheNewOptions() {
    assertThatThrownBy(() -> FraiseQL.builder().documentCacheBytes(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FraiseQL.builder().cursorSecret(new byte[15])).hasMessageContaining("16 bytes");
  }
}
