package io.fraiseql.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.MutationDef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan records are immutable and refuse inconsistent values. */
class PlanRecordsTest {
  static final Source SRC = new Source("v", "data", "id", "uuid");
  static final Selection.ObjectSelection SEL = new Selection.ObjectSelection("T", List.of(
      new Selection.Scalar("a", "a", ScalarKind.INT, true),
      new Selection.Typename("__typename", "T"),
      new Selection.Composite("c", "c", new Selection.ObjectSelection("C", List.of()), true, false, true)));
  static final FieldRef AGE = FieldRef.json(List.of("age"), ScalarKind.INT);

  @Test
  void recordsCopyTheirCollections() {
    List<Object> values = new ArrayList<>(List.of(1, 2));
    Where.Compare in = new Where.Compare(AGE, Where.Op.IN, values);
    values.add(3);
    assertThat((List<?>) in.value()).hasSize(2);
    List<Object> elems = new ArrayList<>(List.of("x"));
    Where.ListCompare lc = new Where.ListCompare(AGE, Where.ListOp.OVERLAPS, elems);
    elems.add("y");
    assertThat(lc.value()).isEqualTo(List.of("x"));
    assertThat(new Where.ListCompare(AGE, Where.ListOp.LEN_GT, 2).value()).isEqualTo(2);
    assertThat(new Where.JsonCompare(AGE, Where.JsonOp.HAS_KEY, "k").op()).isEqualTo(Where.JsonOp.HAS_KEY);
    assertThat(new Where.Quantified(AGE, Where.Quantifier.EVERY, new Where.And(List.of())).quantifier())
        .isEqualTo(Where.Quantifier.EVERY);
    assertThat(SEL.fields()).hasSize(3);
    assertThat(SEL.fields().get(0).responseKey()).isEqualTo("a");
    QueryDef q = new QueryDef("k", SRC, QueryDef.Shape.LIST, SEL, null, List.of(new OrderKey(AGE, OrderKey.Direction.ASC)),
        1, 0, null, true, true);
    assertThat(q.orderBy()).hasSize(1);
    MutationDef.Dml dml = new MutationDef.Dml("k", MutationDef.Kind.INSERT, "tb", "id", "uuid",
        Map.of("a", new MutationDef.ColumnValue(null, "text")), null, q);
    assertThat(dml.values()).containsKey("a");
    MutationDef.FunctionCall f = new MutationDef.FunctionCall("k", null, "fn", Map.of(), SEL, SEL, null, List.of("x"), false);
    assertThat(f.errorMetadataKeys()).containsExactly("x");
    assertThat(FieldRef.column("age", "integer", List.of("age"), ScalarKind.INT).isColumn()).isTrue();
  }

  @Test
  void inconsistentValuesAreRefused() {
    assertThatThrownBy(() -> new QueryDef("k", SRC, QueryDef.Shape.BY_ID, SEL, null, List.of(), null, null, null, false, false))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Source("v", "data", "id", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new FieldRef("c", null, List.of("c"), ScalarKind.INT)).hasMessageContaining("go together");
    assertThatThrownBy(() -> new Where.Not(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Where.IsNull(null, true)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Where.JsonCompare(AGE, Where.JsonOp.EQ, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Where.Quantified(AGE, null, new Where.And(List.of()))).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Selection.Scalar("a", null, ScalarKind.INT, false)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Selection.Typename(null, "T")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Selection.Composite("c", "c", null, false, false, false)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new MutationDef.ColumnValue(1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new OrderKey(AGE, null)).isInstanceOf(NullPointerException.class);
  }
}
