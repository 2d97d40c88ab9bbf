// tag::embedding[]
package com.example;

import io.fraiseql.FraiseQL;
import io.fraiseql.SessionVariable;
import io.fraiseql.api.GraphQLRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

public final class EmbeddingExample {
  public static void main(String[] args) throws IOException {
    run(Path.of("schema.graphql"), "postgresql://app:secret@localhost:5432/app", "jdbc", System.out);
  }

  static void run(Path schema, String databaseUrl, String backend, PrintStream out) throws IOException {
    try (FraiseQL engine = FraiseQL.builder()
        .schemaFile(schema)
        .databaseUrl(databaseUrl)
        .backend(backend) // jdbc, vertx or r2dbc; optional with one backend on the class path
        .sessionVariable(SessionVariable.fromAttribute("app.tenant_id", "X-Tenant-Id"))
        .build()) {
      // Attributes feed the session variables: app.tenant_id is set from "x-tenant-id" (attribute
      // names are lowercase; the server passes every HTTP header this way).
      GraphQLRequest request = GraphQLRequest.of("{ users(limit: 10) { id email } }")
          .withAttributes(Map.of("x-tenant-id", "42"));

      byte[] json = engine.execute(request);       // the whole response
      out.println(new String(json, StandardCharsets.UTF_8));

      engine.execute(request, out);                // streamed as the rows arrive, bounded memory
      out.println();

      String answer = engine.executeAsync(request) // a CompletionStage<byte[]>; the caller is not blocked
          .thenApply(bytes -> new String(bytes, StandardCharsets.UTF_8))
          .toCompletableFuture()
          .join();
      out.println(answer);
    }
  }
}
// end::embedding[]
