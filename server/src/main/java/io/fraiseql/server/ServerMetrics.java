package io.fraiseql.server;

import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.spi.PoolStatistics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The server's Micrometer registry, scraped as Prometheus text at {@code GET /metrics}:
 * GraphQL requests by operation type and outcome, their latency histogram, errors by code, rows
 * read from the database, requests in flight, the connection pool (in use, idle, waiting; and,
 * on the jdbc backend, HikariCP's own {@code hikaricp_*} meters), and the JVM's. Every
 * per-request meter is created up front, so recording a request indexes arrays and never looks
 * a meter up by name.
 */
final class ServerMetrics implements AutoCloseable {
  /** Operation types as the {@code operation} tag spells them; the last is for requests that never got one. */
  static final List<String> OPERATIONS = List.of("query", "mutation", "unknown");
  /**
   * Outcomes: {@code success} (no errors), {@code error} (an answer with GraphQL errors),
   * {@code rejected} (refused before running: bad body, 401, 406, 415, 503...), {@code failed}
   * (an internal error), {@code aborted} (the connection closed before the answer ended).
   */
  static final List<String> OUTCOMES = List.of("success", "error", "rejected", "failed", "aborted");

  /** Latency histogram buckets: 1 ms to 30 s. */
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter[][] requests = new Counter[OPERATIONS.size()][OUTCOMES.size()];
  private final Timer[][] durations = new Timer[OPERATIONS.size()][OUTCOMES.size()];
  private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
  private final Counter rows;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  ServerMetrics() {
    for (int o = 0; o < OPERATIONS.size(); o++) {
      for (int r = 0; r < OUTCOMES.size(); r++) {
        requests[o][r] = Counter.builder("fraiseql.requests")
            .description("GraphQL requests, by operation type and outcome")
            .tag("operation", OPERATIONS.get(o)).tag("outcome", OUTCOMES.get(r))
            .register(registry);
        durations[o][r] = Timer.builder("fraiseql.request.duration")
            .description("Time from the request's arrival to the end of its answer")
            .tag("operation", OPERATIONS.get(o)).tag("outcome", OUTCOMES.get(r))
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
      }
    }
    for (ErrorCode code : ErrorCode.values()) {
      errors.put(code, Counter.builder("fraiseql.errors")
          .description("Entries of the answers' errors arrays (and refusals), by extensions.code")
          .tag("code", code.name())
          .register(registry));
    }
    rows = Counter.builder("fraiseql.rows.streamed")
        .description("Rows read from the database and written into answers")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The registry, for HikariCP's tracker (the jdbc backend registers its own meters there). */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Pool gauges read from the backend at each scrape (nothing when the backend cannot tell). */
  void bindPool(String backend, Supplier<Optional<PoolStatistics>> pool) {
    pool("active", backend, pool, PoolStatistics::active);
    pool("idle", backend, pool, PoolStatistics::idle);
    pool("pending", backend, pool, PoolStatistics::pending);
    Gauge.builder("fraiseql.db.pool.max", pool, p -> p.get().map(PoolStatistics::max).orElse(-1).doubleValue())
        .description("The most connections the pool opens")
        .tag("backend", backend)
        .strongReference(true) // a gauge holds its source weakly by default; this one is a lambda
        .register(registry);
  }

  private void pool(String state, String backend, Supplier<Optional<PoolStatistics>> pool, ToIntFunction<PoolStatistics> f) {
    Gauge.builder("fraiseql.db.pool.connections", pool, p -> p.get().map(s -> (double) f.applyAsInt(s)).orElse(Double.NaN))
        .description("Database connections: active (lent out), idle, pending (requests waiting for one)")
        .tag("backend", backend).tag("state", state)
        .strongReference(true)
        .register(registry);
  }

  /** GraphQL requests queued or running. */
  void bindInFlight(IntSupplier inFlight) {
    Gauge.builder("fraiseql.requests.in.flight", inFlight, s -> s.getAsInt())
        .description("GraphQL requests queued or running")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Records one GraphQL request.
   *
   * @param operation an index into {@link #OPERATIONS}
   * @param outcome an index into {@link #OUTCOMES}
   */
  void record(int operation, int outcome, long nanos, List<ErrorCode> codes, long rowCount) {
    requests[operation][outcome].increment();
    durations[operation][outcome].record(nanos, TimeUnit.NANOSECONDS);
    for (int i = 0; i < codes.size(); i++) {
      errors.get(codes.get(i)).increment();
    }
    if (rowCount > 0) {
      rows.increment(rowCount);
    }
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
