package io.fraiseql.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The document cache's weight bound holds for the real heap: a JVM of its own plans 300 large
 * distinct queries (each about 45,000 characters and 1,900 fields) with the cache bounded to
 * 16 MiB; the live heap grows by no more than the bound and a margin. Without the bound (count
 * only) the same run keeps every document.
 */
class DocumentCacheHeapTest {
  static final long BOUND = 16L << 20;

  @Test
  void manyLargeDistinctQueriesStayWithinTheBound() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            DocumentCacheHeapMain.class.getName(), Long.toString(BOUND), "300"))
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    System.out.println("document cache, forked JVM: " + out.strip());
    assertThat(p.exitValue()).as(out).isZero();
    Matcher m = Pattern.compile("grown=(-?\\d+) kept=(\\d+) weight=(\\d+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    long grown = Long.parseLong(m.group(1));
    long kept = Long.parseLong(m.group(2));
    long weight = Long.parseLong(m.group(3));
    assertThat(weight).isLessThanOrEqualTo(BOUND);
    assertThat(kept).as("evicted by weight, not by count").isBetween(1L, 299L);
    // the estimate is conservative: the heap the kept documents hold is below their weight
    assertThat(grown).as(out).isLessThanOrEqualTo(BOUND + (4L << 20));
  }
}
