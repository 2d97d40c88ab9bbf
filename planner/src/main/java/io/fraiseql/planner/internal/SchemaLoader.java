package io.fraiseql.planner.internal;

import graphql.GraphQLError;
import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.DirectivesContainer;
import graphql.language.EnumTypeDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.OperationTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.language.TypeName;
import graphql.parser.InvalidSyntaxException;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.errors.SchemaProblem;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Source;
import io.fraiseql.planner.Catalog;
import io.fraiseql.planner.SchemaException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an SDL with FraiseQL directives, checks that the engine can serve it, adds the generated
 * inputs and list arguments, and builds the graphql-java schema used for validation and
 * introspection. Every problem is reported at startup, naming the type and field.
 */
public final class SchemaLoader {
  /** The arguments added to every list root field. */
  public static final List<String> LIST_ARGUMENTS = List.of("where", "orderBy", "limit", "offset");

  /** The arguments added to every aggregate root field. */
  public static final List<String> AGGREGATE_ARGUMENTS = List.of("where");

  /** The arguments added to every group root field. */
  public static final List<String> GROUP_ARGUMENTS = List.of("by", "where", "having", "orderBy", "limit", "offset");

  /** The arguments added to every connection root field. */
  public static final List<String> CONNECTION_ARGUMENTS =
      List.of("where", "orderBy", "first", "after", "last", "before");

  private static final Set<String> SQL_SOURCE_ARGS = Set.of("name", "dataColumn", "idColumn");

  private final TypeDefinitionRegistry registry;
  private final Catalog catalog;
  private final Map<String, DataType> types = new LinkedHashMap<>();
  private final Map<String, RootModel> roots = new LinkedHashMap<>();
  private final Map<String, MutationModel> mutations = new LinkedHashMap<>();
  private String mutationTypeName = "Mutation";
  private final Set<String> orderableTypes = new LinkedHashSet<>();
  private String queryTypeName = "Query";

  private SchemaLoader(TypeDefinitionRegistry registry, Catalog catalog) {
    this.registry = registry;
    this.catalog = catalog;
  }

  /** The loaded schema: graphql-java's view of it and the engine's model. */
  public record Loaded(
      GraphQLSchema schema,
      String queryTypeName,
      Map<String, DataType> types,
      Map<String, RootModel> roots,
      String mutationTypeName,
      Map<String, MutationModel> mutations) {

    /** Every relation the schema reads or writes: sources, then mutation tables. */
    public java.util.Set<String> relations() {
      java.util.Set<String> out = new LinkedHashSet<>();
      roots.values().forEach(r -> out.add(r.source().relation()));
      mutations.values().forEach(m -> {
        if (m.source() != null) {
          out.add(m.source().relation());
        }
        if (m.table() != null) {
          out.add(m.table());
        }
      });
      return out;
    }
  }

  public static Loaded load(String sdl, Catalog catalog) {
    TypeDefinitionRegistry registry;
    try {
      registry = new SchemaParser().parse(sdl);
    } catch (SchemaProblem | InvalidSyntaxException e) {
      throw new SchemaException("Invalid SDL: " + e.getMessage());
    }
    return new SchemaLoader(registry, catalog).load();
  }

