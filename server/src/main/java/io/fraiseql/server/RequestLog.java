package io.fraiseql.server;

import io.fraiseql.ExecutionSummary;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.spi.LogContext;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request: takes the client's {@code X-Request-Id} when it is safe
 * (1 to {@value #MAX_ID_LENGTH} characters of letters, digits and {@code -_.:/+=@}) or makes one,
 * echoes it in the answer, and gives the request an {@link Exchange} whose logging context (the
 * {@value #MDC_KEY} MDC key) the server's, the engine's and the backends' log lines carry, on
 * whatever thread they run. When the answer has ended it writes one access-log line (logger
 * {@code io.fraiseql.server.access}; INFO, DEBUG for {@code /health}, {@code /ready} and
 * {@code /metrics}) and records GraphQL requests in the metrics.
 */
final class RequestLog {
  static final String REQUEST_ID_HEADER = "X-Request-Id";
  /** The MDC key of the request id (a field of the same name in JSON logs). */
  static final String MDC_KEY = "request_id";
  static final int MAX_ID_LENGTH = 128;

  private static final Logger ACCESS = LoggerFactory.getLogger("io.fraiseql.server.access");
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:/+=@-]{1," + MAX_ID_LENGTH + "}");
  private static final String KEY = "fraiseql.exchange";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** What the server learns about one request while it runs; written by one thread at a time. */
  static final class Exchange {
    final String id;
    final long start = System.nanoTime();
    final LogContext log;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile ExecutionSummary summary;
    private volatile ErrorCode refusal;
    private volatile boolean page;

    Exchange(String id) {
      this.id = id;
      this.log = LogContext.of(Map.of(MDC_KEY, id));
    }

    /** The engine's account of the request. */
    void executed(ExecutionSummary s) {
      summary = s;
    }

    /** The server refused the request before running it, with this code. */
    void refused(ErrorCode code) {
      refusal = code;
    }

    /** The answer is a page (GraphiQL), not a GraphQL request: left out of the GraphQL metrics. */
    void page() {
      page = true;
    }
  }

  private final ServerMetrics metrics;

  /** @param metrics where GraphQL requests are recorded, or {@code null} without metrics */
  RequestLog(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(REQUEST_ID_HEADER);
    Exchange exchange = new Exchange(given != null && SAFE_ID.matcher(given).matches() ? given : newId());
    ctx.put(KEY, exchange);
    ctx.response().putHeader(REQUEST_ID_HEADER, exchange.id);
    ctx.addBodyEndHandler(v -> finished(ctx, exchange, false));
    ctx.addEndHandler(ended -> {
      if (ended.failed()) {
        finished(ctx, exchange, true);
      }
    });
    ctx.next();
  }

  /** The request's exchange (every request has one: this handler runs first). */
  static Exchange exchange(RoutingContext ctx) {
    Exchange e = ctx.get(KEY);
    return e != null ? e : new Exchange(newId());
  }

  /** 128 random bits as 32 hex digits (not a secret: only unique enough to find a request's lines). */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[32];
    long a = random.nextLong();
    long b = random.nextLong();
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
      out[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xf];
    }
    return new String(out);
  }

  private void finished(RoutingContext ctx, Exchange exchange, boolean aborted) {
    if (!exchange.finished.compareAndSet(false, true)) {
      return;
    }
    long nanos = System.nanoTime() - exchange.start;
    String path = ctx.request().path();
    int status = ctx.response().getStatusCode();
    ExecutionSummary summary = exchange.summary;
    boolean graphql = "/graphql".equals(path) && !exchange.page;
    int operation = summary == null || summary.operationType() == null ? 2 : summary.operationType().equals("mutation") ? 1 : 0;
    int outcome = aborted ? 4 : summary != null ? (summary.succeeded() ? 0 : 1) : status >= 500 && status != 503 ? 3 : 2;
    if (graphql && metrics != null) {
      List<ErrorCode> codes = summary != null ? summary.errors()
          : exchange.refusal != null ? List.of(exchange.refusal) : List.of();
      metrics.record(operation, outcome, nanos, codes, summary == null ? 0 : summary.rows());
    }
    boolean quiet = path.equals("/health") || path.equals("/ready") || path.equals("/metrics");
    if (quiet ? !ACCESS.isDebugEnabled() : !ACCESS.isInfoEnabled()) {
      return;
    }
    long bytes = ctx.response().bytesWritten();
    String length = ctx.response().headers().get(HttpHeaders.CONTENT_LENGTH);
    if (bytes == 0 && length != null) {
      bytes = Long.parseLong(length); // a body sent whole with end(buffer) is not counted by Vert.x
    }
    long millis = nanos / 1_000_000;
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(MDC_KEY, exchange.id);
    fields.put("method", ctx.request().method().name());
    fields.put("path", path);
    fields.put("status", Integer.toString(status));
    fields.put("duration_ms", Long.toString(millis));
    fields.put("bytes", Long.toString(bytes));
    String operationName = summary == null ? null : summary.operationName();
    if (graphql) {
      fields.put("operation_type", OPERATIONS_TEXT[operation]);
      fields.put("outcome", ServerMetrics.OUTCOMES.get(outcome));
      if (operationName != null) {
        fields.put("operation_name", operationName);
      }
    }
    String line = ctx.request().method().name() + " " + path + " " + status + " " + millis + " ms " + bytes + " bytes"
        + (graphql ? " " + OPERATIONS_TEXT[operation] + (operationName == null ? "" : " " + operationName)
            + " " + ServerMetrics.OUTCOMES.get(outcome) : "")
        + (aborted ? " (connection closed before the end)" : "");
    LogContext.of(fields).run(() -> {
      if (quiet) {
        ACCESS.debug(line);
      } else {
        ACCESS.info(line);
      }
    });
  }

  private static final String[] OPERATIONS_TEXT = ServerMetrics.OPERATIONS.toArray(new String[0]);

  /** Runs {@code action} with the request's MDC (for log lines written on the event loop). */
  static void withContext(RoutingContext ctx, Runnable action) {
    exchange(ctx).log.run(action);
  }
}
