package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --log-format json} as a user runs it: a separate JVM whose every log line is parsed as
 * JSON; the lines of one request (the access log, and a failed statement logged on the vertx
 * backend's event loop) carry the request's id.
 */
class JsonLogTest {
  @Test
  void everyLineIsJsonAndCarriesTheRequestId() throws Exception {
    DatabaseUrl url = Fixture.authDatabase("jsonlog");
    try {
      run(url);
    } finally {
      Fixture.dropRoles(url);
    }
  }

  private static void run(DatabaseUrl url) throws Exception {
    Path schema = Fixture.authSchema();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-javaagent:") && arg.contains("jacoco")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-cp", classpath, Main.class.getName(), "serve"));
    Path log = Files.createTempFile("fraiseql-json", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("FRAISEQL_"));
    pb.environment().putAll(java.util.Map.of("FRAISEQL_SCHEMA", schema.toString(), "FRAISEQL_DATABASE_URL",
        TestDatabase.urlString(url), "FRAISEQL_HOST", "127.0.0.1", "FRAISEQL_PORT", "0", "FRAISEQL_DB_BACKEND", "vertx",
        "FRAISEQL_POOL_SIZE", "2", "FRAISEQL_LOG_FORMAT", "json"));
    Process process = pb.start();
    String id = "json-log-test-" + System.nanoTime();
    try {
      int port = awaitPort(log, process);
      HttpResponse<String> r = Fixture.send(Fixture.request(port, "/graphql").header("Content-Type", "application/json")
          .header("X-Request-Id", id)
          .POST(HttpRequest.BodyPublishers.ofString(Fixture.body(
              "mutation Dup { createDoc(input: {id: \"1\", title: \"taken\"}) { id } }"))).build());
      assertThat(r.body()).contains("CONFLICT");
      assertThat(r.headers().firstValue("X-Request-Id")).hasValue(id);
    } finally {
      process.destroy(); // SIGTERM: the shutdown hook stops the server and flushes the log
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    List<JsonObject> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        lines.add(new JsonObject(line));
      } catch (DecodeException e) {
        throw new AssertionError("not a JSON line: " + line, e);
      }
    }
    Files.deleteIfExists(log);
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.fieldNames()).contains("timestamp", "level", "logger", "message"));
    List<JsonObject> ofRequest = lines.stream().filter(l -> id.equals(l.getString("request_id"))).toList();
    JsonObject access = ofRequest.stream().filter(l -> l.getString("logger").equals("io.fraiseql.server.access")).findFirst()
        .orElseThrow(() -> new AssertionError("no access line for " + id + " in " + lines));
    assertThat(access.getString("level")).isEqualTo("INFO");
    assertThat(access.getString("status")).isEqualTo("200");
    assertThat(access.getString("method")).isEqualTo("POST");
    assertThat(access.getString("path")).isEqualTo("/graphql");
    assertThat(access.getString("operation_type")).isEqualTo("mutation");
    assertThat(access.getString("operation_name")).isEqualTo("Dup");
    assertThat(access.getString("outcome")).isEqualTo("error");
    assertThat(Long.parseLong(access.getString("duration_ms"))).isNotNegative();
    JsonObject failed = ofRequest.stream().filter(l -> l.getString("logger").endsWith("VertxBackend")).findFirst()
        .orElseThrow(() -> new AssertionError("the backend's line has no request id: " + lines));
    assertThat(failed.getString("level")).isEqualTo("WARN");
    assertThat(failed.getString("thread")).startsWith("vert.x-eventloop"); // logged on an I/O thread, with the id
    assertThat(failed.getString("message")).contains("23505");
    assertThat(lines.stream().map(l -> l.getString("message")).toList()).anyMatch(m -> m.contains("FraiseQL server stopped"));
  }

  private static int awaitPort(Path log, Process process) throws Exception {
    Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/graphql");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline && process.isAlive()) {
      Matcher m = listening.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the server did not start: " + Files.readString(log, StandardCharsets.UTF_8));
  }
}
