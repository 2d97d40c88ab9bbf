package io.fraiseql.spi;

import java.util.concurrent.CompletionStage;

/** What runs inside {@link DatabaseBackend#transaction}. */
@FunctionalInterface
public interface TransactionWork {
  /**
   * Runs statements on {@code tx}. Completes with {@code true} to commit, {@code false} to roll
   * back (the work's answer stands, nothing it wrote remains), or exceptionally to roll back and
   * fail.
   */
  CompletionStage<Boolean> run(Transaction tx);
}
