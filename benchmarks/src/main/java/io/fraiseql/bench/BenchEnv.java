package io.fraiseql.bench;

import io.fraiseql.api.DatabaseUrl;
import java.nio.file.Path;
import java.util.List;

/**
 * What a benchmark JVM needs: the loaded database, the pool size and the bench directory, and the
 * same database through PgBouncer when a {@code -pgbouncer} contender runs. The launcher
 * ({@link Main}) passes them to JMH's forks as system properties.
 *
 * @param pgBouncerUrl the database through PgBouncer in transaction mode, or {@code null}
 */
public record BenchEnv(DatabaseUrl url, int poolSize, Path benchDir, DatabaseUrl pgBouncerUrl) {
  public static final String URL = "fraiseql.bench.url";
  public static final String POOL = "fraiseql.bench.pool";
  public static final String PGBOUNCER_URL = "fraiseql.bench.pgbouncer-url";

  /** The contenders run by default, in report order. */
  public static final List<String> CONTENDERS =
      List.of("engine-jdbc", "engine-vertx", "engine-r2dbc", "baseline", "limit", "limit-tx");

  /**
   * Every contender: the defaults, and the engine on each backend through PgBouncer in transaction
   * mode ({@code pgBouncer(true)}), which the launcher starts in front of the database when one of
   * them is asked for.
   */
  public static final List<String> KNOWN = List.of("engine-jdbc", "engine-vertx", "engine-r2dbc", "baseline", "limit",
      "limit-tx", "engine-jdbc-pgbouncer", "engine-vertx-pgbouncer", "engine-r2dbc-pgbouncer");

  /** A contender that reaches the database through PgBouncer. */
  public static boolean throughPgBouncer(String contender) {
    return contender.endsWith("-pgbouncer");
  }

  public BenchEnv(DatabaseUrl url, int poolSize, Path benchDir) {
    this(url, poolSize, benchDir, null);
  }

  public static BenchEnv fromSystemProperties() {
    String url = System.getProperty(URL);
    if (url == null) {
      throw new IllegalStateException("-D" + URL + " is not set: run the benchmarks through"
          + " `java -jar benchmarks/target/benchmarks.jar` (io.fraiseql.bench.Main), which loads the data set"
          + " and passes it to JMH's forks");
    }
    String bouncer = System.getProperty(PGBOUNCER_URL);
    return new BenchEnv(DatabaseUrl.parse(url), Integer.getInteger(POOL, 4), BenchData.benchDir(),
        bouncer == null ? null : DatabaseUrl.parse(bouncer));
  }

  /** The JVM options that hand this environment to a fork. */
  public List<String> jvmArgs() {
    List<String> args = new java.util.ArrayList<>(List.of("-D" + URL + "=" + io.fraiseql.tck.TestDatabase.urlString(url),
        "-D" + POOL + "=" + poolSize, "-D" + BenchData.DIR_PROPERTY + "=" + benchDir));
    if (pgBouncerUrl != null) {
      args.add("-D" + PGBOUNCER_URL + "=" + io.fraiseql.tck.TestDatabase.urlString(pgBouncerUrl));
    }
    return args;
  }

  /** Opens a contender by name. */
  public Contender open(String name) {
    return switch (name) {
      case "engine-jdbc", "engine-vertx", "engine-r2dbc" ->
          new EngineContender(name.substring("engine-".length()), url, false, poolSize, benchDir);
      case "engine-jdbc-pgbouncer", "engine-vertx-pgbouncer", "engine-r2dbc-pgbouncer" -> {
        if (pgBouncerUrl == null) {
          throw new IllegalStateException(name + " needs PgBouncer in front of the database (-D" + PGBOUNCER_URL + ")");
        }
        yield new EngineContender(name.substring("engine-".length(), name.length() - "-pgbouncer".length()),
            pgBouncerUrl, true, poolSize, benchDir);
      }
      case "baseline" -> new BaselineContender(url, poolSize, benchDir);
      case "limit" -> new LimitContender(false, url, poolSize, benchDir);
      case "limit-tx" -> new LimitContender(true, url, poolSize, benchDir);
      default -> throw new IllegalArgumentException("unknown contender " + name + "; known: " + KNOWN);
    };
  }
}
