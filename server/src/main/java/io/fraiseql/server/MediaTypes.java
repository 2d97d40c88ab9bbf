package io.fraiseql.server;

import java.util.Locale;

/** Content negotiation per the GraphQL-over-HTTP specification. */
final class MediaTypes {
  static final String GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";
  static final String JSON = "application/json";

  private MediaTypes() {}

  /**
   * The response media type for an {@code Accept} header: {@code application/graphql-response+json}
   * when it is listed with a quality at least that of {@code application/json}; else
   * {@code application/json} when that, {@code application/*} or {@code *}{@code /*} is accepted (and when
   * the header is absent, as the specification asks, so legacy clients keep their 200 answers);
   * {@code null} when neither is acceptable (406).
   */
  static String negotiate(String accept) {
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

  /** The highest quality {@code accept} gives any of {@code types} (0 when none is listed). */
  static double quality(String accept, java.util.Set<String> types) {
    double best = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      if (types.contains(parts[0].trim().toLowerCase(Locale.ROOT))) {
        best = Math.max(best, quality(parts));
      }
    }
    return best;
  }

  static double quality(String[] parts) {
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

  /** True for {@code application/json}, with or without parameters such as a charset. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return type.equalsIgnoreCase(JSON);
  }

  /** The Content-Type header value for a negotiated media type. */
  static String withCharset(String mediaType) {
    return mediaType + "; charset=utf-8";
  }
}
