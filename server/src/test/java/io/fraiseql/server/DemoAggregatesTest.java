package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Aggregates and groups" examples against the demo: each {@code $ curl} command
 * there, sent to a server over the demo's schema and data, answers exactly the line printed under
 * it.
 */
class DemoAggregatesTest {
  private static final Pattern CURL =
      Pattern.compile("^\\$ curl -s http://127\\.0\\.0\\.1:8080(/graphql) -H 'Content-Type: application/json' -d '(.*)'$");

  /** The (body, answer) pairs of the README section. */
  static List<String[]> examples() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Aggregates and groups\n");
    assertThat(start).as("the README has the section").isPositive();
    int end = readme.indexOf("\n## ", start + 1);
    String[] lines = readme.substring(start, end).split("\n");
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < lines.length - 1; i++) {
      Matcher m = CURL.matcher(lines[i]);
      if (m.matches()) {
        out.add(new String[] {m.group(2), lines[i + 1]});
      }
    }
    return out;
  }

  @Test
  void theReadmeExamplesAnswerAsPrinted() throws Exception {
    List<String[]> examples = examples();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
    DatabaseUrl url = TestDatabase.get().createDatabase("demo_aggregates");
    TestDatabase.execute(url, SqlScripts.resource(SqlScripts.MUTATION_RESPONSE)); // the demo loads it first: fn_publish_post returns one
    TestDatabase.execute(url, SqlScripts.resource(Demo.DATA_RESOURCE));
    Path schema = Files.createTempFile("fraiseql-demo", ".graphql");
    Files.writeString(schema, Demo.schema(), StandardCharsets.UTF_8);
    try (FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, url))) {
      for (String[] example : examples) {
        HttpResponse<String> r = Fixture.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/graphql"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(example[0])).build());
        assertThat(r.statusCode()).as(example[0]).isEqualTo(200);
        assertThat(r.body()).as(example[0]).isEqualTo(example[1]);
      }
    } finally {
      Files.deleteIfExists(schema);
    }
  }
}
