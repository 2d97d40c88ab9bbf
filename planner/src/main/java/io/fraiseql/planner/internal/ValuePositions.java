package io.fraiseql.planner.internal;

import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import io.fraiseql.api.plan.MutationDef;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.ScalarKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The places in the arguments of a query where a value reaches the plan only as a value to bind:
 * the plan's structure and SQL text do not depend on it (beyond whether it is null and its Java
 * class), so a plan built once can serve every request that puts another value there.
 *
 * <ul>
 *   <li>the operators of a scalar field's filter except {@code isnull} ({@code eq}, {@code gt},
 *       {@code contains}, {@code like}...; the elements of {@code in}/{@code nin}), which {@link
 *       Arguments} turns into {@code Where.Compare} values;
 *   <li>{@code contains}, {@code containedBy}, {@code overlaps} of a list field's filter and every
 *       JSON operator except {@code isnull}: the whole value is bound once as JSON text;
 *   <li>the comparisons of {@code having} ({@code count: {gte: 2}});
 *   <li>the {@code id} argument of a root field that reads one row by id;
 *   <li>in a mutation, the {@code id} argument of an update or a delete, and the scalar fields of
 *       its {@code input} (nested input objects followed; a list of scalars is one value, bound
 *       whole as JSON text), which {@link MutationModel}s bind as column values or write into the
 *       function's JSON argument.
 * </ul>
 *
 * <p>Everything else is structural: a different value may change the plan ({@code isnull},
 * {@code orderBy}, {@code limit}, {@code first}, cursors, {@code by}...). The table mirrors the
 * dispatch of {@link Arguments#where} and of {@link AggregatePlans}'s {@code having}: an operator
 * added there is structural until it is listed here, which is always correct, only slower.
 */
public final class ValuePositions {
  /** How a value at a position reaches the plan. */
  public enum Kind {
    /** A scalar bound as it is (converted by the planner at most); a list's elements each are. */
    VALUE,
    /** The whole value, list or JSON, bound once. */
    WHOLE
  }

  private final Map<String, Map<String, Kind>> inputFields = new HashMap<>();
  private final Set<String> conflicting = new HashSet<>();
  private final Set<String> idRoots = new HashSet<>();
  private final Set<String> idMutations = new HashSet<>();

  private ValuePositions() {}

  /** The positions of a loaded schema. */
  public static ValuePositions of(SchemaLoader.Loaded loaded) {
    ValuePositions p = new ValuePositions();
    GraphQLSchema schema = loaded.schema();
    for (DataType t : loaded.types().values()) {
      if (!(schema.getType(t.name() + "WhereInput") instanceof GraphQLInputObjectType where)) {
        continue;
      }
      for (GraphQLInputObjectField f : where.getFieldDefinitions()) {
        DataField df = t.fields().get(f.getName());
        if (df == null || df.isObject() || !(named(f.getType()) instanceof GraphQLInputObjectType ops)) {
          continue; // AND, OR, NOT, embedded objects and lists of objects: more WhereInputs
        }
        for (GraphQLInputObjectField op : ops.getFieldDefinitions()) {
          String name = op.getName();
          if (name.equals("isnull")) {
            continue;
          }
          if (df.list()) {
            if (name.equals("contains") || name.equals("containedBy") || name.equals("overlaps")) {
              p.put(ops.getName(), name, Kind.WHOLE);
            }
          } else {
            p.put(ops.getName(), name, df.kind() == ScalarKind.JSON ? Kind.WHOLE : Kind.VALUE);
          }
        }
      }
    }
    for (RootModel r : loaded.roots().values()) {
      if (r.shape() == QueryDef.Shape.BY_ID && !r.connection() && !r.aggregates()) {
        p.idRoots.add(r.fieldName());
      }
      GraphQLFieldDefinition root = schema.getQueryType().getFieldDefinition(r.fieldName());
      GraphQLArgument having = root == null ? null : root.getArgument("having");
      if (having == null || !(named(having.getType()) instanceof GraphQLInputObjectType h)) {
        continue;
      }
      for (GraphQLInputObjectField f : h.getFieldDefinitions()) {
        if (!(named(f.getType()) instanceof GraphQLInputObjectType member)) {
          continue;
        }
        if (f.getName().equals("count")) {
          p.comparisons(member); // count: {gte: 2}
        } else {
          for (GraphQLInputObjectField m : member.getFieldDefinitions()) { // sum: {price: {gte: 2}}
            if (named(m.getType()) instanceof GraphQLInputObjectType c) {
              p.comparisons(c);
            }
          }
        }
      }
    }
    GraphQLObjectType mutation = schema.getMutationType();
    for (MutationModel m : loaded.mutations().values()) {
      GraphQLFieldDefinition def = mutation == null ? null : mutation.getFieldDefinition(m.fieldName());
      if (def == null) {
        continue;
      }
      if (m.kind() == MutationDef.Kind.UPDATE || m.kind() == MutationDef.Kind.DELETE) {
        p.idMutations.add(m.fieldName());
      }
      GraphQLArgument input = def.getArgument("input");
      if (input != null && named(input.getType()) instanceof GraphQLInputObjectType in) {
        p.mutationInput(in, new HashSet<>());
      }
    }
    return p;
  }

  /** The fields of a mutation's input type: scalars, enums and their lists are values; objects are followed. */
  private void mutationInput(GraphQLInputObjectType type, Set<String> seen) {
    if (!seen.add(type.getName())) {
      return;
    }
    for (GraphQLInputObjectField f : type.getFieldDefinitions()) {
      GraphQLType t = GraphQLTypeUtil.unwrapNonNull(f.getType());
      if (t instanceof GraphQLInputObjectType nested) {
        mutationInput(nested, seen);
      } else if (!(t instanceof GraphQLList list)) {
        put(type.getName(), f.getName(), Kind.VALUE);
      } else if (!(named(list) instanceof GraphQLInputObjectType) && !(list.getWrappedType() instanceof GraphQLList)) {
        put(type.getName(), f.getName(), Kind.WHOLE);
      }
    }
  }

  /** The kind of a field of an input object, or {@code null} when it is structural. */
  public Kind field(String inputType, String field) {
    Map<String, Kind> fields = inputFields.get(inputType);
    return fields == null || conflicting.contains(inputType) ? null : fields.get(field);
  }

  /**
   * The kind of a root field's argument, or {@code null} when it is structural.
   *
   * @param mutation whether the field is one of the mutation type's (else the query type's)
   */
  public Kind rootArgument(boolean mutation, String rootField, String argument) {
    return argument.equals("id") && (mutation ? idMutations : idRoots).contains(rootField) ? Kind.VALUE : null;
  }

  private void comparisons(GraphQLInputObjectType comparison) {
    for (GraphQLInputObjectField op : comparison.getFieldDefinitions()) {
      put(comparison.getName(), op.getName(), Kind.VALUE);
    }
  }

  private void put(String type, String field, Kind kind) {
    Kind before = inputFields.computeIfAbsent(type, k -> new HashMap<>()).put(field, kind);
    if (before != null && before != kind) {
      conflicting.add(type); // one input type read two ways: treat it as structural
    }
  }

  private static GraphQLType named(GraphQLType type) {
    return GraphQLTypeUtil.unwrapAll(type);
  }
}