  private Loaded load() {
    addPrelude();
    queryTypeName =
        registry
            .schemaDefinition()
            .flatMap(
                d ->
                    d.getOperationTypeDefinitions().stream()
                        .filter(o -> o.getName().equals("query"))
                        .map(OperationTypeDefinition::getTypeName)
                        .map(TypeName::getName)
                        .findFirst())
            .orElse("Query");
    ObjectTypeDefinition query =
        registry.getTypeOrNull(queryTypeName, ObjectTypeDefinition.class);
    if (query == null) {
      throw new SchemaException("The schema has no " + queryTypeName + " type");
    }
    if (!registry.objectTypeExtensions().getOrDefault(queryTypeName, List.of()).isEmpty()) {
      throw new SchemaException(
          "extend type " + queryTypeName + " is not supported; declare the root fields in one type");
    }
    for (FieldDefinition field : query.getFieldDefinitions()) {
      roots.put(field.getName(), rootModel(field));
    }
    mutationTypeName =
        registry
            .schemaDefinition()
            .flatMap(
                d ->
                    d.getOperationTypeDefinitions().stream()
                        .filter(o -> o.getName().equals("mutation"))
                        .map(OperationTypeDefinition::getTypeName)
                        .map(TypeName::getName)
                        .findFirst())
            .orElse("Mutation");
    ObjectTypeDefinition mutation = registry.getTypeOrNull(mutationTypeName, ObjectTypeDefinition.class);
    if (mutation != null) {
      for (FieldDefinition field : mutation.getFieldDefinitions()) {
        mutations.put(field.getName(), new MutationLoader(this).model(field));
      }
    }
    augment(query);
    GraphQLSchema schema;
    try {
      RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
      Scalars.all().forEach(wiring::scalar);
      // unions (mutation results) are resolved by the engine from the status, never by graphql-java
      for (TypeDefinition<?> t : registry.types().values()) {
        if (t instanceof graphql.language.UnionTypeDefinition || t instanceof graphql.language.InterfaceTypeDefinition) {
          wiring.type(graphql.schema.idl.TypeRuntimeWiring.newTypeWiring(t.getName()).typeResolver(env -> null));
        }
      }
      schema = new SchemaGenerator().makeExecutableSchema(registry, wiring.build());
    } catch (SchemaProblem e) {
      throw new SchemaException(
          "Invalid schema: "
              + e.getErrors().stream().map(GraphQLError::getMessage).collect(Collectors.joining("; ")));
    }
    return new Loaded(schema, queryTypeName, Map.copyOf(types), roots, mutationTypeName, mutations);
  }

  private void addPrelude() {
    StringBuilder sdl = new StringBuilder();
    Prelude.DIRECTIVES.forEach(
        (name, def) -> {
          if (registry.getDirectiveDefinition(name).isEmpty()) {
            sdl.append(def).append('\n');
          }
        });
    for (String scalar : List.of("DateTime", "Date", "UUID", "BigDecimal", "JSON")) {
      TypeDefinition<?> existing = registry.getTypeOrNull(scalar);
      if (existing == null) {
        sdl.append("scalar ").append(scalar).append('\n');
      } else if (!(existing instanceof ScalarTypeDefinition)) {
        throw new SchemaException(
            "Type " + scalar + " is provided by the engine as a scalar and cannot be redefined");
      }
    }
    Prelude.TYPES.forEach(
        (name, def) -> {
          if (registry.getTypeOrNull(name) != null) {
            throw new SchemaException("Type " + name + " is provided by the engine; remove it from the SDL");
          }
          sdl.append(def).append('\n');
        });
    registry.merge(new SchemaParser().parse(sdl.toString()));
  }

  // ---------------------------------------------------------------------------------- roots

