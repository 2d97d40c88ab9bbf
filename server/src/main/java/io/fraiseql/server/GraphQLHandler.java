package io.fraiseql.server;

import io.fraiseql.FraiseQL;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.error.ErrorCode;
import io.vertx.core.MultiMap;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /graphql}: request decoding and validation on the event loop, execution on a worker
 * thread (the engine's {@code execute} blocks until the answer is written), the answer streamed
 * through {@link ResponseStream}.
 */
final class GraphQLHandler {
  private static final Logger LOG = LoggerFactory.getLogger(GraphQLHandler.class);

  private final FraiseQL engine;
  private final ServerConfig config;
  private final ExecutorService workers;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  GraphQLHandler(FraiseQL engine, ServerConfig config, ExecutorService workers) {
    this.engine = engine;
    this.config = config;
    this.workers = workers;
  }

  /** A request the server refuses before running it; the message goes to the client. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
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
      GraphQLRequest request = request(json.getValue("query"), json.getValue("operationName"),
          variables(json.getValue("variables")), ctx.request().headers());
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
      String variables = ctx.request().getParam("variables");
      Object vars;
      try {
        vars = variables == null || variables.isBlank() ? null : Json.decodeValue(variables);
      } catch (DecodeException e) {
        throw new Refused(400, "The variables parameter is not valid JSON");
      }
      GraphQLRequest request = request(ctx.request().getParam("query"), ctx.request().getParam("operationName"),
          variables(vars), ctx.request().headers());
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

  private String negotiate(RoutingContext ctx) {
    String type = MediaTypes.negotiate(ctx.request().getHeader(HttpHeaders.ACCEPT));
    if (type == null) {
      refuse(ctx, MediaTypes.JSON, new Refused(406,
          "Acceptable response types are application/graphql-response+json and application/json"));
    }
    return type;
  }

  private void execute(RoutingContext ctx, String type, GraphQLRequest request) {
    if (draining) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      throw new Refused(503, "The server is shutting down");
    }
    ResponseStream out = new ResponseStream(ctx.request(), MediaTypes.withCharset(type),
        type.equals(MediaTypes.GRAPHQL_RESPONSE_JSON), config.writeTimeout());
    ctx.addEndHandler(ended -> {
      if (ended.failed()) {
        out.clientGone();
      }
    });
    inFlight.incrementAndGet();
    try {
      workers.execute(() -> run(ctx, type, request, out));
    } catch (RejectedExecutionException e) {
      inFlight.decrementAndGet();
      throw new Refused(503, "The server is busy (" + config.maxQueuedRequests() + " requests are waiting); try again later");
    }
  }

  private void run(RoutingContext ctx, String type, GraphQLRequest request, ResponseStream out) {
    try {
      engine.execute(request, out);
      out.finish();
    } catch (IOException e) {
      LOG.debug("{} {}: the response was not completed: {}", ctx.request().method(), ctx.request().path(), e.getMessage());
      out.abort();
    } catch (RuntimeException e) {
      LOG.error("Request failed in the engine", e);
      if (out.committed()) {
        out.abort();
      } else {
        refuse(ctx, type, new Refused(500, "Internal error"));
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  // ------------------------------------------------------------------------- request decoding

  private static GraphQLRequest request(Object query, Object operationName, Map<String, Object> variables, MultiMap headers) {
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
    return new GraphQLRequest(text, op == null || op.isEmpty() ? null : op, variables, attributes(headers));
  }

  /** Request headers by lowercase name (the first value), for session variables. */
  private static Map<String, String> attributes(MultiMap headers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : headers) {
      out.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
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

  /** Answers a refused request: 4xx are BAD_USER_INPUT, 5xx INTERNAL_ERROR. */
  private static void refuse(RoutingContext ctx, String type, Refused e) {
    ErrorCode code = e.status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_USER_INPUT;
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(e.status)
        .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.withCharset(type))
        .end(errorBody(e.getMessage(), code));
  }

  /** {@code {"errors":[{"message":...,"extensions":{"code":...}}]}}. */
  static String errorBody(String message, ErrorCode code) {
    return new JsonObject().put("errors", new JsonArray().add(new JsonObject()
        .put("message", message)
        .put("extensions", new JsonObject().put("code", code.name())))).encode();
  }
}
