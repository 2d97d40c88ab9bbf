package io.fraiseql.api.error;

/**
 * The single SQLSTATE classification every backend uses. A backend extracts the SQLSTATE (and the
 * constraint name) from its driver's exception and calls {@link #toException}; callers never see
 * a driver exception type and never classify by message text.
 */
public final class SqlStates {
  private SqlStates() {}

  /** Maps a SQLSTATE to the GraphQL error code. {@code null} means the connection failed. */
  public static ErrorCode classify(String sqlState) {
    if (sqlState == null || sqlState.length() != 5) {
      return ErrorCode.CONNECTION_ERROR;
    }
    switch (sqlState) {
      case "23505":
        return ErrorCode.CONFLICT;
      case "23503": // foreign_key_violation
      case "23514": // check_violation
      case "23502": // not_null_violation
      case "23P01": // exclusion_violation
      case "23000": // integrity_constraint_violation
      case "23001": // restrict_violation
        return ErrorCode.CONSTRAINT_VIOLATION;
      case "57014": // query_canceled (statement_timeout)
      case "55P03": // lock_not_available (lock_timeout)
        return ErrorCode.TIMEOUT;
      case "57P01": // admin_shutdown (pg_terminate_backend)
      case "57P02": // crash_shutdown
      case "57P03": // cannot_connect_now
      case "3D000": // invalid_catalog_name: the database is gone or was never there
      case "28000": // invalid_authorization_specification
      case "28P01": // invalid_password
        return ErrorCode.CONNECTION_ERROR;
      default:
        break;
    }
    if (sqlState.startsWith("08")) {
      return ErrorCode.CONNECTION_ERROR;
    }
    return ErrorCode.DATABASE_ERROR;
  }

  /** A client-safe exception for a database error; {@code cause} keeps the detail for the log. */
  public static FraiseQLException toException(String sqlState, String constraint, Throwable cause) {
    ErrorCode code = classify(sqlState);
    return new FraiseQLException(code, message(code), sqlState, constraint, cause);
  }

  /**
   * A client-safe exception for a failure of the session prelude (the statement that sets the
   * session variables and the role at the start of a transaction). When the request has a role
   * and the database refuses it, the failure is {@link ErrorCode#FORBIDDEN}: the role does not
   * exist ({@code 22023} from {@code SET ROLE}/{@code set_config('role', ...)}, {@code 42704}) or
   * the login role may not switch to it ({@code 42501}). Anything else maps as
   * {@link #toException} does.
   *
   * @param role the request's role, or {@code null}
   */
  public static FraiseQLException toPreludeException(String sqlState, String role, Throwable cause) {
    if (role != null && refusesRole(sqlState)) {
      return new FraiseQLException(ErrorCode.FORBIDDEN, "The database refused the role of this request",
          sqlState, null, null);
    }
    return toException(sqlState, null, cause);
  }

  /** True for the SQLSTATEs PostgreSQL answers a role it will not switch to with. */
  public static boolean refusesRole(String sqlState) {
    return "22023".equals(sqlState) || "42704".equals(sqlState) || "42501".equals(sqlState);
  }

  static String message(ErrorCode code) {
    switch (code) {
      case CONFLICT:
        return "A row with the same unique value already exists";
      case CONSTRAINT_VIOLATION:
        return "The change violates a database constraint";
      case TIMEOUT:
        return "The statement took longer than the configured timeout";
      case CONNECTION_ERROR:
        return "The database connection failed";
      default:
        return "The database reported an error";
    }
  }
}