  private RootModel rootModel(FieldDefinition field) {
    String where = queryTypeName + "." + field.getName();
    FieldShape fieldType = FieldShape.of(field.getType(), where);
    boolean nonNull = fieldType.nonNull();
    boolean list = fieldType.list();
    boolean itemsNonNull = fieldType.itemsNonNull();
    String typeName = fieldType.typeName();
    TypeDefinition<?> def = registry.getTypeOrNull(typeName);
    boolean connection = false;
    if (def == null && !list && typeName.endsWith("Connection")
        && registry.getTypeOrNull(typeName.substring(0, typeName.length() - 10)) instanceof ObjectTypeDefinition) {
      connection = true;
      typeName = typeName.substring(0, typeName.length() - 10);
      def = registry.getTypeOrNull(typeName);
    }
    RootModel.Aggregation aggregation = RootModel.Aggregation.NONE;
    if (def == null) {
      for (RootModel.Aggregation a : List.of(RootModel.Aggregation.AGGREGATE, RootModel.Aggregation.GROUPS)) {
        String suffix = a == RootModel.Aggregation.AGGREGATE ? "Aggregate" : "Group";
        String base = typeName.substring(0, Math.max(0, typeName.length() - suffix.length()));
        if (!typeName.endsWith(suffix) || !(registry.getTypeOrNull(base) instanceof ObjectTypeDefinition)) {
          continue;
        }
        if (list != (a == RootModel.Aggregation.GROUPS)) {
          throw new SchemaException(where + (list
              ? " returns a list of " + typeName + "; an aggregate field returns one: " + typeName + "! (for groups, ["
                  + base + "Group!]!)"
              : " returns " + typeName + "; a group field returns a list: [" + typeName + "!]!"));
        }
        aggregation = a;
        typeName = base;
        def = registry.getTypeOrNull(typeName);
        break;
      }
    }
    if (!(def instanceof ObjectTypeDefinition objectDef)) {
      throw new SchemaException(
          where + " returns " + typeName + ", which the engine cannot read: a root field must"
              + " return an object type (or a list of one) with @sqlSource");
    }
    Source source = sqlSource(field, where);
    if (source == null) {
      source = sqlSource(objectDef, "Type " + typeName);
    }
    if (source == null) {
      throw new SchemaException(
          where + " returns " + typeName + ", which has no @sqlSource (put it on the type or the field)");
    }
    Map<String, String> columns = columnsOf(source, where);
    if (columns != null) {
      source = new Source(source.relation(), source.dataColumn(), source.idColumn(),
          columns.getOrDefault(source.idColumn(), "text"));
    }
    DataType dataType = dataType(typeName);
    QueryDef.Shape shape;
    if (aggregation != RootModel.Aggregation.NONE) {
      shape = QueryDef.Shape.LIST;
      List<String> allowed = aggregation == RootModel.Aggregation.AGGREGATE ? AGGREGATE_ARGUMENTS : GROUP_ARGUMENTS;
      for (InputValueDefinition arg : field.getInputValueDefinitions()) {
        if (!allowed.contains(arg.getName())) {
          throw new SchemaException(
              where + ": argument '" + arg.getName() + "' is not supported on " + (aggregation
                  == RootModel.Aggregation.AGGREGATE ? "an aggregate" : "a group") + " field"
                  + " (the engine adds " + String.join(", ", allowed) + ")");
        }
      }
    } else if (connection) {
      shape = QueryDef.Shape.LIST;
      for (InputValueDefinition arg : field.getInputValueDefinitions()) {
        if (!CONNECTION_ARGUMENTS.contains(arg.getName())) {
          throw new SchemaException(
              where + ": argument '" + arg.getName() + "' is not supported on a connection field"
                  + " (the engine adds " + String.join(", ", CONNECTION_ARGUMENTS) + ")");
        }
      }
      orderableTypes.add(typeName);
    } else if (list) {
      shape = QueryDef.Shape.LIST;
      for (InputValueDefinition arg : field.getInputValueDefinitions()) {
        if (!LIST_ARGUMENTS.contains(arg.getName())) {
          throw new SchemaException(
              where + ": argument '" + arg.getName() + "' is not supported on a list field"
                  + " (the engine adds " + String.join(", ", LIST_ARGUMENTS) + ")");
        }
      }
      orderableTypes.add(typeName);
    } else {
      shape = QueryDef.Shape.BY_ID;
      List<InputValueDefinition> args = field.getInputValueDefinitions();
      if (args.size() != 1
          || !args.get(0).getName().equals("id")
          || !(args.get(0).getType() instanceof NonNullType)) {
        throw new SchemaException(
            where + ": a root field returning one " + typeName + " takes exactly one argument,"
                + " id: ID! (or another non-null scalar)");
      }
    }
    return new RootModel(
        field.getName(), dataType, source, columns == null ? Map.of() : columns, shape, nonNull,
        itemsNonNull, connection, aggregation);
  }

  TypeDefinitionRegistry registry() {
    return registry;
  }

  Catalog catalog() {
    return catalog;
  }

  String mutationTypeName() {
    return mutationTypeName;
  }

