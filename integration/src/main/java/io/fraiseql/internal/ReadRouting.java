package io.fraiseql.internal;

import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.FlowControl;
import io.fraiseql.spi.RowSink;
import io.fraiseql.spi.SessionSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where queries go: the read replica when one is configured, else the primary. Mutations and their
 * re-reads never come here; they run on the primary.
 *
 * <p>A replica that cannot be reached fails the read with {@code CONNECTION_ERROR}. Only with
 * {@code fallbackToPrimary} is such a read (one whose failure is a connection failure and which has
 * not handed a row to its sink yet) run again on the primary; a query error on the replica (a
 * timeout, a bad cast, a conflict with recovery) is the answer and never retried elsewhere. The
 * first fallback is logged as a warning, the following ones at debug level until the replica
 * answers again (logged once more).
 */
public final class ReadRouting {
  private static final Logger LOG = LoggerFactory.getLogger(ReadRouting.class);

  /**
   * The replica's lag in seconds: 0 when it has replayed everything it received (or is not a
   * standby at all), else how old the last transaction it replayed is; {@code null} when it cannot
   * tell yet (nothing replayed since it started).
   */
  static final String LAG_SQL = "SELECT to_jsonb(CASE"
      + " WHEN NOT pg_is_in_recovery() THEN 0"
      + " WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0"
      + " ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) END)";

  private final DatabaseBackend primary;
  private final DatabaseBackend replica; // null: reads go to the primary
  private final boolean fallbackToPrimary;
  private final AtomicBoolean fallingBack = new AtomicBoolean();

  public ReadRouting(DatabaseBackend primary, DatabaseBackend replica, boolean fallbackToPrimary) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.replica = replica;
    this.fallbackToPrimary = fallbackToPrimary && replica != null;
  }

  /** True when a read replica is configured. */
  public boolean hasReplica() {
    return replica != null;
  }

  /** Runs a read where reads go. */
  public CompletionStage<Void> stream(SessionSettings settings, SqlStatement statement, RowSink sink) {
    if (replica == null) {
      return primary.stream(settings, statement, sink);
    }
    if (!fallbackToPrimary) {
      return replica.stream(settings, statement, sink);
    }
    boolean[] delivered = {false};
    RowSink tracking = new RowSink() {
      @Override
      public void onStart(FlowControl flow) {
        sink.onStart(flow); // the sink may still pause the replica's rows
      }

      @Override
      public void onRow(byte[] json, int offset, int length) throws IOException {
        delivered[0] = true;
        sink.onRow(json, offset, length);
      }
    };
    return replica.stream(settings, statement, tracking).handle((v, failure) -> {
      if (failure == null) {
        if (fallingBack.compareAndSet(true, false)) {
          LOG.info("The read replica answers again; reads go to it");
        }
        return CompletableFuture.<Void>completedFuture(null);
      }
      Throwable cause = unwrap(failure);
      if (delivered[0] || !(cause instanceof FraiseQLException fe) || fe.code() != ErrorCode.CONNECTION_ERROR) {
        return CompletableFuture.<Void>failedFuture(cause);
      }
      if (fallingBack.compareAndSet(false, true)) {
        LOG.warn("The read replica cannot be reached ({}); reading from the primary until it answers again", fe.getMessage());
      } else {
        LOG.debug("The read replica cannot be reached; this read goes to the primary");
      }
      return primary.stream(settings, statement, sink);
    }).thenCompose(stage -> stage);
  }

  /**
   * The replica's replication lag: how far behind the primary its data may be. Empty without a
   * replica, or while the replica cannot tell (it has replayed nothing since it started); zero
   * when it has replayed all it received. Fails with {@code CONNECTION_ERROR} when it is down.
   */
  public CompletionStage<Optional<Duration>> replicaLag() {
    if (replica == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    StringBuilder answer = new StringBuilder();
    SqlStatement lag = new SqlStatement(LAG_SQL, List.of(), 1);
    return replica.stream(SessionSettings.empty(), lag,
            (json, offset, length) -> answer.append(new String(json, offset, length, StandardCharsets.US_ASCII)))
        .thenApply(v -> {
          String seconds = answer.toString();
          if (seconds.isEmpty() || seconds.equals("null")) {
            return Optional.<Duration>empty();
          }
          double s = Math.max(0, Double.parseDouble(seconds));
          return Optional.of(Duration.ofNanos((long) (s * 1_000_000_000d)));
        });
  }

  /** Closes the replica's pool (the primary's is the engine's to close). */
  public void closeReplica() {
    if (replica != null) {
      replica.close();
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
