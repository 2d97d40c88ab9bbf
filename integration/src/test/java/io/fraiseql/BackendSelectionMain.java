package io.fraiseql;

/**
 * Run in a forked JVM by {@link BackendSelectionTest}: builds an engine on the blog schema with the
 * class path and environment the test chose, and prints {@code backend=<id>} or
 * {@code failed=<message>}.
 */
public final class BackendSelectionMain {
  private BackendSelectionMain() {}

  public static void main(String[] args) {
    FraiseQL.Builder b = FraiseQL.builder().schema(BlogFixture.resource("schema.graphql")).databaseUrl(args[0]).poolSize(1);
    if (args.length > 1) {
      b.backend(args[1]);
    }
    try (FraiseQL engine = b.build()) {
      System.out.println("backend=" + engine.backendId());
    } catch (RuntimeException e) {
      System.out.println("failed=" + e.getMessage());
      System.exit(3);
    }
  }
}
