package io.fraiseql.internal;

import java.util.Locale;

/**
 * The status taxonomy of {@code mutation_response}: which statuses are a success (the function's
 * writes are committed) and which error code each error status carries (its writes are rolled
 * back). Prefixes are case-insensitive; anything else is not a valid response.
 */
public final class MutationStatus {
  /** Code 0 marks a success. */
  public static final int SUCCESS = 0;
  /** Code -1 marks a status the engine does not know. */
  public static final int UNKNOWN = -1;

  private MutationStatus() {}

  /** 0 for a success, the error's code (422, 404, ...), or -1 for an unknown status. */
  public static int code(String status) {
    if (status == null) {
      return UNKNOWN;
    }
    String s = status.toLowerCase(Locale.ROOT);
    for (String ok : new String[] {"success", "created", "updated", "deleted"}) {
      if (s.startsWith(ok)) {
        return SUCCESS;
      }
    }
    if (s.startsWith("noop:") || s.startsWith("validation:") || s.startsWith("failed:validation")) {
      return 422;
    }
    if (s.startsWith("not_found:") || s.startsWith("failed:not_found")) {
      return 404;
    }
    if (s.startsWith("conflict:") || s.startsWith("failed:conflict")) {
      return 409;
    }
    if (s.startsWith("unauthorized:")) {
      return 401;
    }
    if (s.startsWith("forbidden:")) {
      return 403;
    }
    if (s.startsWith("timeout:")) {
      return 408;
    }
    if (s.startsWith("failed:")) {
      return 500;
    }
    return UNKNOWN;
  }

  /** The status text after its first {@code :} (the error's identifier), or the whole status. */
  public static String identifier(String status) {
    int colon = status.indexOf(':');
    return colon < 0 ? status : status.substring(colon + 1);
  }
}
