package io.fraiseql.spring;

import io.fraiseql.FraiseQL;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.Limits;
import io.fraiseql.http.GraphQLOverHttp;
import io.fraiseql.http.GraphQLOverHttp.Refused;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * GraphQL over HTTP on Spring MVC: GET and POST at {@code fraiseql.path}, answered like the
 * FraiseQL server (content negotiation, status codes), the engine's bytes streamed to the servlet
 * response as the rows arrive.
 */
final class FraiseQLMvcEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(FraiseQLMvcEndpoint.class);
  static final String TRANSPORT = "mvc";

  private final FraiseQL engine;
  private final FraiseQLProperties properties;
  private final RequestObserver observer;

  FraiseQLMvcEndpoint(FraiseQL engine, FraiseQLProperties properties, RequestObserver observer) {
    this.engine = engine;
    this.properties = properties;
    this.observer = observer;
  }

  RouterFunction<ServerResponse> routes() {
    String path = properties.getPath();
    return RouterFunctions.route()
        .GET(path, this::get)
        .POST(path, this::post)
        .route(RequestPredicates.path(path), this::otherMethod)
        .build();
  }

  private ServerResponse get(ServerRequest req) {
    long start = System.nanoTime();
    String type = GraphQLOverHttp.negotiate(req.headers().firstHeader(HttpHeaders.ACCEPT));
    try {
      if (type == null) {
        throw GraphQLOverHttp.notAcceptable();
      }
      GraphQLRequest request = GraphQLOverHttp.decodeGet(req.param("query").orElse(null),
          req.param("operationName").orElse(null), req.param("variables").orElse(null), attributes(req),
          Limits.DEFAULTS.maxQueryLength());
      return execute(type, request, start);
    } catch (Refused e) {
      return refuse(type, e, start, e.status() == 405 ? "POST" : null);
    }
  }

  private ServerResponse post(ServerRequest req) throws IOException {
    long start = System.nanoTime();
    String type = GraphQLOverHttp.negotiate(req.headers().firstHeader(HttpHeaders.ACCEPT));
    try {
      if (type == null) {
        throw GraphQLOverHttp.notAcceptable();
      }
      if (!GraphQLOverHttp.isJson(req.headers().firstHeader(HttpHeaders.CONTENT_TYPE))) {
        throw new Refused(415, "POST needs Content-Type: application/json");
      }
      byte[] body;
      try (InputStream in = req.servletRequest().getInputStream()) {
        body = in.readNBytes(properties.getMaxBodySize() + 1);
      }
      if (body.length > properties.getMaxBodySize()) {
        throw new Refused(413, "The request body is larger than " + properties.getMaxBodySize() + " bytes");
      }
      return execute(type, GraphQLOverHttp.decodeBody(body, attributes(req)), start);
    } catch (Refused e) {
      return refuse(type, e, start, null);
    }
  }

  private ServerResponse otherMethod(ServerRequest req) {
    return refuse(GraphQLOverHttp.JSON, new Refused(405, properties.getPath() + " answers GET and POST"),
        System.nanoTime(), "GET, POST");
  }

  private static Map<String, String> attributes(ServerRequest req) {
    Map<String, String> attributes = RequestAttributes.newMap();
    req.headers().asHttpHeaders().forEach((name, values) -> RequestAttributes.header(attributes, name, values.get(0)));
    RequestAttributes.principal(attributes, req.principal().orElse(null));
    return attributes;
  }

  private ServerResponse execute(String type, GraphQLRequest request, long start) {
    return ServerResponse.ok().build((servletRequest, response) -> {
      stream(type, request, response, start);
      return null;
    });
  }

  private void stream(String type, GraphQLRequest request, HttpServletResponse response, long start) throws IOException {
    StatusDecidingOutputStream out = new StatusDecidingOutputStream(type, status -> {
      response.setStatus(status);
      response.setContentType(GraphQLOverHttp.withCharset(type));
      return response.getOutputStream();
    });
    try {
      engine.execute(request, out);
      out.close();
      observer.observe(TRANSPORT, out.outcome(), System.nanoTime() - start);
    } catch (IOException e) {
      observer.observe(TRANSPORT, "failed", System.nanoTime() - start);
      LOG.debug("The GraphQL response was not completed: {}", e.getMessage());
    } catch (RuntimeException e) {
      observer.observe(TRANSPORT, "failed", System.nanoTime() - start);
      if (out.committed()) {
        throw e; // the client sees a cut response, never a completed wrong one
      }
      LOG.error("GraphQL request failed in the engine", e);
      Refused internal = new Refused(500, "Internal error");
      response.setStatus(500);
      response.setContentType(GraphQLOverHttp.withCharset(type));
      response.getOutputStream().write(internal.body());
    }
  }

  private ServerResponse refuse(String type, Refused e, long start, String allow) {
    observer.observe(TRANSPORT, "refused", System.nanoTime() - start);
    ServerResponse.BodyBuilder b = ServerResponse.status(e.status())
        .header(HttpHeaders.CONTENT_TYPE, GraphQLOverHttp.withCharset(type == null ? GraphQLOverHttp.JSON : type));
    if (allow != null) {
      b.header(HttpHeaders.ALLOW, allow);
    }
    byte[] body = e.body();
    return b.build((servletRequest, response) -> {
      response.getOutputStream().write(body);
      return null;
    });
  }
}