  Map<String, String> columnsOf(Source source, String where) {
    Map<String, String> columns = catalog.columns(source.relation());
    if (columns == null) {
      if (catalog.complete()) {
        throw new SchemaException(
            where + ": source " + source.relation() + " was not found in the database");
      }
      return null;
    }
    for (String col : List.of(source.dataColumn(), source.idColumn())) {
      if (!columns.containsKey(col)) {
        throw new SchemaException(
            where + ": source " + source.relation() + " has no column " + col
                + " (columns: " + String.join(", ", columns.keySet()) + ")");
      }
    }
    return columns;
  }

  Source sqlSource(DirectivesContainer<?> node, String where) {
    List<Directive> ds = node.getDirectives("sqlSource");
    if (ds.isEmpty()) {
      return null;
    }
    if (ds.size() > 1) {
      throw new SchemaException(where + ": @sqlSource is given more than once");
    }
    Map<String, String> args = new LinkedHashMap<>();
    for (Argument arg : ds.get(0).getArguments()) {
      if (!SQL_SOURCE_ARGS.contains(arg.getName())) {
        throw new SchemaException(
            where + ": @sqlSource has no argument '" + arg.getName()
                + "' (allowed: name, dataColumn, idColumn)");
      }
      if (!(arg.getValue() instanceof StringValue sv) || sv.getValue().isBlank()) {
        throw new SchemaException(where + ": @sqlSource(" + arg.getName() + ":) must be a non-empty string");
      }
      args.put(arg.getName(), sv.getValue());
    }
    if (!args.containsKey("name")) {
      throw new SchemaException(where + ": @sqlSource needs name: \"the view\"");
    }
    return new Source(
        args.get("name"),
        args.getOrDefault("dataColumn", "data"),
        args.getOrDefault("idColumn", "id"),
        "text");
  }

  // ----------------------------------------------------------------------------- data types

  DataType dataType(String rootName) {
    DataType known = types.get(rootName);
    if (known != null) {
      return known;
    }
    Deque<String> todo = new ArrayDeque<>();
    todo.add(rootName);
    while (!todo.isEmpty()) {
      String name = todo.poll();
      if (types.containsKey(name)) {
        continue;
      }
      ObjectTypeDefinition def = registry.getTypeOrNull(name, ObjectTypeDefinition.class);
      Source source = sqlSource(def, "Type " + name);
      Map<String, DataField> fields = new LinkedHashMap<>();
      for (FieldDefinition f : def.getFieldDefinitions()) {
        DataField df = dataField(name, f);
        fields.put(f.getName(), df);
        if (df.isObject() && !types.containsKey(df.objectType())) {
          todo.add(df.objectType());
        }
      }
      for (var ext : registry.objectTypeExtensions().getOrDefault(name, List.of())) {
        for (FieldDefinition f : ext.getFieldDefinitions()) {
          DataField df = dataField(name, f);
          fields.put(f.getName(), df);
          if (df.isObject() && !types.containsKey(df.objectType())) {
            todo.add(df.objectType());
          }
        }
      }
      types.put(name, new DataType(name, source, fields));
    }
    return types.get(rootName);
  }

  private DataField dataField(String typeName, FieldDefinition f) {
    String where = "Type " + typeName + " field " + f.getName();
    if (!f.getInputValueDefinitions().isEmpty()) {
      throw new SchemaException(where + ": fields read from JSONB take no arguments");
    }
    FieldShape shape = FieldShape.of(f.getType(), where);
    boolean nonNull = shape.nonNull();
    boolean list = shape.list();
    boolean itemsNonNull = shape.itemsNonNull();
    String base = shape.typeName();
    String jsonKey = Names.snakeCase(f.getName());
    ScalarKind kind = Prelude.SCALAR_KINDS.get(base);
    if (kind != null) {
      return new DataField(f.getName(), jsonKey, kind, null, null, list, nonNull, itemsNonNull);
    }
    TypeDefinition<?> def = registry.getTypeOrNull(base);
    if (def instanceof EnumTypeDefinition) {
      return new DataField(f.getName(), jsonKey, ScalarKind.ENUM, null, base, list, nonNull, itemsNonNull);
    }
    if (def instanceof ObjectTypeDefinition) {
      return new DataField(f.getName(), jsonKey, null, base, null, list, nonNull, itemsNonNull);
    }
    String what = def == null ? "an unknown type" : def.getClass().getSimpleName().replace("TypeDefinition", "").toLowerCase(java.util.Locale.ROOT);
    throw new SchemaException(
        where + ": type " + base + " is " + what + ", which the engine cannot read from JSONB"
            + " (use a scalar, an enum, an object type or a list of those)");
  }

