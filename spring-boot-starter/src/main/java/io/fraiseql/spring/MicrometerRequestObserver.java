package io.fraiseql.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/** Times requests as {@code fraiseql.requests}, tagged with {@code transport} and {@code outcome}. */
final class MicrometerRequestObserver implements RequestObserver {
  static final String METER = "fraiseql.requests";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

  MicrometerRequestObserver(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void observe(String transport, String outcome, long nanos) {
    timers.computeIfAbsent(transport + '\n' + outcome, k -> Timer.builder(METER)
            .description("GraphQL requests answered by FraiseQL")
            .tag("transport", transport)
            .tag("outcome", outcome)
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
