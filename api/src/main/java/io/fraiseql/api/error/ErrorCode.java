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
  INTERNAL_ERROR,
  /** The request's credentials (a bearer token) are missing, malformed, expired or not trusted: HTTP 401. */
  UNAUTHENTICATED,
  /** The database refused the request's role (it does not exist, or the login role may not switch to it). */
  FORBIDDEN
}
