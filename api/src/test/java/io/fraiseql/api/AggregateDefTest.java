package io.fraiseql.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.plan.AggregateDef;
import io.fraiseql.api.plan.AggregateDef.Aggregate;
import io.fraiseql.api.plan.AggregateDef.Condition;
import io.fraiseql.api.plan.AggregateDef.Function;
import io.fraiseql.api.plan.AggregateDef.GroupKey;
import io.fraiseql.api.plan.AggregateDef.Key;
import io.fraiseql.api.plan.AggregateDef.Measure;
import io.fraiseql.api.plan.AggregateDef.Term;
import io.fraiseql.api.plan.AggregateDef.TimeBucket;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey.Direction;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The aggregate plan refuses inconsistent values and copies its lists. */
class AggregateDefTest {
  static final Source SRC = new Source("v", "data", "id", "uuid");
  static final Selection.ObjectSelection SEL = new Selection.ObjectSelection("TGroup", List.of());
  static final FieldRef AGE = FieldRef.json(List.of("age"), ScalarKind.INT);
  static final FieldRef AT = FieldRef.column("at", "timestamp with time zone", List.of("at"), ScalarKind.DATE_TIME);

  static AggregateDef groups(List<GroupKey> keys, List<Term> order, Integer limit) {
    return new AggregateDef("g", SRC, SEL, null, keys, true, List.of(new Measure("count", Aggregate.count())),
        List.of(new Condition(Aggregate.count(), Where.Op.GT, 1)), order, limit, null, true, true);
  }

  @Test
  void aGroupPlanKeepsItsPartsAndCopiesItsLists() {
    List<GroupKey> keys = new ArrayList<>(List.of(new GroupKey("at", AT, TimeBucket.WEEK)));
    AggregateDef g = groups(keys, List.of(new Term(new Key(0), Direction.DESC)), 3);
    keys.add(new GroupKey("age", AGE, null));
    assertThat(g.groupBy()).hasSize(1);
    assertThat(g.grouped()).isTrue();
    assertThat(g.orderBy().get(0).value()).isEqualTo(new Key(0));
    AggregateDef one = new AggregateDef("a", SRC, SEL, null, List.of(), false,
        List.of(new Measure("age", new Aggregate(Function.SUM, AGE))), List.of(), List.of(), null, null, true, false);
    assertThat(one.grouped()).isFalse();
  }

  @Test
  void groupOnlyPartsNeedAGroupKey() {
    for (int i = 0; i < 5; i++) {
      int k = i;
      assertThatThrownBy(() -> new AggregateDef("a", SRC, SEL, null, List.of(), k == 0, List.of(),
          k == 1 ? List.of(new Condition(Aggregate.count(), Where.Op.EQ, 1)) : List.of(),
          k == 2 ? List.of(new Term(Aggregate.count(), Direction.ASC)) : List.of(),
          k == 3 ? 1 : null, k == 4 ? 1 : null, true, false))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need a group key");
    }
    assertThatThrownBy(() -> groups(List.of(new GroupKey("age", AGE, null)), List.of(new Term(new Key(1), Direction.ASC)), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group key 1 of 1");
  }

  @Test
  void partsRefuseInconsistentValues() {
    assertThatThrownBy(() -> new GroupKey("age", AGE, TimeBucket.DAY)).hasMessageContaining("Date or DateTime");
    assertThat(new GroupKey("day", FieldRef.json(List.of("day"), ScalarKind.DATE), TimeBucket.YEAR).bucket())
        .isEqualTo(TimeBucket.YEAR);
    assertThatThrownBy(() -> new Aggregate(Function.COUNT, AGE)).hasMessageContaining("takes no field");
    assertThatThrownBy(() -> new Aggregate(Function.SUM, null)).hasMessageContaining("needs a field");
    assertThatThrownBy(() -> new Key(-1)).hasMessageContaining("negative");
    assertThatThrownBy(() -> new Condition(Aggregate.count(), Where.Op.IN, List.of(1)))
        .hasMessageContaining("eq neq gt gte lt lte");
    assertThatThrownBy(() -> new Condition(Aggregate.count(), Where.Op.EQ, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Measure(null, Aggregate.count())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Term(null, Direction.ASC)).isInstanceOf(NullPointerException.class);
  }
}
