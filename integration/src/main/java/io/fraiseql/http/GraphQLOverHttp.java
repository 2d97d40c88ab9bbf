package io.fraiseql.http;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;
import com.dslplatform.json.JsonWriter;
import com.dslplatform.json.ObjectConverter;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of the GraphQL-over-HTTP specification every HTTP binding of the engine shares (the
 * server, the Spring Boot starter): content negotiation, request decoding, the status of an
 * answer from its first bytes, and the error bodies of refused requests.
 */
public final class GraphQLOverHttp {
  /** The media type of the GraphQL-over-HTTP specification. */
  public static final String GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";

  /** The legacy media type, answered with 200 also for request errors. */
  public static final String JSON = "application/json";

  /** How many first bytes of an answer decide its status (<code>{"errors"</code> means no data). */
  public static final int STATUS_PREFIX_LENGTH = 9;

  private static final byte[] ERRORS_PREFIX = "{\"errors\"".getBytes(StandardCharsets.US_ASCII);
  private static final DslJson<Object> DSL_JSON = new DslJson<>();

  private GraphQLOverHttp() {}

  /** A request the HTTP layer refuses before the engine runs: a status and a message for the client. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    /** The HTTP status (4xx, or 5xx for the server's own failures). */
    public int status() {
      return status;
    }

