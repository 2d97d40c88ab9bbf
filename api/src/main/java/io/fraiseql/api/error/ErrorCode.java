package io.fraiseql.api.error;

/** The values of {@code extensions.code} in GraphQL errors. */
public enum ErrorCode {
  GRAPHQL_PARSE_FAILED,
  GRAPHQL_VALIDATION_FAILED,
  BAD_USER_INPUT,
  NOT_FOUND,
  CONFLICT,
  CONSTRAINT_VIOLATION,
  TIMEOUT,
  DATABASE_ERROR,
  CONNECTION_ERROR,
  INVALID_MUTATION_RESPONSE,
  INTERNAL_ERROR
}
