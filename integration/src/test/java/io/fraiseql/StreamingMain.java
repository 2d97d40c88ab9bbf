package io.fraiseql;

import io.fraiseql.api.GraphQLRequest;
import java.io.OutputStream;

/**
 * Run in a separate JVM with a small heap by {@link StreamingTest}: streams a large answer into a
 * stream that only counts bytes and checks that it ends like a complete response.
 */
public final class StreamingMain {
  private StreamingMain() {}

  public static void main(String[] args) throws Exception {
    String sdl = "type Big @sqlSource(name: \"tb_big\") { id: ID! name: String payload: String }"
        + " type Query { bigs: [Big!]! }";
    try (FraiseQL engine = FraiseQL.builder().schema(sdl).databaseUrl(args[0]).backend("jdbc").poolSize(1).build()) {
      long[] count = new long[1];
      byte[] tail = new byte[64];
      OutputStream counting = new OutputStream() {
        @Override
        public void write(int b) {
          tail[(int) (count[0]++ % tail.length)] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
          for (int i = Math.max(0, len - tail.length); i < len; i++) {
            tail[(int) ((count[0] + i) % tail.length)] = b[off + i];
          }
          count[0] += len;
        }
      };
      engine.execute(GraphQLRequest.of("{ bigs { id name payload } }"), counting);
      StringBuilder end = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        end.append((char) tail[(int) ((count[0] - 8 + i) % tail.length)]);
      }
      Runtime rt = Runtime.getRuntime();
      System.out.println("bytes=" + count[0] + " end=" + end + " maxHeap=" + rt.maxMemory());
    }
  }
}
