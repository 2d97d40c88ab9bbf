package io.fraiseql.spring;

import io.fraiseql.FraiseQL;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP when the engine's database answers within the timeout; the backend id as a detail. */
public final class FraiseQLHealthIndicator implements HealthIndicator {
  private final FraiseQL engine;
  private final Duration timeout;

  public FraiseQLHealthIndicator(FraiseQL engine, Duration timeout) {
    this.engine = engine;
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    Health.Builder health;
    try {
      boolean ready = Boolean.TRUE.equals(engine.ready().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      health = ready ? Health.up() : Health.down();
    } catch (TimeoutException e) {
      health = Health.down().withDetail("error", "the database did not answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      health = Health.down().withDetail("error", String.valueOf(e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      health = Health.down().withDetail("error", "interrupted");
    }
    return health.withDetail("backend", engine.backendId()).build();
  }
}
