package io.fraiseql.api.error;

import org.slf4j.Logger;

/**
 * The single SQLSTATE classification every backend uses. A backend extracts the SQLSTATE (and the
 * constraint and column names) from its driver's exception and calls {@link #toException}; callers
 * never see a driver exception type and never classify by message text.
 */
public final class SqlStates {
  /** Characters of SQL text, or of a driver's message, a log line keeps (then its length). */
  public static final int LOGGED_TEXT = 2_048;

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
    if (inputMessage(sqlState) != null) {
      return ErrorCode.BAD_USER_INPUT;
    }
    if (sqlState.startsWith("08")) {
      return ErrorCode.CONNECTION_ERROR;
    }
    return ErrorCode.DATABASE_ERROR;
  }

  /**
   * The client-safe message of a data exception caused by a value of the request, or null when
   * the SQLSTATE is not one. Data exceptions that a view or function can raise on its own rows
   * ({@code 22012} division by zero, for one) stay {@code DATABASE_ERROR}.
   */
  static String inputMessage(String sqlState) {
    switch (sqlState) {
      case "2201B": // invalid_regular_expression (also "too complex")
        return "Invalid regular expression";
      case "22025": // invalid_escape_sequence
      case "22019": // invalid_escape_character
      case "2200D": // invalid_escape_octet
        return "Invalid escape sequence in a pattern";
      case "22021": // character_not_in_repertoire (a NUL byte)
      case "22P05": // untranslatable_character (\u0000 in JSON)
        return "A string contains a character the database cannot store";
      case "22P02": // invalid_text_representation
      case "22007": // invalid_datetime_format
      case "22032": // invalid_json_text
        return "A value has the wrong format for its type";
      case "22008": // datetime_field_overflow
      case "22003": // numeric_value_out_of_range
        return "A value is out of range for its type";
      case "22001": // string_data_right_truncation
      case "22026": // string_data_length_mismatch
        return "A value is too long for its column";
      case "54000": // program_limit_exceeded (index row too large, ...)
      case "54001": // statement_too_complex
      case "54023": // too_many_arguments
        return "The request exceeds a database limit";
      default:
        return null;
    }
  }

  /** A client-safe exception for a database error; {@code cause} keeps the detail for the log. */
  public static FraiseQLException toException(String sqlState, String constraint, Throwable cause) {
    return toException(sqlState, constraint, null, cause);
  }

  /**
   * A client-safe exception for a database error, with the column the database named (a NOT NULL
   * violation names one); {@code cause} keeps the detail for the log.
   */
  public static FraiseQLException toException(String sqlState, String constraint, String column, Throwable cause) {
    ErrorCode code = classify(sqlState);
    String message = code == ErrorCode.BAD_USER_INPUT ? inputMessage(sqlState) : message(code);
    return new FraiseQLException(code, message, sqlState, constraint, column, cause);
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

  /**
   * Logs a failed statement: its code and SQLSTATE, the driver's message and the SQL text, each
   * cut to {@value #LOGGED_TEXT} characters (with the full length), never the bound values. A
   * client's bad input is logged at INFO, everything else at WARN.
   */
  public static void log(Logger log, FraiseQLException mapped, String driverMessage, String sql) {
    if (mapped.code() == ErrorCode.BAD_USER_INPUT) {
      if (log.isInfoEnabled()) {
        log.info("Statement failed ({}, SQLSTATE {}): {} -- {}", mapped.code(), mapped.sqlState(),
            abbreviate(driverMessage), abbreviate(sql));
      }
    } else if (log.isWarnEnabled()) {
      log.warn("Statement failed ({}, SQLSTATE {}): {} -- {}", mapped.code(), mapped.sqlState(),
          abbreviate(driverMessage), abbreviate(sql));
    }
  }

  /**
   * Text for a log line: as is up to {@value #LOGGED_TEXT} characters, else its first
   * {@value #LOGGED_TEXT} characters and {@code "... (N characters)"}.
   */
  public static String abbreviate(String text) {
    if (text == null || text.length() <= LOGGED_TEXT) {
      return text;
    }
    int end = LOGGED_TEXT;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never cut a pair in two
    }
    return text.substring(0, end) + "... (" + text.length() + " characters)";
  }
}
