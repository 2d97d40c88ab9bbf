package io.fraiseql.planner.internal;

import io.fraiseql.api.plan.MutationDef;
import io.fraiseql.api.plan.Source;
import java.util.List;
import java.util.Map;

/**
 * A root mutation field, resolved at startup.
 *
 * @param fieldName the GraphQL field name on Mutation
 * @param kind INSERT, UPDATE or DELETE, or {@code null} for a function
 * @param table the DML table (as written)
 * @param columns the table's columns (name to catalog type); empty when the catalog is unknown
 * @param returnType the re-read type (DML) or the entity type of a function's success (may be null)
 * @param source the view re-read by id (DML)
 * @param functionSchema the function's schema, or null
 * @param functionName the function's name (functions)
 * @param successType the success type's name (functions)
 * @param errorType the error type's name (functions; equal to successType for one object type)
 * @param entityField the success type's field holding the entity, or null
 * @param errorMetadataFields the error type's fields filled from {@code metadata}
 * @param nonNull whether the field's type is non-null
 */
public record MutationModel(
    String fieldName,
    MutationDef.Kind kind,
    String table,
    Map<String, String> columns,
    DataType returnType,
    Source source,
    String functionSchema,
    String functionName,
    String successType,
    String errorType,
    DataField entityField,
    List<String> errorMetadataFields,
    boolean nonNull) {}
