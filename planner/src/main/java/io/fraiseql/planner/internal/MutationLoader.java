package io.fraiseql.planner.internal;

import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.language.TypeName;
import graphql.language.UnionTypeDefinition;
import io.fraiseql.api.plan.MutationDef;
import io.fraiseql.api.plan.Source;
import io.fraiseql.planner.SchemaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks one root mutation field and resolves it against the catalog, at startup. */
final class MutationLoader {
  private static final Set<String> ERROR_FIELDS = Set.of("status", "message", "code", "errors", "__typename");

  private final SchemaLoader loader;

  MutationLoader(SchemaLoader loader) {
    this.loader = loader;
  }

  MutationModel model(FieldDefinition field) {
    String where = loader.mutationTypeName() + "." + field.getName();
    List<Directive> ds = new ArrayList<>();
    for (String name : List.of("insert", "update", "delete", "function")) {
      ds.addAll(field.getDirectives(name));
    }
    if (ds.size() != 1) {
      throw new SchemaException(where + ": a mutation field needs exactly one of @insert(table:),"
          + " @update(table:), @delete(table:) or @function(name:)");
    }
    Directive d = ds.get(0);
    Type<?> type = field.getType();
    boolean nonNull = type instanceof NonNullType;
    if (!(SchemaLoader.unwrapNonNull(type) instanceof TypeName tn)) {
      throw new SchemaException(where + ": a mutation returns one object or union, not a list");
    }
    if (d.getName().equals("function")) {
      return function(field, d, tn.getName(), nonNull, where);
    }
    return dml(field, d, tn.getName(), nonNull, where);
  }

  private MutationModel dml(FieldDefinition field, Directive d, String typeName, boolean nonNull, String where) {
    MutationDef.Kind kind = MutationDef.Kind.valueOf(d.getName().toUpperCase(java.util.Locale.ROOT));
    TypeDefinition<?> def = loader.registry().getTypeOrNull(typeName);
    if (!(def instanceof ObjectTypeDefinition objectDef)) {
      throw new SchemaException(where + " returns " + typeName + ": @" + d.getName() + " needs an object type to re-read");
    }
    Source source = loader.sqlSource(field, where);
    if (source == null) {
      source = loader.sqlSource(objectDef, "Type " + typeName);
    }
    if (source == null) {
      throw new SchemaException(where + " returns " + typeName + ", which has no @sqlSource to re-read from");
    }
    Map<String, String> viewColumns = loader.columnsOf(source, where);
    if (viewColumns != null) {
      source = new Source(source.relation(), source.dataColumn(), source.idColumn(),
          viewColumns.getOrDefault(source.idColumn(), "text"));
    }
    String table = string(d, "table", where);
    Map<String, String> columns = loader.catalog().columns(table);
    if (columns == null && loader.catalog().complete()) {
      throw new SchemaException(where + ": table " + table + " was not found in the database");
    }
    if (columns != null && !columns.containsKey("id")) {
      throw new SchemaException(where + ": table " + table + " has no id column");
    }
    List<String> expected = switch (kind) {
      case INSERT -> List.of("input");
      case UPDATE -> List.of("id", "input");
      case DELETE -> List.of("id");
    };
    List<InputValueDefinition> args = field.getInputValueDefinitions();
    List<String> names = args.stream().map(InputValueDefinition::getName).toList();
    if (!names.equals(expected) && !(names.size() == expected.size() && names.containsAll(expected))) {
      throw new SchemaException(where + ": @" + d.getName() + " takes the arguments " + String.join(", ", expected)
          + ", got " + (names.isEmpty() ? "none" : String.join(", ", names)));
    }
    for (InputValueDefinition arg : args) {
      if (!(arg.getType() instanceof NonNullType)) {
        throw new SchemaException(where + ": argument " + arg.getName() + " must be non-null");
      }
      if (arg.getName().equals("input")) {
        InputObjectTypeDefinition input = inputObject(arg, where);
        if (columns != null) {
          for (InputValueDefinition f : input.getInputValueDefinitions()) {
            String column = Names.snakeCase(f.getName());
            if (!columns.containsKey(column)) {
              throw new SchemaException("Input " + input.getName() + " field " + f.getName() + " maps to column "
                  + column + ", which table " + table + " does not have");
            }
          }
        }
      }
    }
    return new MutationModel(field.getName(), kind, table, columns == null ? Map.of() : columns,
        loader.dataType(typeName), source, null, null, null, null, null, List.of(), nonNull);
  }

  private MutationModel function(FieldDefinition field, Directive d, String typeName, boolean nonNull, String where) {
    String name = string(d, "name", where);
    String schema = d.getArgument("schema") == null ? null : string(d, "schema", where);
    for (InputValueDefinition arg : field.getInputValueDefinitions()) {
      if (!arg.getName().equals("input")) {
        throw new SchemaException(where + ": @function takes one argument, input, got " + arg.getName());
      }
      inputObject(arg, where);
    }
    TypeDefinition<?> def = loader.registry().getTypeOrNull(typeName);
    String success;
    String error;
    if (def instanceof UnionTypeDefinition union) {
      success = null;
      error = null;
      for (Type<?> member : union.getMemberTypes()) {
        String m = ((TypeName) member).getName();
        if (m.endsWith("Success")) {
          success = m;
        } else if (m.endsWith("Error")) {
          error = m;
        }
      }
      if (success == null || error == null || union.getMemberTypes().size() != 2) {
        throw new SchemaException(where + ": union " + typeName + " must have two members, <X>Success and <X>Error");
      }
    } else if (def instanceof ObjectTypeDefinition) {
      success = typeName;
      error = typeName;
    } else {
      throw new SchemaException(where + " returns " + typeName + ": @function needs a union of <X>Success and <X>Error, or an object type");
    }
    DataType successType = loader.dataType(success);
    DataType errorType = loader.dataType(error);
    DataField entity = null;
    for (DataField f : successType.fields().values()) {
      if (f.isObject() && !f.list()) {
        entity = f;
        break;
      }
    }
    List<String> metadata = new ArrayList<>();
    for (DataField f : errorType.fields().values()) {
      boolean entityField = entity != null && success.equals(error) && f.name().equals(entity.name());
      if (!ERROR_FIELDS.contains(f.name()) && !f.name().equals("updatedFields") && !entityField) {
        metadata.add(f.name());
      }
    }
    return new MutationModel(field.getName(), null, null, Map.of(), entity == null ? null : loader.dataType(entity.objectType()),
        null, schema, name, success, error, entity, metadata, nonNull);
  }

  private InputObjectTypeDefinition inputObject(InputValueDefinition arg, String where) {
    Type<?> t = SchemaLoader.unwrapNonNull(arg.getType());
    TypeDefinition<?> def = t instanceof TypeName tn ? loader.registry().getTypeOrNull(tn.getName()) : null;
    if (!(def instanceof InputObjectTypeDefinition input)) {
      throw new SchemaException(where + ": argument " + arg.getName() + " must be an input object type");
    }
    return input;
  }

  private static String string(Directive d, String arg, String where) {
    Argument a = d.getArgument(arg);
    if (a == null || !(a.getValue() instanceof StringValue sv) || sv.getValue().isBlank()) {
      throw new SchemaException(where + ": @" + d.getName() + "(" + arg + ":) must be a non-empty string");
    }
    return sv.getValue();
  }
}
