package io.fraiseql.server;

import io.fraiseql.planner.PlannerOptions;

/**
 * The engine settings of the server besides its limits: introspection, the cursor secret and the
 * document cache.
 *
 * @param introspection whether {@code __schema} and {@code __type} are answered
 * @param cursorSecret the secret signing Relay cursors; null for a random one per process (the
 *     demo then derives a fixed one from its schema)
 * @param documentCacheSize parsed documents kept
 * @param documentCacheBytes the estimated heap those documents may take
 */
public record EngineOptions(boolean introspection, CursorSecret cursorSecret, int documentCacheSize, long documentCacheBytes) {
  public static final EngineOptions DEFAULTS = new EngineOptions(true, null,
      PlannerOptions.DEFAULT_DOCUMENT_CACHE_SIZE, PlannerOptions.DEFAULT_DOCUMENT_CACHE_BYTES);

  public EngineOptions {
    if (documentCacheSize < 0 || documentCacheBytes < 0) {
      throw new IllegalArgumentException("the document cache bounds must not be negative");
    }
  }

  /** A copy with another cursor secret. */
  public EngineOptions withCursorSecret(CursorSecret secret) {
    return new EngineOptions(introspection, secret, documentCacheSize, documentCacheBytes);
  }
}
