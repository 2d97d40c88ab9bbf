package io.fraiseql.internal;

import io.fraiseql.api.plan.CursorCodec;
import io.fraiseql.planner.RootPlan;
import io.fraiseql.spi.RowSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects one connection page (at most page size + 1 rows of {@code [[keys...], data]}) and
 * builds the connection document the planner's selection projects:
 * {@code {"edges": [{"cursor": "...", "node": {...}}], "page_info": {...}, "total_count": n}}.
 * A page is bounded by the page-size limit, so holding it is safe; the extra row only tells
 * whether more rows exist.
 */
public final class ConnectionPage implements RowSink {
  private final RootPlan.Connection plan;
  private final CursorCodec cursors;
  private final List<byte[]> cursorsOut = new ArrayList<>();
  private final List<byte[]> nodes = new ArrayList<>();
  private boolean more;

  public ConnectionPage(RootPlan.Connection plan, CursorCodec cursors) {
    this.plan = plan;
    this.cursors = cursors;
  }

  /** The rows read (the page and the one that tells whether there are more). */
  public int rows() {
    return nodes.size() + (more ? 1 : 0);
  }

  @Override
  public void onRow(byte[] json, int offset, int length) throws IOException {
    if (nodes.size() == plan.pageSize()) {
      more = true;
      return;
    }
    int end = offset + length;
    int i = skipSpace(json, offset, end);
    if (i >= end || json[i] != '[') {
      throw new IOException("unexpected connection row");
    }
    int keysStart = skipSpace(json, i + 1, end);
    int keysEnd = skipValue(json, keysStart, end);
    int comma = skipSpace(json, keysEnd, end);
    if (comma >= end || json[comma] != ',') {
      throw new IOException("unexpected connection row");
    }
    int dataStart = skipSpace(json, comma + 1, end);
    int dataEnd = skipValue(json, dataStart, end);
    String cursor = cursors.encode(plan.fingerprint(), json, keysStart, keysEnd - keysStart);
    cursorsOut.add(cursor.getBytes(StandardCharsets.US_ASCII));
    nodes.add(Arrays.copyOfRange(json, dataStart, dataEnd));
  }

  /** The connection document; {@code totalCount} is the count's JSON text or {@code null}. */
  public byte[] document(byte[] totalCount) {
    int n = nodes.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + n * 128);
    out.writeBytes(ascii("{\"edges\": ["));
    for (int k = 0; k < n; k++) {
      int i = plan.backward() ? n - 1 - k : k; // a backward page arrives in reverse order
      if (k > 0) {
        out.writeBytes(ascii(", "));
      }
      out.writeBytes(ascii("{\"cursor\": \""));
      out.writeBytes(cursorsOut.get(i));
      out.writeBytes(ascii("\", \"node\": "));
      out.writeBytes(nodes.get(i));
      out.write('}');
    }
    boolean hasNext = plan.backward() ? plan.beforeGiven() : more;
    boolean hasPrevious = plan.backward() ? more : plan.afterGiven();
    out.writeBytes(ascii("], \"page_info\": {\"has_next_page\": " + hasNext
        + ", \"has_previous_page\": " + hasPrevious + ", \"start_cursor\": "));
    cursor(out, n == 0 ? null : cursorsOut.get(plan.backward() ? n - 1 : 0));
    out.writeBytes(ascii(", \"end_cursor\": "));
    cursor(out, n == 0 ? null : cursorsOut.get(plan.backward() ? 0 : n - 1));
    out.write('}');
    if (totalCount != null) {
      out.writeBytes(ascii(", \"total_count\": "));
      out.writeBytes(totalCount);
    }
    out.write('}');
    return out.toByteArray();
  }

  private static void cursor(ByteArrayOutputStream out, byte[] cursor) {
    if (cursor == null) {
      out.writeBytes(ascii("null"));
    } else {
      out.write('"');
      out.writeBytes(cursor);
      out.write('"');
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static int skipSpace(byte[] b, int i, int end) {
    while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r')) {
      i++;
    }
    return i;
  }

  /** The index just after the JSON value starting at {@code i}. */
  static int skipValue(byte[] b, int i, int end) throws IOException {
    if (i >= end) {
      throw new IOException("unexpected end of connection row");
    }
    byte c = b[i];
    if (c == '"') {
      return skipString(b, i, end);
    }
    if (c == '[' || c == '{') {
      int depth = 0;
      while (i < end) {
        c = b[i];
        if (c == '"') {
          i = skipString(b, i, end);
          continue;
        }
        if (c == '[' || c == '{') {
          depth++;
        } else if (c == ']' || c == '}') {
          depth--;
          if (depth == 0) {
            return i + 1;
          }
        }
        i++;
      }
      throw new IOException("unexpected end of connection row");
    }
    while (i < end && b[i] != ',' && b[i] != ']' && b[i] != '}' && b[i] != ' ') {
      i++;
    }
    return i;
  }

  private static int skipString(byte[] b, int i, int end) throws IOException {
    for (i = i + 1; i < end; i++) {
      if (b[i] == '\\') {
        i++;
      } else if (b[i] == '"') {
        return i + 1;
      }
    }
    throw new IOException("unterminated string in connection row");
  }
}
