package io.fraiseql.planner;

import io.fraiseql.api.plan.AggregateDef;
import io.fraiseql.api.plan.Parameter;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.Where;
import java.util.ArrayList;
import java.util.List;

/**
 * A template's plan with the parameters replaced by one request's values: what planning that
 * request on its own gives, so tests can compare the two.
 */
final class Resolved {
  private Resolved() {}

  /** The root fields of an operation, parameters resolved (an operation of its own as it is). */
  static List<RootPlan> fields(PlanResult result) {
    PlanResult.Operation op = (PlanResult.Operation) result;
    if (op.parameters() == null) {
      return op.fields();
    }
    List<RootPlan> out = new ArrayList<>();
    for (RootPlan f : op.fields()) {
      out.add(field(f, op.parameters()));
    }
    return out;
  }

  static RootPlan field(RootPlan f, Object[] values) {
    if (f instanceof RootPlan.Data d) {
      return new RootPlan.Data(query(d.query(), values), d.locations());
    }
    if (f instanceof RootPlan.Connection c) {
      return new RootPlan.Connection(c.responseKey(), query(c.page(), values),
          c.count() == null ? null : query(c.count(), values), c.selection(), c.pageSize(), c.backward(),
          c.afterGiven(), c.beforeGiven(), c.fingerprint(), c.nonNull(), c.locations());
    }
    if (f instanceof RootPlan.Aggregate a) {
      AggregateDef q = a.query();
      List<AggregateDef.Condition> having = new ArrayList<>();
      for (AggregateDef.Condition c : q.having()) {
        having.add(new AggregateDef.Condition(c.aggregate(), c.op(), value(c.value(), values)));
      }
      return new RootPlan.Aggregate(new AggregateDef(q.responseKey(), q.source(), q.selection(),
          where(q.where(), values), q.groupBy(), q.keySelected(), q.measures(), having, q.orderBy(), q.limit(),
          q.offset(), q.nonNull(), q.itemsNonNull()), a.locations());
    }
    if (f instanceof RootPlan.Mutation m) {
      return new RootPlan.Mutation(mutation(m.mutation(), values), m.locations(), m.nonNull());
    }
    return f;
  }

  static io.fraiseql.api.plan.MutationDef mutation(io.fraiseql.api.plan.MutationDef m, Object[] values) {
    if (m instanceof io.fraiseql.api.plan.MutationDef.Dml d) {
      java.util.Map<String, io.fraiseql.api.plan.MutationDef.ColumnValue> columns = new java.util.LinkedHashMap<>();
      d.values().forEach((k, v) -> columns.put(k,
          new io.fraiseql.api.plan.MutationDef.ColumnValue(value(v.value(), values), v.sqlType())));
      return new io.fraiseql.api.plan.MutationDef.Dml(d.responseKey(), d.kind(), d.table(), d.idColumn(), d.idSqlType(),
          columns, value(d.idValue(), values), query(d.reread(), values));
    }
    io.fraiseql.api.plan.MutationDef.FunctionCall c = (io.fraiseql.api.plan.MutationDef.FunctionCall) m;
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> input = (java.util.Map<String, Object>) value(c.input(), values);
    return new io.fraiseql.api.plan.MutationDef.FunctionCall(c.responseKey(), c.schema(), c.name(), input, c.success(),
        c.error(), c.entityKey(), c.errorMetadataKeys(), c.nonNull());
  }

  static QueryDef query(QueryDef q, Object[] values) {
    return new QueryDef(q.responseKey(), q.source(), q.shape(), q.selection(), where(q.where(), values),
        q.orderBy(), q.limit(), q.offset(), value(q.idValue(), values), q.nonNull(), q.itemsNonNull());
  }

  static Where where(Where w, Object[] values) {
    if (w == null) {
      return null;
    }
    if (w instanceof Where.And and) {
      return new Where.And(and.children().stream().map(c -> where(c, values)).toList());
    }
    if (w instanceof Where.Or or) {
      return new Where.Or(or.children().stream().map(c -> where(c, values)).toList());
    }
    if (w instanceof Where.Not not) {
      return new Where.Not(where(not.child(), values));
    }
    if (w instanceof Where.Compare c) {
      return new Where.Compare(c.field(), c.op(), value(c.value(), values));
    }
    if (w instanceof Where.ListCompare c) {
      return new Where.ListCompare(c.field(), c.op(), value(c.value(), values));
    }
    if (w instanceof Where.JsonCompare c) {
      return new Where.JsonCompare(c.field(), c.op(), value(c.value(), values));
    }
    if (w instanceof Where.Quantified q) {
      return new Where.Quantified(q.list(), q.quantifier(), where(q.condition(), values));
    }
    return w;
  }

  static Object value(Object v, Object[] values) {
    if (v instanceof Parameter p) {
      return p.valueIn(values);
    }
    if (v instanceof List<?> list) {
      return list.stream().map(e -> value(e, values)).toList();
    }
    if (v instanceof java.util.Map<?, ?> map) {
      java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, e) -> out.put(k, value(e, values)));
      return out;
    }
    return v;
  }

  /** Whether a plan holds a parameter anywhere (it is then a template). */
  static boolean parameterized(PlanResult result) {
    return !((PlanResult.Operation) result).fields().equals(fields(result))
        || ((PlanResult.Operation) result).parameters() != null;
  }
}
