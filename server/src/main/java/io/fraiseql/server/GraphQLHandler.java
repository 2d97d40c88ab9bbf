package io.fraiseql.server;

import io.fraiseql.ExecutionSummary;
import io.fraiseql.FraiseQL;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.http.PersistedQueries;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /graphql}: request decoding and validation on the event loop; with a non-blocking backend
 * (Vert.x, R2DBC) requests of known documents also run there, while a blocking backend's requests
 * (and the first request of a new document, which is parsed) go to a worker thread. The answer is
 * streamed through {@link ResponseStream} without ever waiting for the client on a thread.
 */
final class GraphQLHandler {
  private static final Logger LOG = LoggerFactory.getLogger(GraphQLHandler.class);

  private final Vertx vertx;
  private final FraiseQL engine;
  private final ServerConfig config;
  private final ExecutorService workers;
  private final JwtAuthenticator auth;
  private final PersistedQueries persisted;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Requests started on the event loop; and those answered from a thread of the server's own Vert.x. */
  private final LongAdder ranOnEventLoop = new LongAdder();
  private final LongAdder answeredOnServerLoops = new LongAdder();
  private volatile boolean draining;

  GraphQLHandler(Vertx vertx, FraiseQL engine, ServerConfig config, ExecutorService workers, JwtAuthenticator auth,
      PersistedQueries persisted) {
    this.vertx = vertx;
    this.persisted = persisted;
    this.engine = engine;
    this.config = config;
    this.workers = workers;
    this.auth = auth;
  }

  /** A request the server refuses before running it; the message goes to the client. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final ErrorCode code;

    /** 4xx are BAD_USER_INPUT, 5xx INTERNAL_ERROR. */
    Refused(int status, String message) {
      this(status, status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_USER_INPUT, message);
    }

    Refused(int status, ErrorCode code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  void post(RoutingContext ctx) {
    String type = negotiate(ctx);
    if (type == null) {
      return;
    }
    try {
      if (!MediaTypes.isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
        throw new Refused(415, "POST /graphql needs Content-Type: application/json");
      }
      Buffer body = ctx.body().buffer();
      if (body == null || body.length() == 0) {
        throw new Refused(400, "The request body is empty; send {\"query\": \"{ ... }\"}");
      }
      Object decoded;
      try {
        decoded = Json.decodeValue(body);
      } catch (DecodeException e) {
        throw new Refused(400, "The request body is not valid JSON");
      }
      if (!(decoded instanceof JsonObject json)) {
        throw new Refused(400, "The request body must be a JSON object like {\"query\": \"{ ... }\"}");
      }
      Map<String, String> identity = authenticate(ctx);
      Object query = persistedQuery(ctx, type, json.getValue("query"), plain(json.getValue("extensions")));
      GraphQLRequest request = request(query, json.getValue("operationName"),
          variables(json.getValue("variables")), ctx.request().headers(), identity);
      execute(ctx, type, request);
    } catch (Refused e) {
      refuse(ctx, type, e);
    }
  }

  void get(RoutingContext ctx) {
    String type = negotiate(ctx);
    if (type == null) {
      return;
    }
    try {
      Object vars = jsonParam(ctx, "variables");
      Object ext = jsonParam(ctx, "extensions");
      Map<String, String> identity = authenticate(ctx);
      Object query = persistedQuery(ctx, type, ctx.request().getParam("query"), plain(ext));
      GraphQLRequest request = request(query, ctx.request().getParam("operationName"),
          variables(vars), ctx.request().headers(), identity);
      String operation = operationType(request.query(), request.operationName(), config.limits().maxQueryLength());
      if (operation != null && !operation.equals("query")) {
        ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
        throw new Refused(405, "A " + operation + " cannot be sent with GET; use POST");
      }
      execute(ctx, type, request);
    } catch (Refused e) {
      refuse(ctx, type, e);
    }
  }

  /**
   * The query text a request runs: its own, or the document its persisted-query hash names. An
   * unknown hash is {@code PERSISTED_QUERY_NOT_FOUND} (never cached: the client sends the text
   * next), answered with 200 to {@code application/json} clients as Apollo's expect (a 400 turns
   * their persisted queries off), 404 otherwise.
   */
  private Object persistedQuery(RoutingContext ctx, String type, Object query, Object extensions) {
    try {
      return persisted.resolve(query, extensions);
    } catch (PersistedQueries.Refusal e) {
      if (e.code() == ErrorCode.PERSISTED_QUERY_NOT_FOUND) {
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        throw new Refused(type.equals(MediaTypes.GRAPHQL_RESPONSE_JSON) ? 404 : 200, e.code(), e.getMessage());
      }
      throw new Refused(400, e.code(), e.getMessage());
    }
  }

  /** A GET parameter holding JSON, decoded; null when absent or blank. */
  private static Object jsonParam(RoutingContext ctx, String name) {
    String text = ctx.request().getParam(name);
    try {
      return text == null || text.isBlank() ? null : Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new Refused(400, "The " + name + " parameter is not valid JSON");
    }
  }

  /** Other methods on /graphql. */
  void otherMethod(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.ALLOW, "GET, POST");
    refuse(ctx, MediaTypes.JSON, new Refused(405, "/graphql answers GET and POST"));
  }

