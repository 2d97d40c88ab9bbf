package io.fraiseql.planner.internal;

import graphql.GraphQLContext;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Node;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import io.fraiseql.api.plan.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the variables of one query or mutation operation shape its plan, and the walk that reads a
 * request's variables against a plan template.
 *
 * <p>Each variable is read by how the operation uses it. A variable used only at {@linkplain
 * ValuePositions value positions} (or an input object variable, {@code where: $w}, whose value
 * positions are found by its type) contributes values to bind; every other use (an {@code
 * orderBy}, a {@code limit}, a cursor, {@code @skip}/{@code @include}, an argument of a nested
 * field...) makes it structural: its whole value is part of the shape. A variable the operation
 * does not use is only validated.
 *
 * <p>The <em>shape</em> of a request's variables is the token sequence {@link #record} writes:
 * which variables are absent (or take their default) or null; for structural values the values
 * themselves; list lengths; the fields present in input objects (in schema order, the order
 * graphql-java coerces them into); for values to bind only their Java class, which decides their
 * bind type. Two requests with equal shapes have the same plan up to the values to bind, which
 * {@link #match} extracts.
 *
 * <p>{@link #match} reads the request's raw variables (JSON types) through the same coercions
 * graphql-java applies (each scalar's and enum's {@code parseValue}); anything it cannot handle
 * exactly as graphql-java would (a single value for a list, an input field's default, an
 * unknown field, an invalid value) answers {@link #INVALID}, and the caller coerces with
 * graphql-java, which reports errors as usual. Immutable and thread-safe.
 */
public final class VariableLayout {
  /** {@link #match}: the variables have another shape. */
  public static final int MISMATCH = -1;
  /** {@link #match}: the raw variables are not valid or not in coerced form. */
  public static final int INVALID = -2;

  /** The context scalars coerce in: they read nothing from it, so one instance serves all. */
  private static final GraphQLContext CONTEXT = GraphQLContext.getDefault();

  private static final Object ABSENT = new Token("absent");
  private static final Object NULL = new Token("null");
  private static final Object DEFAULT = new Token("default");
  private static final Object END = new Token("end");

  private enum Mode {
    /** The value is part of the shape. */
    STRUCT,
    /** A value to bind (for a list: its length is part of the shape, its elements are values). */
    VALUE,
    /** The whole value is one value to bind. */
    WHOLE,
    /** An input object: its fields' positions decide; a scalar reached this way is structural. */
    WALK,
    /** Only validated (a variable the operation does not use). */
    IGNORE,
    /** Validated, and must already be in coerced form (the elements of a WHOLE list). */
    CHECK
  }

  private final String[] names;
  private final TypeNode[] nodes;
  private final boolean[] defaults;
  private final boolean templatable;

  private VariableLayout(String[] names, TypeNode[] nodes, boolean[] defaults, boolean templatable) {
    this.names = names;
    this.nodes = nodes;
    this.defaults = defaults;
    this.templatable = templatable;
  }

  /**
   * The layout of a query's or a mutation's variables. A subscription, or an operation without
   * variables, is not {@linkplain #templatable() templatable}.
   */
  public static VariableLayout of(GraphQLSchema schema, Document document, OperationDefinition op,
      ValuePositions positions) {
    List<VariableDefinition> defs = op.getVariableDefinitions();
    boolean mutation = op.getOperation() == OperationDefinition.Operation.MUTATION;
    if ((op.getOperation() != OperationDefinition.Operation.QUERY && !mutation) || defs.isEmpty()
        || (mutation && schema.getMutationType() == null)) {
      return new VariableLayout(new String[0], new TypeNode[0], new boolean[0], false);
    }
    Uses uses = new Uses(schema, document, positions, mutation);
    uses.operation(op);
    Builder builder = new Builder(positions);
    String[] names = new String[defs.size()];
    TypeNode[] nodes = new TypeNode[defs.size()];
    boolean[] defaults = new boolean[defs.size()];
    for (int i = 0; i < defs.size(); i++) {
      VariableDefinition d = defs.get(i);
      names[i] = d.getName();
      nodes[i] = builder.node(inputType(schema, d.getType()), uses.modeOf(d.getName()));
      defaults[i] = d.getDefaultValue() != null;
    }
    return new VariableLayout(names, nodes, defaults, true);
  }

  /** Whether requests of this operation can share plan templates. */
  public boolean templatable() {
    return templatable;
  }

  /**
   * Writes the shape of coerced variables into {@code tokens} and returns the variables to plan
   * the template with: every value to bind replaced by a {@link Parameter} whose index is its
   * position in {@code samples}, where its value is added.
   *
   * @param raw the request's variables as sent (only which are present is read)
   * @param coerced the same variables coerced by graphql-java
   */
  public Map<String, Object> record(Map<String, Object> raw, Map<String, Object> coerced, List<Object> tokens,
      List<Object> samples) {
    Map<String, Object> marked = new LinkedHashMap<>(coerced);
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      if (!raw.containsKey(name)) {
        if (nodes[i].mode() != Mode.IGNORE) {
          tokens.add(defaults[i] ? DEFAULT : ABSENT);
        }
        continue;
      }
      marked.put(name, record(nodes[i], coerced.get(name), tokens, samples));
    }
    return marked;
  }

  /**
   * Matches a request's variables with a shape written by {@link #record}, putting the values to
   * bind into {@code out} (at the indexes {@code record} gave them).
   *
   * @param raw the request's variables as sent
   * @param values {@code raw} itself, or the variables coerced by graphql-java
   * @param coerced whether {@code values} are coerced (else each value is coerced while read)
   * @return 0 when the shape matches, else {@link #MISMATCH} or {@link #INVALID}
   */
  public int match(Map<String, Object> raw, Map<String, Object> values, boolean coerced, Object[] tokens,
      Object[] out) {
    int pos = 0;
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      if (!raw.containsKey(name)) {
        if (nodes[i] instanceof Required && !defaults[i]) {
          return INVALID;
        }
        if (nodes[i].mode() != Mode.IGNORE) {
          if (at(tokens, pos) != (defaults[i] ? DEFAULT : ABSENT)) {
            return MISMATCH;
          }
          pos++;
        }
        continue;
      }
      pos = match(nodes[i], values.get(name), coerced, tokens, pos, out);
      if (pos < 0) {
        return pos;
      }
    }
    return pos == tokens.length ? 0 : MISMATCH;
  }

  // ------------------------------------------------------------------------------ record / match

  private static Object record(TypeNode node, Object v, List<Object> tokens, List<Object> samples) {
    if (node instanceof Required r) {
      return record(r.inner, v, tokens, samples);
    }
    Mode mode = node.mode();
    if (mode == Mode.IGNORE || mode == Mode.CHECK) {
      return v;
    }
    if (v == null) {
      tokens.add(NULL);
      return null;
    }
    if (mode == Mode.WHOLE || (mode == Mode.VALUE && node instanceof Leaf)) {
      tokens.add(new Slot(samples.size(), classOf(v)));
      samples.add(v);
      return new Parameter(samples.size() - 1, v);
    }
    if (node instanceof Leaf) {
      tokens.add(v);
      return v;
    }
    if (node instanceof ListNode list) {
      List<?> items = (List<?>) v;
      tokens.add(new Length(items.size()));
      List<Object> out = new ArrayList<>(items.size());
      for (Object item : items) {
        out.add(record(list.element, item, tokens, samples));
      }
      return out;
    }
    ObjectNode object = (ObjectNode) node;
    Map<?, ?> map = (Map<?, ?>) v;
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < object.names.length; i++) {
      String name = object.names[i];
      if (map.containsKey(name)) {
        tokens.add(name);
        out.put(name, record(object.fields[i], map.get(name), tokens, samples));
      }
    }
    tokens.add(END);
    return out;
  }

  private static int match(TypeNode node, Object v, boolean coerced, Object[] tokens, int pos, Object[] out) {
    if (node instanceof Required r) {
      return v == null ? INVALID : match(r.inner, v, coerced, tokens, pos, out);
    }
    Mode mode = node.mode();
    boolean shaped = mode != Mode.IGNORE && mode != Mode.CHECK;
    if (v == null) {
      if (!shaped) {
        return pos;
      }
      return at(tokens, pos) == NULL ? pos + 1 : MISMATCH;
    }
    if (node instanceof Leaf leaf) {
      Object c = coerced ? v : leaf.coerce(v);
      if (c == null || (mode == Mode.CHECK && !coerced && !c.equals(v))) {
        return INVALID;
      }
      return shaped ? leaf(c, mode, tokens, pos, out) : pos;
    }
    if (node instanceof ListNode list) {
      if (!(v instanceof List<?> items)) {
        return INVALID; // graphql-java would coerce a single value to a list of one
      }
      int p = pos;
      if (mode == Mode.VALUE || mode == Mode.STRUCT || mode == Mode.WALK) {
        if (!(at(tokens, p) instanceof Length n) || n.size != items.size()) {
          return MISMATCH;
        }
        p++;
      }
      for (int i = 0; i < items.size(); i++) {
        p = match(list.element, items.get(i), coerced, tokens, p, out);
        if (p < 0) {
          return p;
        }
      }
      return mode == Mode.WHOLE ? leaf(v, mode, tokens, pos, out) : p;
    }
    ObjectNode object = (ObjectNode) node;
    if (!(v instanceof Map<?, ?> map) || (object.oneOf && !coerced) || mode == Mode.CHECK) {
      return INVALID;
    }
    int p = pos;
    int found = 0;
    for (int i = 0; i < object.names.length; i++) {
      String name = object.names[i];
      if (!map.containsKey(name)) {
        if (!coerced && (object.defaults[i] || object.fields[i] instanceof Required)) {
          return INVALID;
        }
        continue;
      }
      found++;
      if (shaped) {
        if (at(tokens, p) != name) {
          return MISMATCH;
        }
        p++;
      }
      p = match(object.fields[i], map.get(name), coerced, tokens, p, out);
      if (p < 0) {
        return p;
      }
    }
    if (found != map.size()) {
      return INVALID; // a field the type does not have
    }
    if (!shaped) {
      return p;
    }
    return at(tokens, p) == END ? p + 1 : MISMATCH;
  }

  private static int leaf(Object c, Mode mode, Object[] tokens, int pos, Object[] out) {
    Object t = at(tokens, pos);
    if (mode == Mode.VALUE || mode == Mode.WHOLE) {
      if (!(t instanceof Slot s) || s.type != classOf(c)) {
        return MISMATCH;
      }
      out[s.index] = c;
      return pos + 1;
    }
    return c.equals(t) ? pos + 1 : MISMATCH;
  }

  private static Object at(Object[] tokens, int pos) {
    return pos < tokens.length ? tokens[pos] : END;
  }

  /** The class a value to bind is known by: lists and maps by their interface. */
  private static Class<?> classOf(Object v) {
    return v instanceof List<?> ? List.class : v instanceof Map<?, ?> ? Map.class : v.getClass();
  }

  // ------------------------------------------------------------------------------------- nodes

  /** How to read a value of one input type in one mode. */
  private abstract static class TypeNode {
    abstract Mode mode();
  }

  private static final class Required extends TypeNode {
    final TypeNode inner;

    Required(TypeNode inner) {
      this.inner = inner;
    }

    @Override
    Mode mode() {
      return inner.mode();
    }
  }

  private static final class Leaf extends TypeNode {
    private final GraphQLScalarType scalar;
    private final GraphQLEnumType enumType;
    private final Mode mode;

    Leaf(GraphQLType type, Mode mode) {
      this.scalar = type instanceof GraphQLScalarType s ? s : null;
      this.enumType = type instanceof GraphQLEnumType e ? e : null;
      this.mode = mode;
    }

    @Override
    Mode mode() {
      return mode;
    }

    /** The value as graphql-java coerces it, or null when it does not coerce. */
    Object coerce(Object raw) {
      try {
        return scalar != null
            ? scalar.getCoercing().parseValue(raw, CONTEXT, Locale.getDefault())
            : enumType.parseValue(raw, CONTEXT, Locale.getDefault());
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  private static final class ListNode extends TypeNode {
    private TypeNode element;
    private final Mode mode;

    ListNode(Mode mode) {
      this.mode = mode;
    }

    @Override
    Mode mode() {
      return mode;
    }
  }

  private static final class ObjectNode extends TypeNode {
    private String[] names;
    private TypeNode[] fields;
    private boolean[] defaults;
    private final boolean oneOf;
    private final Mode mode;

    ObjectNode(boolean oneOf, Mode mode) {
      this.oneOf = oneOf;
      this.mode = mode;
    }

    @Override
    Mode mode() {
      return mode;
    }
  }

  /** A value to bind, at {@code index} of the request's values, of Java class {@code type}. */
  private record Slot(int index, Class<?> type) {}

  /** A list of {@code size} elements. */
  private record Length(int size) {}

  private record Token(String name) {}

  /** Builds the nodes of input types, sharing those of input objects (which may be recursive). */
  private static final class Builder {
    private final ValuePositions positions;
    private final Map<String, ObjectNode> objects = new HashMap<>();

    Builder(ValuePositions positions) {
      this.positions = positions;
    }

    TypeNode node(GraphQLType type, Mode mode) {
      if (type instanceof GraphQLNonNull nn) {
        return new Required(node(nn.getWrappedType(), mode));
      }
      if (type instanceof GraphQLList list) {
        ListNode node = new ListNode(mode);
        node.element = node(list.getWrappedType(), mode == Mode.WHOLE ? Mode.CHECK : mode);
        return node;
      }
      if (type instanceof GraphQLInputObjectType object) {
        Mode m = mode == Mode.VALUE || mode == Mode.WHOLE ? Mode.STRUCT : mode;
        String key = object.getName() + "/" + m;
        ObjectNode node = objects.get(key);
        if (node != null) {
          return node;
        }
        node = new ObjectNode(object.isOneOf(), m);
        objects.put(key, node);
        List<GraphQLInputObjectField> fs = object.getFieldDefinitions();
        node.names = new String[fs.size()];
        node.fields = new TypeNode[fs.size()];
        node.defaults = new boolean[fs.size()];
        for (int i = 0; i < fs.size(); i++) {
          GraphQLInputObjectField f = fs.get(i);
          node.names[i] = f.getName();
          node.defaults[i] = f.hasSetDefaultValue();
          node.fields[i] = node(f.getType(), fieldMode(object.getName(), f.getName(), m));
        }
        return node;
      }
      return new Leaf(type, mode == Mode.WALK ? Mode.STRUCT : mode);
    }

    private Mode fieldMode(String type, String field, Mode mode) {
      if (mode != Mode.WALK) {
        return mode;
      }
      ValuePositions.Kind kind = positions.field(type, field);
      return kind == ValuePositions.Kind.VALUE ? Mode.VALUE : kind == ValuePositions.Kind.WHOLE ? Mode.WHOLE
          : Mode.WALK;
    }
  }

  // -------------------------------------------------------------------------------------- uses

  /**
   * Finds how the operation uses each variable: the mode of every use in a root field's
   * arguments, and STRUCT for any use elsewhere (directives, nested fields).
   */
  private static final class Uses {
    private final GraphQLSchema schema;
    private final ValuePositions positions;
    private final Map<String, FragmentDefinition> fragments = new HashMap<>();
    private final Map<String, Mode> modes = new HashMap<>();
    private final boolean mutation;

    Uses(GraphQLSchema schema, Document document, ValuePositions positions, boolean mutation) {
      this.schema = schema;
      this.positions = positions;
      this.mutation = mutation;
      for (FragmentDefinition f : document.getDefinitionsOfType(FragmentDefinition.class)) {
        fragments.put(f.getName(), f);
      }
    }

    Mode modeOf(String variable) {
      return modes.getOrDefault(variable, Mode.IGNORE);
    }

    void operation(OperationDefinition op) {
      structural(op.getDirectives());
      root(op.getSelectionSet(), new HashSet<>());
    }

    private void root(SelectionSet set, Set<String> visiting) {
      GraphQLObjectType root = mutation ? schema.getMutationType() : schema.getQueryType();
      for (Selection<?> s : set.getSelections()) {
        if (s instanceof Field f) {
          structural(f.getDirectives());
          if (f.getSelectionSet() != null) {
            structural(List.of(f.getSelectionSet()));
          }
          GraphQLFieldDefinition def = root.getFieldDefinition(f.getName());
          for (Argument a : f.getArguments()) {
            GraphQLArgument arg = def == null ? null : def.getArgument(a.getName());
            if (arg == null) {
              structural(List.of(a));
              continue;
            }
            ValuePositions.Kind kind = positions.rootArgument(mutation, f.getName(), a.getName());
            Mode mode = kind == ValuePositions.Kind.VALUE ? Mode.VALUE
                : f.getName().startsWith("__") ? Mode.STRUCT : Mode.WALK;
            value(a.getValue(), arg.getType(), mode);
          }
        } else if (s instanceof InlineFragment inline) {
          structural(inline.getDirectives());
          root(inline.getSelectionSet(), visiting);
        } else if (s instanceof FragmentSpread spread) {
          structural(spread.getDirectives());
          FragmentDefinition def = fragments.get(spread.getName());
          if (def != null && visiting.add(spread.getName())) {
            structural(def.getDirectives());
            root(def.getSelectionSet(), visiting);
            visiting.remove(spread.getName());
          }
        }
      }
    }

    /** A value of {@code type} read in {@code mode} (WALK: by its fields' positions). */
    private void value(Value<?> v, GraphQLInputType type, Mode mode) {
      GraphQLType t = graphql.schema.GraphQLTypeUtil.unwrapNonNull(type);
      if (v instanceof VariableReference ref) {
        use(ref.getName(), t instanceof GraphQLInputObjectType || t instanceof GraphQLList || mode != Mode.WALK
            ? mode : Mode.STRUCT);
      } else if (v instanceof ArrayValue array && t instanceof GraphQLList list) {
        Mode element = mode == Mode.WHOLE ? Mode.STRUCT : mode;
        for (Value<?> item : array.getValues()) {
          value(item, (GraphQLInputType) list.getWrappedType(), element);
        }
      } else if (v instanceof ObjectValue object && t instanceof GraphQLInputObjectType input) {
        for (ObjectField f : object.getObjectFields()) {
          GraphQLInputObjectField field = input.getField(f.getName());
          if (field == null) {
            structural(List.of(f));
            continue;
          }
          Mode m = mode;
          if (mode == Mode.WALK) {
            ValuePositions.Kind kind = positions.field(input.getName(), f.getName());
            m = kind == ValuePositions.Kind.VALUE ? Mode.VALUE : kind == ValuePositions.Kind.WHOLE ? Mode.WHOLE
                : Mode.WALK;
          } else if (mode == Mode.VALUE || mode == Mode.WHOLE) {
            m = Mode.STRUCT;
          }
          value(f.getValue(), field.getType(), m);
        }
      } else {
        structural(List.of(v)); // a literal (a JSON literal may hold variables: structural)
      }
    }

    private void use(String variable, Mode mode) {
      Mode before = modes.get(variable);
      modes.put(variable, before == null || before == mode ? mode : Mode.STRUCT);
    }

    /** Every variable in these nodes (fragments followed) is structural. */
    private void structural(List<? extends Node<?>> nodes) {
      Set<String> seen = new HashSet<>();
      ArrayDeque<Node<?>> todo = new ArrayDeque<>(nodes);
      while (!todo.isEmpty()) {
        Node<?> n = todo.pop();
        if (n instanceof VariableReference ref) {
          use(ref.getName(), Mode.STRUCT);
        }
        if (n instanceof FragmentSpread spread && seen.add(spread.getName())
            && fragments.containsKey(spread.getName())) {
          todo.push(fragments.get(spread.getName()));
        }
        for (Node<?> child : n.getChildren()) {
          todo.push(child);
        }
      }
    }
  }

  private static GraphQLType inputType(GraphQLSchema schema, graphql.language.Type<?> type) {
    if (type instanceof graphql.language.NonNullType nn) {
      return GraphQLNonNull.nonNull(inputType(schema, nn.getType()));
    }
    if (type instanceof graphql.language.ListType list) {
      return GraphQLList.list(inputType(schema, list.getType()));
    }
    return schema.getType(((TypeName) type).getName());
  }
}