  // ------------------------------------------------------------------------------ augmenting

  private void augment(ObjectTypeDefinition query) {
    StringBuilder sdl = new StringBuilder();
    Set<String> enums = new LinkedHashSet<>();
    Set<String> listFilters = new LinkedHashSet<>();
    Set<String> connections = new LinkedHashSet<>();
    // order inputs exist only for types with at least one orderable field
    Set<String> withOrder = new LinkedHashSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (DataType t : types.values()) {
        if (!withOrder.contains(t.name()) && t.fields().values().stream().anyMatch(f -> orderable(f, withOrder))) {
          withOrder.add(t.name());
          changed = true;
        }
      }
    }
    for (DataType t : types.values()) {
      sdl.append("\"Filter on ").append(t.name()).append(": every entry must hold.\"\n");
      sdl.append("input ").append(t.name()).append("WhereInput {\n");
      sdl.append("  \"All of these must hold.\"\n  AND: [").append(t.name()).append("WhereInput!]\n");
      sdl.append("  \"At least one of these must hold.\"\n  OR: [").append(t.name()).append("WhereInput!]\n");
      sdl.append("  \"This must not hold (SQL three-valued logic).\"\n  NOT: ").append(t.name()).append("WhereInput\n");
      for (DataField f : t.fields().values()) {
        if (f.list()) {
          String element = f.isObject() ? f.objectType() : f.kind() == ScalarKind.ENUM ? f.enumType()
              : f.kind() == ScalarKind.JSON ? null : scalarName(f.kind());
          if (element != null) {
            listFilters.add(element + (f.isObject() ? "#object" : ""));
            sdl.append("  ").append(f.name()).append(": ").append(Prelude.listFilterFor(element)).append('\n');
          }
          continue;
        }
        if (f.kind() == ScalarKind.JSON) {
          sdl.append("  ").append(f.name()).append(": JSONFilter\n");
          continue;
        }
        if (f.isObject()) {
          sdl.append("  ").append(f.name()).append(": ").append(f.objectType()).append("WhereInput\n");
        } else if (f.kind() == ScalarKind.ENUM) {
          enums.add(f.enumType());
          sdl.append("  ").append(f.name()).append(": ").append(Prelude.filterFor(f.enumType())).append('\n');
        } else if (Prelude.FILTERS.containsKey(f.kind())) {
          sdl.append("  ").append(f.name()).append(": ").append(Prelude.FILTERS.get(f.kind())).append('\n');
        }
      }
      sdl.append("}\n");
      if (withOrder.contains(t.name())) {
        sdl.append("\"One ordering key of ").append(t.name()).append(": set exactly one field.\"\n");
        sdl.append("input ").append(t.name()).append("OrderByInput {\n");
        for (DataField f : t.fields().values()) {
          if (!orderable(f, withOrder)) {
            continue;
          }
          sdl.append("  ").append(f.name()).append(": ")
              .append(f.isObject() ? f.objectType() + "OrderByInput" : "OrderDirection").append('\n');
        }
        sdl.append("}\n");
      }
    }
    for (RootModel root : roots.values()) {
      String name = root.type().name();
      if (root.connection() && connections.add(name)) {
        for (String suffix : List.of("Connection", "Edge")) {
          if (registry.getTypeOrNull(name + suffix) != null) {
            throw new SchemaException("Type " + name + suffix + " is generated by the engine; remove it");
          }
        }
        sdl.append(Prelude.connectionSdl(name));
      }
    }
    aggregateTypes(sdl);
    for (String l : listFilters) {
      boolean object = l.endsWith("#object");
      String element = object ? l.substring(0, l.length() - 7) : l;
      if (registry.getTypeOrNull(Prelude.listFilterFor(element)) != null) {
        throw new SchemaException("Type " + Prelude.listFilterFor(element) + " is generated by the engine; rename it");
      }
      sdl.append(object ? Prelude.objectListFilterSdl(element) : Prelude.listFilterSdl(element));
    }
    for (String e : enums) {
      if (registry.getTypeOrNull(Prelude.filterFor(e)) != null) {
        throw new SchemaException("Type " + Prelude.filterFor(e) + " is generated by the engine; rename it");
      }
      sdl.append(Prelude.enumFilterSdl(e));
    }
    for (DataType t : types.values()) {
      for (String suffix : List.of("WhereInput", "OrderByInput")) {
        if (registry.getTypeOrNull(t.name() + suffix) != null) {
          throw new SchemaException("Type " + t.name() + suffix + " is generated by the engine; remove it");
        }
      }
    }
    registry.merge(new SchemaParser().parse(sdl.toString()));