    /** The body: {@code {"errors":[{"message":...,"extensions":{"code":...}}]}}. */
    public byte[] body() {
      return errorBody(getMessage(), status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_USER_INPUT);
    }
  }

  /**
   * The response media type for an {@code Accept} header: {@code application/graphql-response+json}
   * when it is listed with a quality at least that of {@code application/json}; else
   * {@code application/json} when that, {@code application/*} or {@code *}{@code /*} is accepted
   * (and when the header is absent); {@code null} when neither is acceptable (406).
   */
  public static String negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    double graphql = 0;
    double json = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = quality(parts);
      if (type.equals(GRAPHQL_RESPONSE_JSON)) {
        graphql = Math.max(graphql, q);
      } else if (type.equals(JSON) || type.equals("application/*") || type.equals("*/*")) {
        json = Math.max(json, q);
      }
    }
    if (graphql > 0 && graphql >= json) {
      return GRAPHQL_RESPONSE_JSON;
    }
    return json > 0 ? JSON : null;
  }

  /**
   * The highest quality an {@code Accept} header gives any of {@code types} (lowercase media types;
   * 0 when none is listed), e.g. to tell a browser asking for {@code text/html} first.
   */
  public static double quality(String accept, java.util.Set<String> types) {
    double best = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      if (types.contains(parts[0].trim().toLowerCase(Locale.ROOT))) {
        best = Math.max(best, quality(parts));
      }
    }
    return best;
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        try {
          double q = Double.parseDouble(p.substring(2).trim());
          return q < 0 || q > 1 ? 0 : q;
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  /** The 406 refusal for an {@code Accept} header that {@link #negotiate} rejects. */
  public static Refused notAcceptable() {
    return new Refused(406, "Acceptable response types are application/graphql-response+json and application/json");
  }

  /** True for {@code application/json}, with or without parameters such as a charset. */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return type.equalsIgnoreCase(JSON);
  }

  /** The Content-Type header value for a negotiated media type. */
  public static String withCharset(String mediaType) {
    return mediaType + "; charset=utf-8";
  }

  /**
   * The status of an answer from its first bytes: 400 when it has no {@code data} (it starts with
   * <code>{"errors"</code>) and the client negotiated {@code application/graphql-response+json}; else 200.
   */
  public static int status(String mediaType, byte[] first, int length) {
    if (!GRAPHQL_RESPONSE_JSON.equals(mediaType) || length < ERRORS_PREFIX.length) {
      return 200;
    }
    for (int i = 0; i < ERRORS_PREFIX.length; i++) {
      if (first[i] != ERRORS_PREFIX[i]) {
        return 200;
      }
    }
    return 400;
  }

  /** Decodes a POST body {@code {"query", "operationName", "variables"}}. */
  public static GraphQLRequest decodeBody(byte[] body, Map<String, String> attributes) {
    if (body == null || body.length == 0) {
      throw new Refused(400, "The request body is empty; send {\"query\": \"{ ... }\"}");
    }
    Object decoded = decodeJson(body, "The request body is not valid JSON");
    if (!(decoded instanceof Map<?, ?> json)) {
      throw new Refused(400, "The request body must be a JSON object like {\"query\": \"{ ... }\"}");
    }
    return request(json.get("query"), json.get("operationName"), json.get("variables"), attributes);
  }

  /**
   * Decodes GET parameters; a mutation (or subscription) over GET is refused with 405 (the caller
   * adds {@code Allow: POST}).
   */
  public static GraphQLRequest decodeGet(String query, String operationName, String variables,
      Map<String, String> attributes, int maxQueryLength) {
    Object vars = variables == null || variables.isBlank() ? null
        : decodeJson(variables.getBytes(StandardCharsets.UTF_8), "The variables parameter is not valid JSON");
    GraphQLRequest request = request(query, operationName, vars, attributes);
    String operation = operationType(request.query(), request.operationName(), maxQueryLength);
    if (operation != null && !operation.equals("query")) {
      throw new Refused(405, "A " + operation + " cannot be sent with GET; use POST");
    }
    return request;
  }

  private static Object decodeJson(byte[] bytes, String error) {
    try {
      JsonReader<Object> reader = DSL_JSON.newReader(bytes);
      reader.getNextToken();
      Object value = ObjectConverter.deserializeObject(reader);
      if (reader.length() > reader.getCurrentIndex()) {
        for (int i = reader.getCurrentIndex(); i < reader.length(); i++) {
          if (!Character.isWhitespace(bytes[i])) {
            throw new Refused(400, error);
          }
        }
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof Refused r) {
        throw r;
      }
      throw new Refused(400, error);
    }
  }

  @SuppressWarnings("unchecked")
  private static GraphQLRequest request(Object query, Object operationName, Object variables, Map<String, String> attributes) {
    if (query == null || (query instanceof String s && s.isBlank())) {
      throw new Refused(400, "The request has no query");
    }
    if (!(query instanceof String text)) {
      throw new Refused(400, "query must be a string");
    }
    if (operationName != null && !(operationName instanceof String)) {
      throw new Refused(400, "operationName must be a string");
    }
    if (variables != null && !(variables instanceof Map)) {
      throw new Refused(400, "variables must be a JSON object");
    }
    String op = (String) operationName;
    return new GraphQLRequest(text, op == null || op.isEmpty() ? null : op, (Map<String, Object>) variables, attributes);
  }

  /**
   * The type of the operation a request would run ({@code query}, {@code mutation},
   * {@code subscription}), or null when the document does not parse or the operation is not found
   * (the engine then reports that error).
   */
  public static String operationType(String query, String operationName, int maxLength) {
    if (query.length() > maxLength) {
      return null;
    }
    Document document;
    try {
      document = Parser.parse(query);
    } catch (RuntimeException e) {
      return null;
    }
    List<OperationDefinition> ops = document.getDefinitionsOfType(OperationDefinition.class);
    for (OperationDefinition op : ops) {
      if (operationName == null ? ops.size() == 1 : operationName.equals(op.getName())) {
        return op.getOperation().name().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  /** {@code {"errors":[{"message":...,"extensions":{"code":...}}]}}. */
  public static byte[] errorBody(String message, ErrorCode code) {
    JsonWriter w = DSL_JSON.newWriter();
    w.writeAscii("{\"errors\":[{\"message\":");
    w.writeString(message);
    w.writeAscii(",\"extensions\":{\"code\":\"");
    w.writeAscii(code.name());
    w.writeAscii("\"}}]}");
    return w.toByteArray();
  }
}
