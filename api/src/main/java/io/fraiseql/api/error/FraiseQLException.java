package io.fraiseql.api.error;

import java.util.Objects;

/**
 * The one error type the engine's layers throw to each other. Its message is safe to show a
 * client: it never contains SQL text, bind values or connection details (those go to the cause,
 * which is only logged).
 */
public class FraiseQLException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String sqlState;
  private final String constraint;
  private final String column;

  public FraiseQLException(ErrorCode code, String message) {
    this(code, message, null, null, null, null);
  }

  public FraiseQLException(
      ErrorCode code, String message, String sqlState, String constraint, Throwable cause) {
    this(code, message, sqlState, constraint, null, cause);
  }

  /**
   * @param column the column the database named in its error (a NOT NULL violation), or null
   */
  public FraiseQLException(
      ErrorCode code, String message, String sqlState, String constraint, String column, Throwable cause) {
    // expected conditions (bad input) need no stack trace; unexpected ones keep it
    super(message, cause, true, cause != null || code == ErrorCode.INTERNAL_ERROR);
    this.code = Objects.requireNonNull(code, "code");
    this.sqlState = sqlState;
    this.constraint = constraint;
    this.column = column;
  }

  /** A client error: bad argument or variable values, limits exceeded. */
  public static FraiseQLException badInput(String message) {
    return new FraiseQLException(ErrorCode.BAD_USER_INPUT, message);
  }

  public ErrorCode code() {
    return code;
  }

  /** The SQLSTATE of the database error this came from, or {@code null}. */
  public String sqlState() {
    return sqlState;
  }

  /** The violated constraint's name, or {@code null}. */
  public String constraint() {
    return constraint;
  }

  /** The column the database named (a NOT NULL violation names one), or {@code null}. */
  public String column() {
    return column;
  }
}
