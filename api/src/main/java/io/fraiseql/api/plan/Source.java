package io.fraiseql.api.plan;

import java.util.Objects;

/**
 * A read source: a view or table returning one JSONB document per row.
 *
 * @param relation the view or table name (unquoted, as in the catalog); may be schema-qualified
 *     with a dot
 * @param dataColumn the JSONB column holding the document
 * @param idColumn the column holding the row id
 * @param idSqlType the PostgreSQL type of the id column, from the catalog ({@code text} when unknown)
 */
public record Source(String relation, String dataColumn, String idColumn, String idSqlType) {
  public Source {
    Objects.requireNonNull(relation, "relation");
    Objects.requireNonNull(dataColumn, "dataColumn");
    Objects.requireNonNull(idColumn, "idColumn");
    Objects.requireNonNull(idSqlType, "idSqlType");
  }
}
