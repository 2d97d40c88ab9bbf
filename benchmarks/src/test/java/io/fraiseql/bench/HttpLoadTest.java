package io.fraiseql.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bench/http-load.sh's answer checks and its table, without a server. */
class HttpLoadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void anAnswerNeedsDataAndNoErrors() throws Exception {
    assertThat(HttpLoad.answerFailure(json("{\"data\":{\"user\":null}}"))).isNull();
    assertThat(HttpLoad.answerFailure(json("{\"data\":{\"user\":null},\"errors\":[{\"message\":\"no\"}]}")))
        .startsWith("the answer has errors: [{\"message\":\"no\"}]");
    assertThat(HttpLoad.answerFailure(json("{\"data\":null}"))).startsWith("the answer has no data");
    assertThat(HttpLoad.answerFailure(json("[]"))).isEqualTo("the answer is not a JSON object");
  }

  @Test
  void aPeersConnectionsCountAsListsAndRowsMustMatchAtEveryLevel() throws Exception {
    JsonNode ours = json("{\"posts\":[{\"title\":\"a\",\"author\":{\"name\":\"x\"},\"comments\":[{\"body\":\"c\"}]}]}");
    JsonNode peer = HttpLoad.unwrapConnections(json(
        "{\"posts\":{\"nodes\":[{\"title\":\"b\",\"author\":{\"name\":\"y\"},\"comments\":{\"nodes\":[{\"body\":\"d\"}]}}]}}"));
    assertThat(HttpLoad.shapeDifference("data", ours, peer)).isNull();
    assertThat(peer).isEqualTo(json("{\"posts\":[{\"title\":\"b\",\"author\":{\"name\":\"y\"},\"comments\":[{\"body\":\"d\"}]}]}"));

    JsonNode fewerComments = HttpLoad.unwrapConnections(json(
        "{\"posts\":{\"nodes\":[{\"title\":\"b\",\"author\":{\"name\":\"y\"},\"comments\":{\"nodes\":[]}}]}}"));
    assertThat(HttpLoad.shapeDifference("data", ours, fewerComments))
        .isEqualTo("data.posts[0].comments: 1 rows expected, 0 found");
    assertThat(HttpLoad.shapeDifference("data", ours, json("{\"posts\":[{\"title\":\"a\",\"comments\":[{\"body\":\"c\"}]}]}")))
        .isEqualTo("data.posts[0].author: missing");
    assertThat(HttpLoad.shapeDifference("data", ours, json("{\"posts\":{\"title\":\"a\"}}")))
        .isEqualTo("data.posts: a list expected, an object found");
    assertThat(HttpLoad.shapeDifference("data", json("{\"user\":null}"), json("{\"user\":null}"))).isNull();
    assertThat(HttpLoad.shapeDifference("data", json("{\"user\":null}"), json("{\"user\":{\"id\":1}}")))
        .isEqualTo("data.user: null expected, an object found");
    assertThat(HttpLoad.shapeDifference("data", json("{\"user\":{\"id\":1}}"), json("{\"user\":{\"id\":1,\"x\":2}}")))
        .isEqualTo("data.user: fields [id, x] found, [id] expected");
  }

  @Test
  void wrkLatenciesReadInMilliseconds() {
    assertThat(HttpLoad.millis("850.00us")).isEqualTo(0.85);
    assertThat(HttpLoad.millis("2.75ms")).isEqualTo(2.75);
    assertThat(HttpLoad.millis("1.02s")).isEqualTo(1020.0);
    assertThat(HttpLoad.millis("1.50m")).isEqualTo(90_000.0);
    assertThatThrownBy(() -> HttpLoad.millis("fast")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpLoad.millis("3parsecs")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTableSetsTheBestBackendAgainstTheBestPeer() {
    String md = HttpLoad.report(List.of(
        "fraiseql-jdbc\tfraiseql\tq1\tq1 user by id\t1000.5\t1.00ms\t5.00ms\t0",
        "fraiseql-vertx\tfraiseql\tq1\tq1 user by id\t1500\t1.00ms\t9.00ms\t0",
        "postgraphile\tpeer\tq1\tq1 user by id\t500\t2.00ms\t8.00ms\t0",
        "spring\tpeer\tq1\tq1 user by id\t700\t2.00ms\t10.00ms\t0",
        "fraiseql-jdbc\tfraiseql\tq2\tq2 100 users\t100\t1.00ms\t900.00us\t0",
        "fraiseql-vertx\tfraiseql\tq2\tq2 100 users\t-\t-\t-\twrong answer: the answer has errors",
        "postgraphile\tpeer\tq2\tq2 100 users\t40\t2.00ms\t1.01s\tNon-2xx or 3xx responses: 3; ",
        "spring\tpeer\tq2\tq2 100 users\t50\t2.00ms\t2.00ms\t0"));
    assertThat(md).startsWith("| query | fraiseql-jdbc requests/s | p50 | p99 | fraiseql-vertx requests/s | p50 | p99 |"
        + " postgraphile requests/s | p50 | p99 | spring requests/s | p50 | p99 | best FraiseQL / best peer | p99 no worse |\n");
    assertThat(md).contains("| q1 user by id | 1,001 | 1.00ms | 5.00ms | 1,500 | 1.00ms | 9.00ms | 500 | 2.00ms | 8.00ms"
        + " | 700 | 2.00ms | 10.00ms | 2.14 (fraiseql-vertx / spring) | no |\n");
    assertThat(md).contains("| q2 100 users | 100 | 1.00ms | 900.00us | - | - | - | 40 | 2.00ms | 1.01s"
        + " | 50 | 2.00ms | 2.00ms | 2.00 (fraiseql-jdbc / spring) | yes |\n");
    assertThat(md).contains("- fraiseql-vertx q2: wrong answer: the answer has errors")
        .contains("- postgraphile q2: Non-2xx or 3xx responses: 3;");
    assertThatThrownBy(() -> HttpLoad.report(List.of("too\tfew"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tableViewsCountOnlyForTheQueriesTheyAreMeantFor() {
    String md = HttpLoad.report(List.of(
        "fraiseql-jdbc\tfraiseql\tq1\tq1 user by id\t1000\t1.00ms\t5.00ms\t0",
        "fraiseql-jdbc-tv\tfraiseql\tq1\tq1 user by id\t3000\t1.00ms\t5.00ms\t0",
        "postgraphile\tpeer\tq1\tq1 user by id\t500\t2.00ms\t8.00ms\t0",
        "fraiseql-jdbc\tfraiseql\tq3\tq3 posts\t100\t1.00ms\t5.00ms\t0",
        "fraiseql-jdbc-tv\tfraiseql\tq3\tq3 posts\t400\t1.00ms\t5.00ms\t0",
        "postgraphile\tpeer\tq3\tq3 posts\t200\t2.00ms\t8.00ms\t0"));
    assertThat(md).contains("| 2.00 (fraiseql-jdbc / postgraphile) | yes |\n") // q1: the views
        .contains("| 2.00 (fraiseql-jdbc-tv / postgraphile) | yes |\n"); // q3: table views
  }
}
