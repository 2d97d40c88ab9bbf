package io.fraiseql.planner.internal;

/** Name conversions between GraphQL (camelCase) and PostgreSQL JSONB keys (snake_case). */
public final class Names {
  private Names() {}

  /**
   * {@code fullName -> full_name}, {@code userID -> user_id}, {@code HTTPServer -> http_server},
   * {@code line2Text -> line2_text}. Names without capitals are returned unchanged.
   */
  public static String snakeCase(String camel) {
    StringBuilder out = null;
    int n = camel.length();
    for (int i = 0; i < n; i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (out == null) {
          out = new StringBuilder(n + 4).append(camel, 0, i);
        }
        char prev = i > 0 ? camel.charAt(i - 1) : '_';
        boolean nextLower = i + 1 < n && Character.isLowerCase(camel.charAt(i + 1));
        if (i > 0
            && prev != '_'
            && (Character.isLowerCase(prev)
                || Character.isDigit(prev)
                || (Character.isUpperCase(prev) && nextLower))) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? camel : out.toString();
  }
}
