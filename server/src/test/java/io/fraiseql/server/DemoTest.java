package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo: its printed curl commands must return the documented answers. */
class DemoTest {
  /** The answer of the first printed command (README, "Five-minute tour"). */
  static final String POST_ANSWER = "{\"data\":{\"posts\":["
      + "{\"id\":\"999\",\"title\":\"Indexes on JSONB, part 100\",\"createdAt\":\"2025-11-05T18:00:00+00:00\","
      + "\"author\":{\"fullName\":\"Katherine Torvalds\"},\"commentCount\":5},"
      + "{\"id\":\"991\",\"title\":\"Streaming JSONB, part 100\",\"createdAt\":\"2025-11-03T18:00:00+00:00\","
      + "\"author\":{\"fullName\":\"Ada Torvalds\"},\"commentCount\":5},"
      + "{\"id\":\"989\",\"title\":\"Indexes on JSONB, part 99\",\"createdAt\":\"2025-11-03T06:00:00+00:00\","
      + "\"author\":{\"fullName\":\"Katherine Johnson\"},\"commentCount\":5}]}}";

  /** The answer of the second printed command. */
  static final String GET_ANSWER = "{\"data\":{\"user\":{\"fullName\":\"Alan Dijkstra\","
      + "\"email\":\"alan.dijkstra@example.com\",\"createdAt\":\"2025-02-11T00:00:00+00:00\",\"postCount\":10}}}";

  private static final Pattern POST_CMD = Pattern.compile("^curl -s (\\S+) -H 'Content-Type: application/json' -d '(.*)'$");
  private static final Pattern GET_CMD = Pattern.compile("^curl -s -G (\\S+) --data-urlencode 'query=(.*)'$");

  /** Runs the curl commands found in the demo's output with HttpClient; returns the two bodies. */
  static List<String> runPrintedCommands(String output) {
    List<String> bodies = new ArrayList<>();
    for (String line : output.split("\n")) {
      Matcher post = POST_CMD.matcher(line);
      Matcher get = GET_CMD.matcher(line);
      HttpResponse<String> r;
      if (post.matches()) {
        r = Fixture.send(HttpRequest.newBuilder(URI.create(post.group(1))).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(post.group(2))).build());
      } else if (get.matches()) {
        r = Fixture.send(HttpRequest.newBuilder(URI.create(get.group(1) + "?query=" + Fixture.encode(get.group(2)))).GET().build());
      } else {
        continue;
      }
      assertThat(r.statusCode()).isEqualTo(200);
      bodies.add(r.body());
    }
    return bodies;
  }

  static CliTest.Result demo(Map<String, String> env, String... args) {
    return CliTest.run(env, args);
  }

  @Test
  void demoOnAGivenDatabaseLoadsTheExampleWhenAskedAndItsCommandsWork() throws Exception {
    DatabaseUrl url = TestDatabase.get().createDatabase("demo");
    Map<String, String> env = Map.of("FRAISEQL_DATABASE_URL", TestDatabase.urlString(url));

    // without --load-example the database is used as it is: here it is empty, and the error says what to do
    CliTest.Result empty = demo(env, "demo", "--port", "0");
    assertThat(empty.running().exitCode()).isEqualTo(1);
    assertThat(empty.err()).contains("--load-example");

    for (int run = 0; run < 2; run++) { // loading twice is safe
      CliTest.Result r = demo(env, "demo", "--port", "0", "--load-example");
      assertThat(r.running().exitCode()).isZero();
      try {
        int port = r.running().server().port();
        assertThat(r.out()).contains("FraiseQL demo: GraphQL at http://127.0.0.1:" + port + "/graphql",
            "100 users, 1,000 posts, 5,000 comments", "http://127.0.0.1:" + port + "/health")
            .doesNotContain("embedded PostgreSQL 17,");
        assertThat(runPrintedCommands(r.out())).containsExactly(POST_ANSWER, GET_ANSWER);
      } finally {
        r.running().resource().close();
      }
    }
    assertThat(count(url, "tb_user")).isEqualTo(100);
    assertThat(count(url, "tb_post")).isEqualTo(1000);
    assertThat(count(url, "tb_comment")).isEqualTo(5000);
  }

  static String read(Path file) throws java.io.IOException {
    return java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
  }

  static long count(DatabaseUrl url, String table) throws Exception {
    try (var c = TestDatabase.connect(url); var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The real thing, as a user runs it: a separate JVM, its own embedded PostgreSQL, the printed
   * commands, then SIGTERM.
   */
  @Test
  void demoInItsOwnJvmWithEmbeddedPostgresAndSigterm() throws Exception {
    assumeTrue(TestDatabase.get().embedded(), "the embedded PostgreSQL is not usable here (FRAISEQL_TEST_DATABASE_URL is set)");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-javaagent:") && arg.contains("jacoco")) {
        command.add(arg); // coverage of the forked JVM goes to the same report
      }
    }
    command.addAll(List.of("-cp", classpath, Main.class.getName(), "demo", "--port", "0"));
    // a file, not a pipe: PostgreSQL's processes inherit the demo's stdout and keep a pipe open
    Path log = java.nio.file.Files.createTempFile("fraiseql-demo", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("FRAISEQL_"));
    Process process = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!read(log).contains("Stop with Ctrl+C") && System.nanoTime() < deadline && process.isAlive()) {
        Thread.sleep(100);
      }
      String output = read(log);
      assertThat(output).contains("Stop with Ctrl+C", "embedded PostgreSQL 17,",
          "No --backend or FRAISEQL_DB_BACKEND given: the server uses its default backend 'jdbc'");
      assertThat(runPrintedCommands(output)).containsExactly(POST_ANSWER, GET_ANSWER);
    } finally {
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
    String all = read(log);
    java.nio.file.Files.deleteIfExists(log);
    assertThat(all).contains("Shutting down", "FraiseQL server stopped");
  }
}
