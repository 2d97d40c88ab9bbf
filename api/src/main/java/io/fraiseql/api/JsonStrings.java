package io.fraiseql.api;

/**
 * Decoding of JSON string literals as PostgreSQL prints them, for the few places the engine reads a
 * string inside a JSON value (cursors, a mutation function's response).
 */
public final class JsonStrings {
  private JsonStrings() {}

  /**
   * Decodes the JSON string literal whose opening quote is at {@code quote}, appending its text to
   * {@code out}; returns the index just after the closing quote.
   *
   * @throws IllegalArgumentException when there is no opening quote at {@code quote}, or the
   *     literal is not terminated or ends inside an escape
   */
  public static int decode(CharSequence s, int quote, StringBuilder out) {
    if (quote >= s.length() || s.charAt(quote) != '"') {
      throw new IllegalArgumentException("expected a JSON string");
    }
    int i = quote + 1;
    try {
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return i;
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            out.append((char) Integer.parseInt(s.subSequence(i, i + 4).toString(), 16));
            i += 4;
          }
          default -> out.append(e);
        }
      }
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("unterminated JSON string", e);
    }
  }
}
