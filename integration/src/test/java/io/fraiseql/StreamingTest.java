package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A 200,000-row answer (about 70 MB) streams through a JVM whose whole heap is 48 MB. */
class StreamingTest {
  @Test
  void twoHundredThousandRowsStreamInASmallHeap() throws Exception {
    DatabaseUrl url = TestDatabase.get().createDatabase("streaming");
    TestDatabase.execute(url, "CREATE TABLE tb_big AS SELECT g AS id,"
        + " jsonb_build_object('id', g, 'name', 'row ' || g, 'payload', repeat('x', 300)) AS data"
        + " FROM generate_series(1, 200000) g; ALTER TABLE tb_big ADD PRIMARY KEY (id)");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx48m", "-XX:+UseSerialGC",
            "-cp", System.getProperty("java.class.path"), StreamingMain.class.getName(),
            TestDatabase.urlString(url)))
        .redirectErrorStream(true)
        .start();
    String output;
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(done).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    String line = output.lines().filter(l -> l.startsWith("bytes=")).findFirst().orElseThrow();
    long bytes = Long.parseLong(line.substring(6, line.indexOf(' ')));
    long maxHeap = Long.parseLong(line.substring(line.indexOf("maxHeap=") + 8));
    assertThat(bytes).isGreaterThan(60_000_000L).isGreaterThan(maxHeap);
    assertThat(line).contains("end=xxx\"}]}}");
  }
}
