package io.fraiseql.api.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The immutable plan of one root mutation field. */
public sealed interface MutationDef {

  /** The field's key in {@code data}. */
  String responseKey();

  /** A value for one table column, with the column's catalog type (the bind is cast to it). */
  record ColumnValue(Object value, String sqlType) {
    public ColumnValue {
      Objects.requireNonNull(sqlType, "sqlType");
    }
  }

  /**
   * Generated DML on a table, then the re-read of the declared type's view by id, in one
   * transaction.
   *
   * @param kind INSERT, UPDATE or DELETE
   * @param table the table, as written in the directive
   * @param idColumn the table's id column
   * @param idSqlType its catalog type
   * @param values for INSERT and UPDATE: column to value, in input order (UPDATE: only the fields
   *     given; an explicit null writes NULL)
   * @param idValue for UPDATE and DELETE: the id, in its column's Java type
   * @param reread the view read by id (its {@code idValue} is replaced by the written row's id)
   */
  record Dml(
      String responseKey,
      Kind kind,
      String table,
      String idColumn,
      String idSqlType,
      Map<String, ColumnValue> values,
      Object idValue,
      QueryDef reread)
      implements MutationDef {
    public Dml {
      Objects.requireNonNull(responseKey, "responseKey");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(table, "table");
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      Objects.requireNonNull(reread, "reread");
    }
  }

  /** The kinds of {@link Dml}. */
  enum Kind {
    INSERT,
    UPDATE,
    DELETE
  }

  /**
   * A call of a PostgreSQL function taking the input as one JSONB argument and returning a
   * {@code mutation_response} row.
   *
   * @param schema the function's schema, or {@code null}
   * @param name the function's name
   * @param input the input with snake_case keys (Map, List and scalar values)
   * @param success the projection when the status is a success, over the success document
   * @param error the projection when the status is an error, over the error document
   * @param entityKey the success document's key holding the entity, or {@code null}
   * @param errorMetadataKeys {@code metadata} keys the error type declares as fields
   * @param nonNull whether the field is non-null
   */
  record FunctionCall(
      String responseKey,
      String schema,
      String name,
      Map<String, Object> input,
      Selection.ObjectSelection success,
      Selection.ObjectSelection error,
      String entityKey,
      List<String> errorMetadataKeys,
      boolean nonNull)
      implements MutationDef {
    public FunctionCall {
      Objects.requireNonNull(responseKey, "responseKey");
      Objects.requireNonNull(name, "name");
      input = Collections.unmodifiableMap(new LinkedHashMap<>(input));
      Objects.requireNonNull(success, "success");
      Objects.requireNonNull(error, "error");
      errorMetadataKeys = List.copyOf(errorMetadataKeys);
    }
  }
}
