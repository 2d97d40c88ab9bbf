package io.fraiseql.bench;

import io.fraiseql.api.DatabaseUrl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a benchmark JVM needs: the loaded database, the pool size and the bench directory, plus the
 * second copy of the data set that carries table views and the database through PgBouncer, each
 * only when a contender needs it. The launcher ({@link Main}) passes them to JMH's forks as system
 * properties.
 *
 * @param tvUrl the copy of the data set with table views, or {@code null} when no {@code -tv}
 *     contender runs
 * @param pgBouncerUrl the database through PgBouncer in transaction mode, or {@code null} when no
 *     {@code -pgbouncer} contender runs
 */
public record BenchEnv(DatabaseUrl url, int poolSize, Path benchDir, DatabaseUrl tvUrl, DatabaseUrl pgBouncerUrl) {
  public static final String URL = "fraiseql.bench.url";
  public static final String TV_URL = "fraiseql.bench.tv-url";
  public static final String PGBOUNCER_URL = "fraiseql.bench.pgbouncer-url";
  public static final String POOL = "fraiseql.bench.pool";
  /** Contenders whose name ends with this read and write the copy with table views. */
  public static final String TABLE_VIEWS = "-tv";

  /** The contenders run by default, in report order. */
  public static final List<String> CONTENDERS =
      List.of("engine-jdbc", "engine-vertx", "engine-r2dbc", "baseline", "limit", "limit-tx", "engine-jdbc-tv");

  /**
   * The contenders of a run that names none: all but {@code limit-tx} (the raw driver in a
   * transaction, a reference for the non-blocking backends that no target uses), so that every
   * benchmark gets enough warm-up within the 20-minute budget.
   */
  public static final List<String> DEFAULT_CONTENDERS =
      CONTENDERS.stream().filter(c -> !c.equals("limit-tx")).toList();

  /**
   * Every contender: the defaults, and the engine on each backend through PgBouncer in transaction
   * mode ({@code pgBouncer(true)}), which the launcher starts in front of the database when one of
   * them is asked for.
   */
  public static final List<String> KNOWN = List.of("engine-jdbc", "engine-vertx", "engine-r2dbc", "baseline", "limit",
      "limit-tx", "engine-jdbc-tv", "engine-jdbc-pgbouncer", "engine-vertx-pgbouncer", "engine-r2dbc-pgbouncer");

  public BenchEnv(DatabaseUrl url, int poolSize, Path benchDir) {
    this(url, poolSize, benchDir, null, null);
  }

  /** A contender that reaches the database through PgBouncer. */
  public static boolean throughPgBouncer(String contender) {
    return contender.endsWith("-pgbouncer");
  }

  public static BenchEnv fromSystemProperties() {
    String url = System.getProperty(URL);
    if (url == null) {
      throw new IllegalStateException("-D" + URL + " is not set: run the benchmarks through"
          + " `java -jar benchmarks/target/benchmarks.jar` (io.fraiseql.bench.Main), which loads the data set"
          + " and passes it to JMH's forks");
    }
    String tv = System.getProperty(TV_URL);
    String bouncer = System.getProperty(PGBOUNCER_URL);
    return new BenchEnv(DatabaseUrl.parse(url), Integer.getInteger(POOL, 4), BenchData.benchDir(),
        tv == null ? null : DatabaseUrl.parse(tv), bouncer == null ? null : DatabaseUrl.parse(bouncer));
  }

  /** The JVM options that hand this environment to a fork. */
  public List<String> jvmArgs() {
    List<String> args = new ArrayList<>(List.of("-D" + URL + "=" + io.fraiseql.tck.TestDatabase.urlString(url),
        "-D" + POOL + "=" + poolSize, "-D" + BenchData.DIR_PROPERTY + "=" + benchDir));
    if (tvUrl != null) {
      args.add("-D" + TV_URL + "=" + io.fraiseql.tck.TestDatabase.urlString(tvUrl));
    }
    if (pgBouncerUrl != null) {
      args.add("-D" + PGBOUNCER_URL + "=" + io.fraiseql.tck.TestDatabase.urlString(pgBouncerUrl));
    }
    return args;
  }

  /** The databases the contenders write: the plain copy, and the one with table views if loaded. */
  public List<DatabaseUrl> databases() {
    return tvUrl == null ? List.of(url) : List.of(url, tvUrl);
  }

  /** The database a contender reads and writes. */
  public DatabaseUrl urlFor(String contender) {
    if (!contender.endsWith(TABLE_VIEWS)) {
      return url;
    }
    if (tvUrl == null) {
      throw new IllegalStateException(contender + " needs the copy of the data set with table views, which was not loaded");
    }
    return tvUrl;
  }

  /** Opens a contender by name. */
  public Contender open(String name) {
    return switch (name) {
      case "engine-jdbc", "engine-vertx", "engine-r2dbc" ->
          new EngineContender(name.substring("engine-".length()), url, false, poolSize, benchDir);
      case "engine-jdbc-tv" -> EngineContender.onTableViews("jdbc", urlFor(name), poolSize, benchDir);
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
