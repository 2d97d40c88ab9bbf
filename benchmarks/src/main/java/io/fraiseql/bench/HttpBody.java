package io.fraiseql.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;

/** For bench/http-load.sh: prints the GraphQL-over-HTTP body {@code {"query": "..."}} of a file. */
public final class HttpBody {
  private HttpBody() {}

  public static void main(String[] args) throws Exception {
    System.out.print(new ObjectMapper().writeValueAsString(Map.of("query", BenchData.read(Path.of(args[0])))));
  }
}
