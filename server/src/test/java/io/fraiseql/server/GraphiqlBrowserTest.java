package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraiseql.api.DatabaseUrl;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GraphiQL in a real browser: headless Chromium opens {@code /graphql}, GraphiQL loads from the
 * jar (every request the page makes goes to this server), runs the query given in the URL when
 * its button is clicked, and the answer is read from the page. Skipped, saying why, only where no
 * Chromium is installed ({@code .ci/run} installs Debian's).
 */
class GraphiqlBrowserTest {
  static DatabaseUrl url;
  static FraiseQLServer server;

  @BeforeAll
  static void start() {
    url = Fixture.authDatabase("browser");
    server = FraiseQLServer.start(Fixture.config(Fixture.authSchema(), url, "--graphiql"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    Fixture.dropRoles(url);
  }

  @Test
  void graphiqlRunsAQueryInHeadlessChromium() throws Exception {
    String executable = Chromium.executable();
    assumeTrue(executable != null, "No Chromium here (apt-get install chromium, or set FRAISEQL_CHROMIUM): "
        + "the GraphiQL browser test is skipped");
    String base = "http://127.0.0.1:" + server.port();
    try (Chromium browser = new Chromium(executable)) {
      browser.send("Network.enable", new JsonObject());
      browser.send("Runtime.enable", new JsonObject());
      browser.send("Log.enable", new JsonObject());
      browser.send("Page.navigate", new JsonObject().put("url",
          base + "/graphql?query=" + Fixture.encode("query Docs { docs { id title } }")));
      browser.await("GraphiQL to render", "!!document.querySelector('.graphiql-execute-button')", Boolean.TRUE::equals);
      assertThat(browser.evaluate("document.title")).isEqualTo("FraiseQL GraphiQL");
      browser.evaluate("document.querySelector('.graphiql-execute-button').click()");
      Object text = browser.await("the answer in the result pane", "document.body.innerText",
          t -> t instanceof String s && s.contains("\"title\": \"a2\""));
      assertThat((String) text).contains("\"docs\": [", "\"title\": \"a1\"", "\"title\": \"b1\"");

      List<String> urls = browser.events("Network.requestWillBeSent").stream()
          .map(e -> e.getJsonObject("params").getJsonObject("request").getString("url")).toList();
      assertThat(urls).contains(base + "/graphiql/" + GraphiQL.VERSION + "/graphiql.min.js", base + "/graphql")
          .allSatisfy(u -> assertThat(u).as("every request goes to this server (no CDN)").matches(
              "(" + java.util.regex.Pattern.quote(base) + "/|data:).*"));
      assertThat(browser.events("Runtime.exceptionThrown")).as("uncaught exceptions").isEmpty();
      assertThat(browser.events("Log.entryAdded").stream()
          .map(e -> e.getJsonObject("params").getJsonObject("entry"))
          .filter(e -> "error".equals(e.getString("level")))
          .map(JsonObject::encode).toList()).as("errors in the console (CSP violations among them)").isEmpty();
    }
  }
}
