package io.fraiseql.transform.internal;

import io.fraiseql.transform.MalformedRowException;

/**
 * A byte-level JSON scanner over UTF-8 input: it finds the bounds of values without decoding them.
 * Every method takes the buffer, the current index and the exclusive end of the row, never reads
 * at or past {@code end}, and throws {@link MalformedRowException} for anything that is not
 * well-formed JSON (truncation included). Values are validated as they are skipped, so a slice
 * bounded by this scanner can be copied verbatim into a JSON response.
 *
 * <p>One instance per writer: it keeps a reusable bracket stack for skipping nested containers
 * without recursion. Not thread-safe.
 */
public final class JsonScanner {
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private byte[] stack = new byte[32];
  private int rowStart;

  /** Sets the index where the current row starts, so error offsets are relative to the row. */
  public void startRow(int rowStart) {
    this.rowStart = rowStart;
  }

  /** A malformed-row failure at index {@code i}. */
  public MalformedRowException error(String problem, int i) {
    return new MalformedRowException(problem, i - rowStart);
  }

  /** Skips whitespace; returns the index of the next byte, which is always before {@code end}. */
  public int ws(byte[] b, int i, int end) throws MalformedRowException {
    while (i < end) {
      byte c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return i;
      }
      i++;
    }
    throw error("unexpected end of row", i);
  }

  /** Checks that only whitespace follows {@code i} up to {@code end}. */
  public void expectEnd(byte[] b, int i, int end) throws MalformedRowException {
    while (i < end) {
      byte c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        throw error("unexpected content after the value", i);
      }
      i++;
    }
  }

  /**
   * Finds the closing quote of a string whose content starts at {@code i} (just after the opening
   * quote); returns the index of that quote.
   */
  public int stringEnd(byte[] b, int i, int end) throws MalformedRowException {
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c == '\\') {
        i = escape(b, i, end);
      } else if ((c & 0xFF) < 0x20) {
        throw error("control character in string", i);
      } else {
        i++;
      }
    }
    throw error("unterminated string", i);
  }

  private int escape(byte[] b, int i, int end) throws MalformedRowException {
    if (i + 1 >= end) {
      throw error("unterminated string", end);
    }
    switch (b[i + 1]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return i + 2;
      case 'u':
        if (i + 6 > end) {
          throw error("unterminated string", end);
        }
        for (int k = i + 2; k < i + 6; k++) {
          if (!isHex(b[k])) {
            throw error("invalid \\u escape", k);
          }
        }
        return i + 6;
      default:
        throw error("invalid escape", i + 1);
    }
  }

  private static boolean isHex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Skips one value starting exactly at {@code i} (no leading whitespace); returns the index just
   * after it.
   */
  public int skipValue(byte[] b, int i, int end) throws MalformedRowException {
    switch (b[i]) {
      case '"':
        return stringEnd(b, i + 1, end) + 1;
      case '{':
      case '[':
        return skipContainer(b, i, end);
      case 't':
        return literal(b, i, end, TRUE);
      case 'f':
        return literal(b, i, end, FALSE);
      case 'n':
        return literal(b, i, end, NULL);
      default:
        return number(b, i, end);
    }
  }

  private int literal(byte[] b, int i, int end, byte[] lit) throws MalformedRowException {
    int n = lit.length;
    if (i + n > end) {
      throw error("unexpected end of row", end);
    }
    for (int k = 0; k < n; k++) {
      if (b[i + k] != lit[k]) {
        throw error("invalid literal", i);
      }
    }
    return i + n;
  }

  /** Skips a number per the JSON grammar; returns the index just after it. */
  public int number(byte[] b, int i, int end) throws MalformedRowException {
    int start = i;
    if (b[i] == '-') {
      i++;
    }
    if (i >= end) {
      throw error("unexpected end of row", i);
    }
    if (b[i] == '0') {
      i++;
    } else if (b[i] >= '1' && b[i] <= '9') {
      i = digits(b, i + 1, end);
    } else {
      throw error(start == i ? "unexpected character" : "invalid number", i);
    }
    if (i < end && b[i] == '.') {
      i = requireDigits(b, i + 1, end);
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      i = requireDigits(b, i, end);
    }
    return i;
  }

  private static int digits(byte[] b, int i, int end) {
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  private int requireDigits(byte[] b, int i, int end) throws MalformedRowException {
    int j = digits(b, i, end);
    if (j == i) {
      throw error("invalid number", i);
    }
    return j;
  }

  /**
   * Skips an object or array starting at {@code i} (which holds the opening bracket), validating
   * its whole content iteratively; returns the index just after the closing bracket.
   */
  public int skipContainer(byte[] b, int i, int end) throws MalformedRowException {
    int depth = 0;
    for (;;) {
      // b[i] is an opening bracket: descend
      if (depth == stack.length) {
        stack = java.util.Arrays.copyOf(stack, depth * 2);
      }
      byte open = b[i];
      stack[depth++] = open;
      i = ws(b, i + 1, end);
      if (b[i] == close(open)) {
        depth--;
        i++;
      } else {
        i = member(b, i, end, open);
        if (b[i] == '{' || b[i] == '[') {
          continue;
        }
        i = skipScalar(b, i, end);
      }
      // after a complete value inside the container on top of the stack
      for (;;) {
        if (depth == 0) {
          return i;
        }
        i = ws(b, i, end);
        byte top = stack[depth - 1];
        byte c = b[i];
        if (c == ',') {
          i = member(b, ws(b, i + 1, end), end, top);
          if (b[i] == '{' || b[i] == '[') {
            break;
          }
          i = skipScalar(b, i, end);
        } else if (c == close(top)) {
          depth--;
          i++;
        } else {
          throw error(top == '{' ? "expected ',' or '}'" : "expected ',' or ']'", i);
        }
      }
    }
  }

  private static byte close(byte open) {
    return open == '{' ? (byte) '}' : (byte) ']';
  }

  /** For objects, skips {@code "key" :} and returns the index of the value; else returns i. */
  private int member(byte[] b, int i, int end, byte container) throws MalformedRowException {
    if (container != '{') {
      return i;
    }
    if (b[i] != '"') {
      throw error("expected a key", i);
    }
    i = ws(b, stringEnd(b, i + 1, end) + 1, end);
    if (b[i] != ':') {
      throw error("expected ':'", i);
    }
    return ws(b, i + 1, end);
  }

  private int skipScalar(byte[] b, int i, int end) throws MalformedRowException {
    byte c = b[i];
    if (c == '}' || c == ']') {
      throw error("expected a value", i);
    }
    return skipValue(b, i, end);
  }
}
