package io.fraiseql.planner;

import io.fraiseql.api.Limits;
import java.util.Objects;

/**
 * How a {@link Planner} plans: the request limits, the document cache's bounds, whether
 * introspection is served and the plan template cache's bounds. Immutable, validated once.
 *
 * @param limits request limits (query length, depth, fields, pattern operators...)
 * @param documentCacheSize parsed and validated documents kept, by query text (0: none)
 * @param documentCacheBytes the estimated heap those documents (with their plans) may take; a
 *     document heavier than the whole bound is planned but not kept (0: none kept)
 * @param introspection whether {@code __schema} and {@code __type} are answered; when false they
 *     are refused with {@code GRAPHQL_VALIDATION_FAILED} ({@code __typename} still works)
 * @param templateCacheSize plan templates kept for queries and mutations with variables, by
 *     document, operation and shape of the variables (0: none, each such request is planned on
 *     its own)
 * @param templateCacheBytes the estimated heap those templates may take (0: none kept)
 */
public record PlannerOptions(Limits limits, int documentCacheSize, long documentCacheBytes, boolean introspection,
    int templateCacheSize, long templateCacheBytes) {
  /** Documents kept by default. */
  public static final int DEFAULT_DOCUMENT_CACHE_SIZE = 1_000;
  /** The default bound of the document cache: 64 MiB. */
  public static final long DEFAULT_DOCUMENT_CACHE_BYTES = 64L * 1024 * 1024;
  /** Plan templates kept by default (requests with variables, by document, operation and shape). */
  public static final int DEFAULT_TEMPLATE_CACHE_SIZE = 1_000;
  /** The default bound of the plan templates' estimated heap: 32 MiB. */
  public static final long DEFAULT_TEMPLATE_CACHE_BYTES = 32L * 1024 * 1024;

  public static final PlannerOptions DEFAULTS =
      new PlannerOptions(Limits.DEFAULTS, DEFAULT_DOCUMENT_CACHE_SIZE, DEFAULT_DOCUMENT_CACHE_BYTES, true);

  public PlannerOptions {
    Objects.requireNonNull(limits, "limits");
    if (documentCacheSize < 0) {
      throw new IllegalArgumentException("documentCacheSize must not be negative");
    }
    if (documentCacheBytes < 0) {
      throw new IllegalArgumentException("documentCacheBytes must not be negative");
    }
    if (templateCacheSize < 0) {
      throw new IllegalArgumentException("templateCacheSize must not be negative");
    }
    if (templateCacheBytes < 0) {
      throw new IllegalArgumentException("templateCacheBytes must not be negative");
    }
  }

  /** Options with the default plan template bounds. */
  public PlannerOptions(Limits limits, int documentCacheSize, long documentCacheBytes, boolean introspection) {
    this(limits, documentCacheSize, documentCacheBytes, introspection, DEFAULT_TEMPLATE_CACHE_SIZE,
        DEFAULT_TEMPLATE_CACHE_BYTES);
  }

  /** These options with other plan template bounds. */
  public PlannerOptions withTemplateCache(int size, long bytes) {
    return new PlannerOptions(limits, documentCacheSize, documentCacheBytes, introspection, size, bytes);
  }
}
