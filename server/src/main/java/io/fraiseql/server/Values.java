package io.fraiseql.server;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the command line's typed values; each failure names what was expected. */
final class Values {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(b|k|kb|kib|m|mb|mib)?");

  private Values() {}

  /** {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a duration like 500ms, 5s, 1m or 2h, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** A {@link #duration} above zero. */
  static Duration positiveDuration(String text) {
    Duration d = duration(text);
    if (d.isZero()) {
      throw new IllegalArgumentException("expected a duration above zero, got '" + text + "'");
    }
    return d;
  }

  /** Bytes: {@code 1048576}, {@code 512k} / {@code 512KiB}, {@code 1m} / {@code 1MiB} (binary units). */
  static long size(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a size in bytes like 1048576, 512k or 1m, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long bytes = unit.startsWith("k") ? n * 1024 : unit.startsWith("m") ? n * 1024 * 1024 : n;
    if (bytes < 1) {
      throw new IllegalArgumentException("expected a positive size, got '" + text + "'");
    }
    return bytes;
  }

  /** An integer in {@code [min, max]}. */
  static int integer(String text, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer, got '" + text + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("expected an integer from " + min + " to " + max + ", got " + n);
    }
    return n;
  }

  /** {@code true}/{@code false}, also {@code yes}/{@code no} and {@code 1}/{@code 0}. */
  static boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
    };
  }

  /** A duration for humans: {@code 500ms}, {@code 30s}, {@code 2m}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
