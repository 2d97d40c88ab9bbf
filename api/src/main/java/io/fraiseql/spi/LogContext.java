package io.fraiseql.spi;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The logging context (slf4j {@link MDC}: a request id, for example) of the thread that called a
 * backend, carried to the threads that finish the work. An asynchronous backend completes
 * statements on its I/O threads, where the caller's MDC is not set: it captures the context when
 * it is called and logs through {@link #run} there, so its log lines carry the request's context.
 *
 * <pre>{@code
 * LogContext log = LogContext.capture();          // on the calling thread
 * ... onComplete(ar -> log.run(() -> LOG.warn("Statement failed: {}", ar.cause().getMessage())));
 * }</pre>
 */
public final class LogContext {
  private static final LogContext NONE = new LogContext(null);

  private final Map<String, String> context;

  private LogContext(Map<String, String> context) {
    this.context = context;
  }

  /** The calling thread's MDC (nothing when it is empty: then {@link #run} only runs). */
  public static LogContext capture() {
    Map<String, String> current = MDC.getCopyOfContextMap();
    return current == null || current.isEmpty() ? NONE : new LogContext(current);
  }

  /** A given context, e.g. {@code Map.of("request_id", id)} for work started for a request. */
  public static LogContext of(Map<String, String> context) {
    return context.isEmpty() ? NONE : new LogContext(Map.copyOf(context));
  }

  /** No context. */
  public static LogContext none() {
    return NONE;
  }

  /** True when nothing was captured. */
  public boolean isEmpty() {
    return context == null;
  }

  /**
   * Runs {@code action} with the captured context as the thread's MDC, then restores what the
   * thread had. Without a captured context the action just runs.
   */
  public void run(Runnable action) {
    if (context == null) {
      action.run();
      return;
    }
    Map<String, String> previous = MDC.getCopyOfContextMap();
    MDC.setContextMap(context);
    try {
      action.run();
    } finally {
      if (previous == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(previous);
      }
    }
  }
}
