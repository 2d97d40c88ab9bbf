package io.fraiseql.reliability;

import static io.fraiseql.reliability.InputFixture.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.reliability.InputFixture.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failing request of about 1 MB (2,000 long values and an invalid regular expression, so the SQL
 * is about 60 KB) must not write its SQL, or any of its values, to the log: servers on the three backends, in a JVM of their own whose console is read whatever
 * the logging backend, log the SQL cut to a few KB with its length, and no bound value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogAmplificationTest {
  static final Pattern READY = Pattern.compile("ready (\\w+) (\\d+)");
  static final long MAX_LOG_PER_REQUEST = 16 * 1024;
  static final String MARKER = "bound-value-never-logged-";

  Process servers;
  Console console;
  final Map<String, Integer> ports = new java.util.HashMap<>();

  @BeforeAll
  void start() throws Exception {
    DatabaseUrl url = InputFixture.database("log_amplification");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-cp", System.getProperty("java.class.path"), ServersMain.class.getName()));
    command.addAll(InputFixture.serveArgs(url, "--pool-size", "2", "--max-body-size", "4m", "--statement-timeout", "10s"));
    servers = new ProcessBuilder(command).redirectErrorStream(true).start();
    console = new Console(servers.getInputStream());
    Thread reader = new Thread(console, "servers-console");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (ports.size() < 3 && System.nanoTime() < deadline) {
      Matcher m = READY.matcher(console.text());
      while (m.find()) {
        ports.put(m.group(1), Integer.parseInt(m.group(2)));
      }
      assertThat(servers.isAlive()).as(console.text()).isTrue();
      Thread.sleep(50);
    }
    assertThat(ports).as(console.text()).hasSize(3);
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (servers != null) {
      servers.destroy();
      if (!servers.waitFor(20, TimeUnit.SECONDS)) {
        servers.destroyForcibly();
      }
    }
  }

  /** The console of the forked JVM, read as it comes. */
  static final class Console implements Runnable {
    private final InputStream in;
    private final StringBuilder text = new StringBuilder();
    private long bytes;

    Console(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[65536];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          synchronized (this) {
            bytes += n;
            if (text.length() < 1 << 20) {
              text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    synchronized long bytes() {
      return bytes;
    }

    synchronized String text() {
      return text.toString();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void aFailingMegabyteRequestLogsAFewKilobytes(String backend) throws Exception {
    List<Object> or = new ArrayList<>();
    or.add(Map.of("title", Map.of("matches", "(")));
    for (int i = 0; i < 2_000; i++) {
      or.add(Map.of("title", Map.of("eq", MARKER + i + "-" + "x".repeat(480))));
    }
    String request = body("query($w: PostWhereInput) { posts(where: $w) { id } }", Map.of("w", Map.of("OR", or)));
    long before = quiet(console);
    Answer a = InputFixture.post(ports.get(backend), request);
    long logged = quiet(console) - before;
    System.out.printf("[log-amplification] %-6s request %,d bytes -> %d %s in %d ms, log %,d bytes%n",
        backend, request.length(), a.status(), a.code(), a.millis(), logged);
    assertThat(request.length()).isGreaterThan(1_000_000);
    assertThat(a.code()).as("%s", a).isEqualTo("BAD_USER_INPUT");
    assertThat(logged).as(console.text()).isBetween(1L, MAX_LOG_PER_REQUEST);
    assertThat(console.text()).contains("characters)").doesNotContain(MARKER);
  }

  /** The console's size once nothing more has come for half a second (at most 15 s). */
  static long quiet(Console console) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    long last = console.bytes();
    while (System.nanoTime() < deadline) {
      Thread.sleep(500);
      long now = console.bytes();
      if (now == last) {
        return now;
      }
      last = now;
    }
    return last;
  }
}
