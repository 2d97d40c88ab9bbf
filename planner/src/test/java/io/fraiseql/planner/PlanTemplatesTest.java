package io.fraiseql.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanTemplatesTest {
  final Planner planner = new Planner(FraiseSchema.load(PlannerTest.SDL, PlannerTest.CATALOG));

  static Map<String, Object> vars(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void smoke() {
    String q = "query($id: ID!) { user(id: $id) { id email } }";
    PlanResult a = planner.plan(q, null, vars("id", "123e4567-e89b-12d3-a456-426614174000"));
    PlanResult b = planner.plan(q, null, vars("id", "123e4567-e89b-12d3-a456-426614174001"));
    System.out.println(a);
    System.out.println(Resolved.fields(a));
    System.out.println(Resolved.fields(b));
    assertThat(((PlanResult.Operation) a).fields()).isSameAs(((PlanResult.Operation) b).fields());
    String w = "query($w: UserWhereInput, $n: Int) { users(where: $w, limit: $n) { id email } }";
    PlanResult c = planner.plan(w, null, vars("w", vars("email", vars("eq", "x"), "fullName", vars("in", List.of("a", "b"))), "n", 3));
    System.out.println(Resolved.fields(c));
    PlanResult d = planner.plan(w, null, vars("w", vars("fullName", vars("in", List.of("c", "d")), "email", vars("eq", "y")), "n", 3));
    System.out.println(Resolved.fields(d));
    assertThat(((PlanResult.Operation) c).fields()).isSameAs(((PlanResult.Operation) d).fields());
  }
}
