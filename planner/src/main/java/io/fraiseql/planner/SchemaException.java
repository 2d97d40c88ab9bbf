package io.fraiseql.planner;

/** The SDL cannot be served; the message names the type and field at fault. */
public final class SchemaException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SchemaException(String message) {
    super(message);
  }
}
