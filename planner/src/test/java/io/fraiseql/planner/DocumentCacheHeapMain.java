package io.fraiseql.planner;

import io.fraiseql.api.Limits;
import io.fraiseql.api.plan.CursorCodec;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Plans many large distinct queries with a document cache bounded to {@code args[0]} bytes and
 * prints {@code grown=<bytes> kept=<documents> weight=<bytes>}: how much the live heap grew (after
 * full collections) and what the cache holds by its own accounting. Run in a JVM of its own by
 * {@link DocumentCacheHeapTest}.
 */
public final class DocumentCacheHeapMain {
  private DocumentCacheHeapMain() {}

  static long live() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
      Runtime r = Runtime.getRuntime();
      used = Math.min(used, r.totalMemory() - r.freeMemory());
    }
    return used;
  }

  public static void main(String[] args) throws InterruptedException {
    long bound = Long.parseLong(args[0]);
    int queries = Integer.parseInt(args[1]);
    FraiseSchema schema = FraiseSchema.load(PlannerTest.SDL, PlannerTest.CATALOG);
    Planner planner = new Planner(schema, new PlannerOptions(Limits.DEFAULTS, 1_000, bound, true),
        new CursorCodec(new byte[16]));
    planner.plan("{ users { id } }", null, null); // load the classes before measuring
    long before = live();
    for (int i = 0; i < queries; i++) {
      // about 1,900 aliased fields and 13,000 tokens: near graphql-java's token limit, the heaviest
      // document a request can make; each one distinct and planned (its operation kept too)
      int n = i;
      String fields = IntStream.range(0, 1_900).mapToObj(a -> "f" + n + "_" + a + ": email")
          .collect(Collectors.joining(" "));
      if (!(planner.plan("{ users { " + fields + " } }", null, null) instanceof PlanResult.Operation)) {
        throw new IllegalStateException("query " + i + " was not planned");
      }
    }
    long grown = live() - before;
    long[] usage = planner.documentCacheUsage();
    System.out.println("grown=" + grown + " kept=" + usage[0] + " weight=" + usage[1]);
  }
}