  /** Stops taking GraphQL requests (503 from now on). */
  void drain() {
    draining = true;
  }

  int inFlight() {
    return inFlight.get();
  }

  /** Requests started on the event loop so far (the others went to a worker). */
  long ranOnEventLoop() {
    return ranOnEventLoop.sum();
  }

  /** Requests whose answer was completed on one of the server's own Vert.x threads. */
  long answeredOnServerLoops() {
    return answeredOnServerLoops.sum();
  }

  private String negotiate(RoutingContext ctx) {
    String type = MediaTypes.negotiate(ctx.request().getHeader(HttpHeaders.ACCEPT));
    if (type == null) {
      refuse(ctx, MediaTypes.JSON, new Refused(406,
          "Acceptable response types are application/graphql-response+json and application/json"));
    }
    return type;
  }

  /**
   * The attributes the request's bearer token gives it (verified claims, the role); a token that
   * does not verify, or a missing one when tokens are required, is 401 with a
   * {@code WWW-Authenticate: Bearer} challenge, before anything runs.
   */
  private Map<String, String> authenticate(RoutingContext ctx) {
    if (auth.inactive()) {
      return Map.of();
    }
    try {
      return auth.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    } catch (JwtAuthenticator.Unauthenticated e) {
      ctx.response().putHeader("WWW-Authenticate", e.challenge());
      throw new Refused(401, ErrorCode.UNAUTHENTICATED, e.getMessage());
    }
  }

