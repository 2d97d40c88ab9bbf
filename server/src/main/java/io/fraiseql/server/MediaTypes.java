package io.fraiseql.server;

import io.fraiseql.http.GraphQLOverHttp;

/** Content negotiation per the GraphQL-over-HTTP specification (shared with the other HTTP bindings). */
final class MediaTypes {
  static final String GRAPHQL_RESPONSE_JSON = GraphQLOverHttp.GRAPHQL_RESPONSE_JSON;
  static final String JSON = GraphQLOverHttp.JSON;

  private MediaTypes() {}

  /** See {@link GraphQLOverHttp#negotiate(String)}; {@code null} means 406. */
  static String negotiate(String accept) {
    return GraphQLOverHttp.negotiate(accept);
  }

  /** See {@link GraphQLOverHttp#quality(String, java.util.Set)}. */
  static double quality(String accept, java.util.Set<String> types) {
    return GraphQLOverHttp.quality(accept, types);
  }

  /** True for {@code application/json}, with or without parameters such as a charset. */
  static boolean isJson(String contentType) {
    return GraphQLOverHttp.isJson(contentType);
  }

  /** The Content-Type header value for a negotiated media type. */
  static String withCharset(String mediaType) {
    return GraphQLOverHttp.withCharset(mediaType);
  }
}
