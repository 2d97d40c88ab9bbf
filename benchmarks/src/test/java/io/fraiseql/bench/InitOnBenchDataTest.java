package io.fraiseql.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraiseql.FraiseQL;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.server.Main;
import io.fraiseql.tck.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code init} over the shared bench data (scaled down): the generated SDL answers the bench
 * queries Q1-Q4, as written, with exactly the bytes the hand-written bench.graphql gives.
 */
class InitOnBenchDataTest {

  @Test
  void theGeneratedSchemaAnswersTheBenchQueriesLikeTheHandWrittenOne() throws Exception {
    Path dir;
    try {
      dir = BenchData.benchDir();
    } catch (IllegalStateException e) {
      assumeTrue(false, "the shared bench data set is not beside this checkout: " + e.getMessage());
      return;
    }
    DatabaseUrl url = BenchData.load(dir, 0.01);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main.Running r = Main.run(new String[] {"init", "--database-url", TestDatabase.urlString(url), "--views", "v_%"},
        Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(r.exitCode()).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String generated = out.toString(StandardCharsets.UTF_8);
    // embedded objects with a view's exact shape reuse the view's type, as bench.graphql does
    assertThat(generated).contains("  author: User\n", "  comments: [Comment!]\n", "  tags: [String!]\n",
        "  postId: ID\n", "  isActive: Boolean\n");

    try (FraiseQL fromInit = FraiseQL.builder().schema(generated).databaseUrl(url).backend("jdbc").poolSize(2).build();
         FraiseQL handWritten = FraiseQL.builder().schema(BenchData.sdl(dir)).databaseUrl(url).backend("jdbc").poolSize(2).build()) {
      for (String q : List.of("q1", "q2", "q3", "q4")) {
        String query = Files.readString(dir.resolve("queries/" + q + ".graphql"), StandardCharsets.UTF_8);
        String expected = new String(handWritten.execute(GraphQLRequest.of(query)), StandardCharsets.UTF_8);
        assertThat(expected).as(q).startsWith("{\"data\":").doesNotContain("\"errors\"").doesNotEndWith(":[]}}");
        assertThat(new String(fromInit.execute(GraphQLRequest.of(query)), StandardCharsets.UTF_8)).as(q).isEqualTo(expected);
      }
    }
  }
}