  private void execute(RoutingContext ctx, String type, GraphQLRequest request) {
    if (draining) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      throw new Refused(503, "The server is shutting down");
    }
    // requests running or waiting (for a thread, a stream slot or a connection) beyond the pool
    if (inFlight.incrementAndGet() > config.poolSize() + config.maxQueuedRequests()) {
      inFlight.decrementAndGet();
      throw busy();
    }
    ResponseStream out = new ResponseStream(vertx, ctx.request(), MediaTypes.withCharset(type),
        type.equals(MediaTypes.GRAPHQL_RESPONSE_JSON), config.writeTimeout());
    ctx.addEndHandler(ended -> {
      if (ended.failed()) {
        out.clientGone();
      }
    });
    RequestLog.Exchange exchange = RequestLog.exchange(ctx);
    if (onEventLoop(request)) {
      ranOnEventLoop.increment();
      exchange.log.run(() -> run(ctx, type, request, out, exchange));
      return;
    }
    try {
      // the worker's log lines, the engine's and (through LogContext) the backends' carry the request id
      workers.execute(() -> exchange.log.run(() -> run(ctx, type, request, out, exchange)));
    } catch (RejectedExecutionException e) {
      inFlight.decrementAndGet();
      throw busy();
    }
  }

  /**
   * Whether a request runs right here on the event loop: with a non-blocking backend, once its
   * document is parsed (planning it then takes microseconds and the backend never waits on this
   * thread). A blocking backend's requests, and the first request of a document (whose parse and
   * validation may take milliseconds), go to a worker.
   */
  private boolean onEventLoop(GraphQLRequest request) {
    return !engine.blocking() && engine.parsed(request.query());
  }

  private Refused busy() {
    return new Refused(503, "The server is busy (" + config.maxQueuedRequests() + " requests are waiting); try again later");
  }

  /**
   * On a worker or the event loop: plans the request and starts it. The engine never waits for
   * the client (a large answer is paused while the client is behind), so the thread is free again
   * once a non-blocking backend has the statements, or once a blocking one has read a small answer.
   */
  private void run(RoutingContext ctx, String type, GraphQLRequest request, ResponseStream out,
      RequestLog.Exchange exchange) {
    CompletionStage<ExecutionSummary> done;
    try {
      done = engine.executeAsync(request, out);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    // this may complete on a backend's I/O thread: its lines carry the request id too
    done.whenComplete((summary, failure) -> exchange.log.run(() -> {
      io.vertx.core.Context context = Vertx.currentContext();
      if (context != null && context.owner() == vertx) {
        answeredOnServerLoops.increment();
      }
      try {
        if (failure == null) {
          exchange.executed(summary);
          out.finish();
        } else {
          failed(ctx, type, out, failure);
        }
      } catch (IOException e) {
        clientAborted(ctx, out, e);
      } finally {
        inFlight.decrementAndGet();
      }
    }));
  }

  private void failed(RoutingContext ctx, String type, ResponseStream out, Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof java.io.UncheckedIOException u) {
      cause = u.getCause();
    }
    if (cause instanceof IOException io) {
      clientAborted(ctx, out, io);
      return;
    }
    LOG.error("Request failed in the engine", cause);
    if (out.committed()) {
      out.abort();
    } else {
      refuse(ctx, type, new Refused(500, "Internal error"));
    }
  }

  /** The client closed the connection or stopped reading: its business, not an error of ours. */
  private static void clientAborted(RoutingContext ctx, ResponseStream out, IOException e) {
    LOG.debug("{} {}: the response was not completed: {}", ctx.request().method(), ctx.request().path(),
        out.goneReason() != null ? out.goneReason() : e.getMessage());
    out.abort();
  }

  // ------------------------------------------------------------------------- request decoding

  private static GraphQLRequest request(Object query, Object operationName, Map<String, Object> variables, MultiMap headers,
      Map<String, String> identity) {
    if (query == null || (query instanceof String s && s.isBlank())) {
      throw new Refused(400, "The request has no query");
    }
    if (!(query instanceof String text)) {
      throw new Refused(400, "query must be a string");
    }
    if (operationName != null && !(operationName instanceof String)) {
      throw new Refused(400, "operationName must be a string");
    }
    String op = (String) operationName;
    Map<String, String> attributes = attributes(headers);
    attributes.putAll(identity);
    return new GraphQLRequest(text, op == null || op.isEmpty() ? null : op, variables, attributes);
  }

  /**
   * Request headers by lowercase name (the first value), for session variables. A name with a
   * {@code :} is left out: those (claim:..., the role) are the server's own, from a verified token.
   */
  private static Map<String, String> attributes(MultiMap headers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().indexOf(':') < 0) {
        out.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> variables(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject || value instanceof Map)) {
      throw new Refused(400, "variables must be a JSON object");
    }
    return (Map<String, Object>) plain(value);
  }

  /** Vert.x JSON values as the plain maps, lists and scalars the engine takes. */
  private static Object plain(Object value) {
    if (value instanceof JsonObject o) {
      return plain(o.getMap());
    }
    if (value instanceof JsonArray a) {
      return plain(a.getList());
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object v : l) {
        out.add(plain(v));
      }
      return out;
    }
    return value;
  }

  /**
   * The type of the operation a GET would run ({@code query}, {@code mutation},
   * {@code subscription}), or null when the document does not parse or the operation is not found
   * (the engine then reports that error).
   */
  static String operationType(String query, String operationName, int maxLength) {
    return io.fraiseql.http.GraphQLOverHttp.operationType(query, operationName, maxLength);
  }

  // ------------------------------------------------------------------------------ error bodies

  /** Answers a refused request with its status and code. */
  private static void refuse(RoutingContext ctx, String type, Refused e) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    RequestLog.exchange(ctx).refused(e.code);
    response.setStatusCode(e.status)
        .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.withCharset(type))
        .end(errorBody(e.getMessage(), e.code));
  }

  /** {@code {"errors":[{"message":...,"extensions":{"code":...}}]}}. */
  static String errorBody(String message, ErrorCode code) {
    return new JsonObject().put("errors", new JsonArray().add(new JsonObject()
        .put("message", message)
        .put("extensions", new JsonObject().put("code", code.name())))).encode();
  }
}
