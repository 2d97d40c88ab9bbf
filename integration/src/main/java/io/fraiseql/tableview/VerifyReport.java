package io.fraiseql.tableview;

import java.util.List;

/**
 * What {@code --verify} found for one table view: rows of the view missing from the table, rows
 * of the table the view no longer has, rows whose columns differ (compared as text, as a client
 * would read them, under {@code TimeZone=UTC}), up to {@code sample} ids of them, and whether the
 * triggers are installed.
 */
public record VerifyReport(
    String view, String table, long missing, long extra, long different, List<Drift> sample, List<String> problems) {
  public VerifyReport {
    sample = List.copyOf(sample);
    problems = List.copyOf(problems);
  }

  /** One differing row: {@code kind} is {@code missing}, {@code extra} or {@code different}. */
  public record Drift(String kind, String id) {}

  /** True when the table equals the view and its triggers are in place. */
  public boolean inSync() {
    return missing == 0 && extra == 0 && different == 0 && problems.isEmpty();
  }

  /** A few lines for people. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append(table).append(" vs ").append(view).append(": ");
    if (inSync()) {
      return sb.append("in sync").toString();
    }
    sb.append(missing).append(" missing, ").append(extra).append(" extra, ").append(different).append(" different");
    for (String p : problems) {
      sb.append("\n  ").append(p);
    }
    for (Drift d : sample) {
      sb.append("\n  ").append(d.kind()).append(" id=").append(d.id());
    }
    long shown = sample.size();
    long total = missing + extra + different;
    if (total > shown) {
      sb.append("\n  ... and ").append(total - shown).append(" more");
    }
    return sb.toString();
  }
}
