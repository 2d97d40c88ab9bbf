package io.fraiseql.planner.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Checks of the text a request carries. A lone UTF-16 surrogate (from a {@code \ud800} escape in
 * the JSON body) cannot be written as UTF-8, neither in the response nor to PostgreSQL; a NUL
 * character cannot be stored in a PostgreSQL string. Both are the client's error, found before
 * anything runs. The descriptions never quote the offending text.
 */
public final class InputText {
  private InputText() {}

  /** The index of the first lone surrogate in {@code s}, or -1. */
  public static int loneSurrogate(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Where a lone surrogate sits in a JSON-like value (maps, lists, strings; map keys included):
   * {@code "variables.where.title"}, or null when there is none.
   */
  public static String loneSurrogateIn(Object value, String path) {
    return find(value, path, false);
  }

  /**
   * Where a string holds a NUL character or a lone surrogate in an argument value (maps, lists,
   * strings, other scalars; map keys included), or null when none does.
   */
  public static String unstorableIn(Object value, String path) {
    return find(value, path, true);
  }

  /** Walks the value; the path is built only when something is found. */
  private static String find(Object root, String rootPath, boolean nul) {
    if (!(root instanceof Map<?, ?> || root instanceof List<?>)) { // a scalar, checked for every value of a template
      return root instanceof CharSequence s && unwritable(s, nul) ? rootPath : null;
    }
    if (!bad(root, nul, null)) { // the common case: a clean value, walked without recording a trail
      return null;
    }
    Deque<Object> trail = new ArrayDeque<>(); // the keys and indexes leading to the value found
    bad(root, nul, trail);
    return describe(rootPath, trail);
  }

  /** Whether the value holds bad text; with a trail, records where (keys and indexes, outermost first). */
  private static boolean bad(Object value, boolean nul, Deque<Object> trail) {
    if (value instanceof CharSequence s) {
      return unwritable(s, nul);
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object key = e.getKey();
        if (unwritable(key instanceof CharSequence k ? k : String.valueOf(key), nul)) {
          record(trail, KEY);
          return true;
        }
        if (bad(e.getValue(), nul, trail)) {
          record(trail, String.valueOf(key));
          return true;
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (bad(list.get(i), nul, trail)) {
          record(trail, i);
          return true;
        }
      }
    }
    return false;
  }

  private static void record(Deque<Object> trail, Object step) {
    if (trail != null) {
      trail.addFirst(step);
    }
  }

  private static boolean unwritable(CharSequence s, boolean nul) {
    return loneSurrogate(s) >= 0 || (nul && hasNul(s));
  }

  private static boolean hasNul(CharSequence s) {
    if (s instanceof String text) {
      return text.indexOf('\0') >= 0;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\0') {
        return true;
      }
    }
    return false;
  }

  /** Marks, at the end of a trail, that a map key (not its value) is the culprit. */
  private static final Object KEY = new Object();

  private static String describe(String root, Deque<Object> trail) {
    StringBuilder sb = new StringBuilder(root);
    for (Object step : trail) {
      if (step == KEY) {
        sb.append(" (a key)");
      } else if (step instanceof Integer i) {
        sb.append('[').append(i).append(']');
      } else {
        sb.append('.').append(step);
      }
    }
    return sb.toString();
  }
}
