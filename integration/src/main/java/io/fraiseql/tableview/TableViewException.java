package io.fraiseql.tableview;

/**
 * The generator refuses a view: it cannot show that the table would stay equal to the view (the
 * message names the view, each table it cannot cover, and what to declare with {@code
 * --depends}), or the view cannot be made into a table at all. An expected outcome, not a
 * failure of the program: no stack trace.
 */
public final class TableViewException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TableViewException(String message) {
    super(message, null, false, false);
  }
}