    List<FieldDefinition> fields = new ArrayList<>();
    for (FieldDefinition field : query.getFieldDefinitions()) {
      RootModel root = roots.get(field.getName());
      if (root.aggregates()) {
        fields.add(aggregateArguments(field, root));
        continue;
      }
      if (root.shape() != QueryDef.Shape.LIST) {
        fields.add(field);
        continue;
      }
      String tn = root.type().name();
      List<InputValueDefinition> args = new ArrayList<>(field.getInputValueDefinitions());
      addArg(args, "where", new TypeName(tn + "WhereInput"), "Only rows matching this filter.");
      if (withOrder.contains(tn)) {
        addArg(args, "orderBy", new ListType(new NonNullType(new TypeName(tn + "OrderByInput"))),
            "Sort keys, most significant first; id is always the last key.");
      }
      if (root.connection()) {
        addArg(args, "first", new TypeName("Int"), "The first rows after the cursor `after` (at most 1000).");
        addArg(args, "after", new TypeName("String"), "A cursor from an earlier page.");
        addArg(args, "last", new TypeName("Int"), "The last rows before the cursor `before` (at most 1000).");
        addArg(args, "before", new TypeName("String"), "A cursor from an earlier page.");
      } else {
        addArg(args, "limit", new TypeName("Int"), "At most this many rows (not negative).");
        addArg(args, "offset", new TypeName("Int"), "Skip this many rows first (not negative).");
      }
      fields.add(field.transform(b -> b.inputValueDefinitions(args)));
    }
    registry.remove(query);
    registry.add(query.transform(b -> b.fieldDefinitions(fields)));
  }

  static String scalarName(ScalarKind kind) {
    for (Map.Entry<String, ScalarKind> e : Prelude.SCALAR_KINDS.entrySet()) {
      if (e.getValue() == kind) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("no scalar for " + kind);
  }

  /**
   * Appends the types generated for the aggregate and group root fields (once per type), the
   * {@code TimeBucket} enum and the comparison inputs of {@code having}.
   */
  private void aggregateTypes(StringBuilder sdl) {
    Map<String, boolean[]> wanted = new LinkedHashMap<>(); // type -> {aggregate, groups}
    for (RootModel root : roots.values()) {
      if (root.aggregates()) {
        boolean[] w = wanted.computeIfAbsent(root.type().name(), k -> new boolean[2]);
        w[root.aggregation() == RootModel.Aggregation.AGGREGATE ? 0 : 1] = true;
      }
    }
    Set<String> comparisons = new LinkedHashSet<>();
    List<String> generated = new ArrayList<>();
    for (Map.Entry<String, boolean[]> e : wanted.entrySet()) {
      DataType type = types.get(e.getKey());
      boolean groups = e.getValue()[1];
      if (groups) {
        List<DataField> keys = AggregateSchema.fields(type, AggregateSchema.KEYS);
        if (keys.isEmpty()) {
          throw new SchemaException("Type " + type.name() + " has no field a group can be keyed on"
              + " (String, Int, Float, BigDecimal, Boolean, ID, UUID, Date, DateTime or an enum), so "
              + type.name() + "Group cannot be served");
        }
        for (DataField f : keys) {
          if (List.of("true", "false", "null").contains(f.name())) {
            throw new SchemaException("Type " + type.name() + " field " + f.name() + ": a field named "
                + f.name() + " cannot be a value of the generated enum " + type.name() + "GroupField");
          }
        }
        comparisons.addAll(AggregateSchema.comparisonsFor(type));
      }
      generated.addAll(AggregateSchema.generatedNames(type.name(), e.getValue()[0], groups));
      sdl.append(AggregateSchema.sdl(type, e.getValue()[0], groups));
    }
    if (!comparisons.isEmpty()) {
      generated.add(AggregateSchema.TIME_BUCKET);
      sdl.append(AggregateSchema.timeBucketSdl());
      for (String c : comparisons) {
        generated.add(c);
        sdl.append(AggregateSchema.comparisonSdl(c));
      }
    }
    for (String name : generated) {
      if (registry.getTypeOrNull(name) != null) {
        throw new SchemaException("Type " + name + " is generated by the engine; remove or rename it");
      }
    }
  }

  /** An aggregate or group root field with the arguments the engine adds. */
  private static FieldDefinition aggregateArguments(FieldDefinition field, RootModel root) {
    String tn = root.type().name();
    List<InputValueDefinition> args = new ArrayList<>(field.getInputValueDefinitions());
    if (root.aggregation() == RootModel.Aggregation.GROUPS) {
      addArg(args, "by", new NonNullType(new ListType(new NonNullType(new TypeName(tn + "GroupBy")))),
          "The group keys, most significant first: at least one field, each at most once.");
    }
    addArg(args, "where", new TypeName(tn + "WhereInput"), "Only rows matching this filter take part.");
    if (root.aggregation() == RootModel.Aggregation.GROUPS) {
      addArg(args, "having", new TypeName(tn + "Having"), "Only groups meeting all of these conditions.");
      addArg(args, "orderBy", new ListType(new NonNullType(new TypeName(tn + "GroupOrderBy"))),
          "Sort keys of the groups, most significant first; the by keys (ascending, nulls last) always follow.");
      addArg(args, "limit", new TypeName("Int"), "At most this many groups (not negative).");
      addArg(args, "offset", new TypeName("Int"), "Skip this many groups first (not negative).");
    }
    return field.transform(b -> b.inputValueDefinitions(args));
  }

  private static boolean orderable(DataField f, Set<String> withOrder) {
    if (f.list()) {
      return false;
    }
    if (f.isObject()) {
      return withOrder.contains(f.objectType());
    }
    return f.kind() != ScalarKind.JSON;
  }

  private static void addArg(List<InputValueDefinition> args, String name, Type<?> type, String doc) {
    for (InputValueDefinition a : args) {
      if (a.getName().equals(name)) {
        return; // declared by the user with the same meaning
      }
    }
    args.add(
        InputValueDefinition.newInputValueDefinition()
            .name(name)
            .type(type)
            .description(new graphql.language.Description(doc, null, false))
            .build());
  }

  /** A field's type: its named type, whether it is a list, and where it is non-null. */
  record FieldShape(String typeName, boolean list, boolean nonNull, boolean itemsNonNull) {
    static FieldShape of(Type<?> type, String where) {
      boolean nonNull = type instanceof NonNullType;
      Type<?> inner = unwrapNonNull(type);
      boolean list = inner instanceof ListType;
      boolean itemsNonNull = false;
      if (list) {
        Type<?> item = ((ListType) inner).getType();
        itemsNonNull = item instanceof NonNullType;
        inner = unwrapNonNull(item);
        if (!(inner instanceof TypeName)) {
          throw new SchemaException(where + ": lists of lists cannot be read");
        }
      }
      return new FieldShape(((TypeName) inner).getName(), list, nonNull, itemsNonNull);
    }
  }

  static Type<?> unwrapNonNull(Type<?> t) {
    return t instanceof NonNullType nn ? nn.getType() : t;
  }
}
