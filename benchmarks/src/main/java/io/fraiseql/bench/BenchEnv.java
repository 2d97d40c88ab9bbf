package io.fraiseql.bench;

import io.fraiseql.api.DatabaseUrl;
import java.nio.file.Path;
import java.util.List;

/**
 * What a benchmark JVM needs: the loaded database, the pool size and the bench directory. The
 * launcher ({@link Main}) passes them to JMH's forks as system properties.
 */
public record BenchEnv(DatabaseUrl url, int poolSize, Path benchDir) {
  public static final String URL = "fraiseql.bench.url";
  public static final String POOL = "fraiseql.bench.pool";

  /** Every contender, in report order. */
  public static final List<String> CONTENDERS =
      List.of("engine-jdbc", "engine-vertx", "engine-r2dbc", "baseline", "limit", "limit-tx");

  public static BenchEnv fromSystemProperties() {
    String url = System.getProperty(URL);
    if (url == null) {
      throw new IllegalStateException("-D" + URL + " is not set: run the benchmarks through"
          + " `java -jar benchmarks/target/benchmarks.jar` (io.fraiseql.bench.Main), which loads the data set"
          + " and passes it to JMH's forks");
    }
    return new BenchEnv(DatabaseUrl.parse(url), Integer.getInteger(POOL, 4), BenchData.benchDir());
  }

  /** The JVM options that hand this environment to a fork. */
  public List<String> jvmArgs() {
    return List.of("-D" + URL + "=" + io.fraiseql.tck.TestDatabase.urlString(url), "-D" + POOL + "=" + poolSize,
        "-D" + BenchData.DIR_PROPERTY + "=" + benchDir);
  }

  /** Opens a contender by name. */
  public Contender open(String name) {
    return switch (name) {
      case "engine-jdbc", "engine-vertx", "engine-r2dbc" ->
          new EngineContender(name.substring("engine-".length()), url, poolSize, benchDir);
      case "baseline" -> new BaselineContender(url, poolSize, benchDir);
      case "limit" -> new LimitContender(false, url, poolSize, benchDir);
      case "limit-tx" -> new LimitContender(true, url, poolSize, benchDir);
      default -> throw new IllegalArgumentException("unknown contender " + name + "; known: " + CONTENDERS);
    };
  }
}
