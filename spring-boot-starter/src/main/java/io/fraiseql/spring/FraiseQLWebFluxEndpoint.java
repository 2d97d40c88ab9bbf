package io.fraiseql.spring;

import io.fraiseql.FraiseQL;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.Limits;
import io.fraiseql.http.GraphQLOverHttp;
import io.fraiseql.http.GraphQLOverHttp.Refused;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * GraphQL over HTTP on WebFlux: the same contract as the Spring MVC endpoint. The engine runs off
 * the event loop and its bytes are streamed with back-pressure; the status is set from the first
 * chunk, before the response commits.
 */
final class FraiseQLWebFluxEndpoint {
  static final String TRANSPORT = "webflux";

  private final FraiseQL engine;
  private final FraiseQLProperties properties;
  private final RequestObserver observer;
  private final Executor executor = command -> Schedulers.boundedElastic().schedule(command);

  FraiseQLWebFluxEndpoint(FraiseQL engine, FraiseQLProperties properties, RequestObserver observer) {
    this.engine = engine;
    this.properties = properties;
    this.observer = observer;
  }

  RouterFunction<ServerResponse> routes() {
    String path = properties.getPath();
    return RouterFunctions.route()
        .GET(path, this::get)
        .POST(path, this::post)
        .route(RequestPredicates.path(path), req -> refuse(GraphQLOverHttp.JSON,
            new Refused(405, path + " answers GET and POST"), System.nanoTime(), "GET, POST"))
        .build();
  }

  private Mono<ServerResponse> get(ServerRequest req) {
    long start = System.nanoTime();
    String type = GraphQLOverHttp.negotiate(req.headers().firstHeader(HttpHeaders.ACCEPT));
    if (type == null) {
      return refuse(null, GraphQLOverHttp.notAcceptable(), start, null);
    }
    return attributes(req).flatMap(attributes -> {
      try {
        return execute(type, GraphQLOverHttp.decodeGet(req.queryParam("query").orElse(null),
            req.queryParam("operationName").orElse(null), req.queryParam("variables").orElse(null), attributes,
            Limits.DEFAULTS.maxQueryLength()), start);
      } catch (Refused e) {
        return refuse(type, e, start, e.status() == 405 ? "POST" : null);
      }
    });
  }

  private Mono<ServerResponse> post(ServerRequest req) {
    long start = System.nanoTime();
    String type = GraphQLOverHttp.negotiate(req.headers().firstHeader(HttpHeaders.ACCEPT));
    if (type == null) {
      return refuse(null, GraphQLOverHttp.notAcceptable(), start, null);
    }
    if (!GraphQLOverHttp.isJson(req.headers().firstHeader(HttpHeaders.CONTENT_TYPE))) {
      return refuse(type, new Refused(415, "POST needs Content-Type: application/json"), start, null);
    }
    Mono<byte[]> body = DataBufferUtils.join(req.body(BodyExtractors.toDataBuffers()), properties.getMaxBodySize())
        .map(buffer -> {
          byte[] bytes = new byte[buffer.readableByteCount()];
          buffer.read(bytes);
          DataBufferUtils.release(buffer);
          return bytes;
        })
        .defaultIfEmpty(new byte[0]);
    return Mono.zip(body, attributes(req))
        .flatMap(t -> execute(type, GraphQLOverHttp.decodeBody(t.getT1(), t.getT2()), start))
        .onErrorResume(DataBufferLimitException.class, e -> refuse(type,
            new Refused(413, "The request body is larger than " + properties.getMaxBodySize() + " bytes"), start, null))
        .onErrorResume(Refused.class, e -> refuse(type, e, start, null));
  }

  private static Mono<Map<String, String>> attributes(ServerRequest req) {
    Map<String, String> attributes = RequestAttributes.newMap();
    req.headers().asHttpHeaders().forEach((name, values) -> RequestAttributes.header(attributes, name, values.get(0)));
    return req.principal()
        .map(p -> {
          RequestAttributes.principal(attributes, p);
          return attributes;
        })
        .defaultIfEmpty(attributes);
  }

  private Mono<ServerResponse> execute(String type, GraphQLRequest request, long start) {
    return ServerResponse.ok()
        .contentType(MediaType.parseMediaType(GraphQLOverHttp.withCharset(type)))
        .body((message, context) -> {
          ServerHttpResponse response = message;
          AtomicBoolean first = new AtomicBoolean(true);
          AtomicBoolean errors = new AtomicBoolean();
          Flux<DataBuffer> bytes = Flux.from(DataBufferUtils.outputStreamPublisher(
                  out -> run(request, out), message.bufferFactory(), executor))
              .doOnNext(buffer -> {
                if (first.compareAndSet(true, false)) {
                  byte[] head = new byte[Math.min(GraphQLOverHttp.STATUS_PREFIX_LENGTH, buffer.readableByteCount())];
                  for (int i = 0; i < head.length; i++) {
                    head[i] = buffer.getByte(buffer.readPosition() + i);
                  }
                  errors.set(GraphQLOverHttp.status(GraphQLOverHttp.GRAPHQL_RESPONSE_JSON, head, head.length) == 400);
                  response.setStatusCode(HttpStatusCode.valueOf(GraphQLOverHttp.status(type, head, head.length)));
                }
              })
              .doOnComplete(() -> observer.observe(TRANSPORT, errors.get() ? "errors" : "data", System.nanoTime() - start))
              .doOnError(e -> observer.observe(TRANSPORT, "failed", System.nanoTime() - start));
          return message.writeWith(bytes);
        });
  }

  private void run(GraphQLRequest request, OutputStream out) {
    try {
      engine.execute(request, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Mono<ServerResponse> refuse(String type, Refused e, long start, String allow) {
    observer.observe(TRANSPORT, "refused", System.nanoTime() - start);
    ServerResponse.BodyBuilder b = ServerResponse.status(e.status())
        .contentType(MediaType.parseMediaType(GraphQLOverHttp.withCharset(type == null ? GraphQLOverHttp.JSON : type)));
    if (allow != null) {
      b.header(HttpHeaders.ALLOW, allow);
    }
    return b.bodyValue(e.body());
  }
}
