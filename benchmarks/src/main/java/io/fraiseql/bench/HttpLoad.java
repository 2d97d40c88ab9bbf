package io.fraiseql.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The helpers of {@code bench/http-load.sh}, one subcommand each:
 * <ul>
 *   <li>{@code body FILE.graphql [VARIABLES.json]} or {@code body --workload Q1v}: prints the
 *       GraphQL-over-HTTP body {@code {"query": ..., "variables": ...}};
 *   <li>{@code check ANSWER [--same ANSWER] [--like ANSWER]}: an answer with {@code data} and no
 *       {@code errors}; with {@code --same}, the same {@code data} (Q5/Q6 against their literal
 *       forms); with {@code --like}, the same shape and the same number of rows at every level as
 *       another server's answer (a peer's {@code {"nodes": [...]}} connections count as lists);
 *   <li>{@code report RESULTS.tsv OUT.md}: the table of one run, requests/s, p50 and p99 per query
 *       and server, with the best FraiseQL backend against the best peer.
 * </ul>
 */
public final class HttpLoad {
  /** The queries whose FraiseQL figure may come from table views ({@code tv_*}); the others read the views. */
  static final List<String> TABLE_VIEW_QUERIES = List.of("q2", "q3");

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpLoad() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      usage();
    }
    switch (args[0]) {
      case "body" -> System.out.print(body(args));
      case "check" -> {
        String failure = check(args);
        if (failure != null) {
          System.out.println(failure);
          System.exit(1);
        }
      }
      case "report" -> {
        if (args.length != 3) {
          usage();
        }
        String md = report(Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8));
        Files.writeString(Path.of(args[2]), md, StandardCharsets.UTF_8);
        System.out.print(md);
      }
      default -> usage();
    }
  }

  private static void usage() {
    System.err.println("usage: HttpLoad body FILE.graphql [VARIABLES.json] | body --workload Q1v"
        + " | check ANSWER [--same ANSWER] [--like ANSWER] | report RESULTS.tsv OUT.md");
    System.exit(2);
  }

  static String body(String[] args) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    if (args.length == 3 && args[1].equals("--workload")) {
      Workload w = Workload.valueOf(args[2].toUpperCase(Locale.ROOT));
      body.put("query", w.query(BenchData.benchDir()));
      Map<String, Object> variables = w.variables(null, 0);
      if (!variables.isEmpty()) {
        body.put("variables", variables);
      }
    } else if (args.length == 2 || args.length == 3) {
      body.put("query", BenchData.read(Path.of(args[1])));
      if (args.length == 3) {
        body.put("variables", JSON.readTree(Path.of(args[2]).toFile()));
      }
    } else {
      usage();
    }
    return JSON.writeValueAsString(body);
  }

  /**
   * Null when the answer passes every check asked for, else what is wrong; a {@code --like} check
   * that passes prints whether the data are also the same values in the same order.
   */
  static String check(String[] args) throws IOException {
    if (args.length < 2 || args.length % 2 != 0) {
      usage();
    }
    JsonNode answer = readAnswer(Path.of(args[1]));
    String failure = answerFailure(answer);
    if (failure != null) {
      return failure;
    }
    for (int i = 2; i < args.length; i += 2) {
      JsonNode other = readAnswer(Path.of(args[i + 1]));
      String problem = switch (args[i]) {
        case "--same" -> answer.get("data").equals(other.get("data")) ? null
            : "its data differs from " + args[i + 1];
        case "--like" -> {
          JsonNode expected = unwrapConnections(other.get("data"));
          JsonNode actual = unwrapConnections(answer.get("data"));
          String difference = shapeDifference("data", expected, actual);
          if (difference == null) {
            System.out.println(expected.equals(actual) ? "the same data as " + args[i + 1]
                : "the same fields and numbers of rows as " + args[i + 1] + " (other values or order)");
          }
          yield difference;
        }
        default -> {
          usage();
          yield null;
        }
      };
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static JsonNode readAnswer(Path file) throws IOException {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " is not JSON: " + e.getMessage(), e);
    }
  }

  /** Null for an answer with a non-null {@code data} object and no {@code errors}. */
  static String answerFailure(JsonNode answer) {
    if (answer == null || !answer.isObject()) {
      return "the answer is not a JSON object";
    }
    if (answer.has("errors")) {
      return "the answer has errors: " + abbreviate(answer.get("errors").toString());
    }
    JsonNode data = answer.get("data");
    if (data == null || !data.isObject() || data.isEmpty()) {
      return "the answer has no data: " + abbreviate(answer.toString());
    }
    return null;
  }

  /** Peers page their lists as {@code {"nodes": [...]}}: each such object becomes its list. */
  static JsonNode unwrapConnections(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.size() == 1 && o.get("nodes") instanceof ArrayNode nodes) {
        return unwrapConnections(nodes);
      }
      ObjectNode copy = JSON.createObjectNode();
      o.fields().forEachRemaining(e -> copy.set(e.getKey(), unwrapConnections(e.getValue())));
      return copy;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode copy = JSON.createArrayNode();
      a.forEach(e -> copy.add(unwrapConnections(e)));
      return copy;
    }
    return node;
  }

  /**
   * Null when {@code actual} has the fields of {@code expected} and lists of the same lengths at
   * every level (the values themselves may differ in format or, without an order, in rows).
   */
  static String shapeDifference(String path, JsonNode expected, JsonNode actual) {
    if (expected == null || expected.isNull() || actual == null || actual.isNull()) {
      boolean bothNull = (expected == null || expected.isNull()) && (actual == null || actual.isNull());
      return bothNull ? null : path + ": " + describe(expected) + " expected, " + describe(actual) + " found";
    }
    if (expected.isArray() != actual.isArray() || expected.isObject() != actual.isObject()) {
      return path + ": " + describe(expected) + " expected, " + describe(actual) + " found";
    }
    if (expected.isArray()) {
      if (expected.size() != actual.size()) {
        return path + ": " + expected.size() + " rows expected, " + actual.size() + " found";
      }
      for (int i = 0; i < expected.size(); i++) {
        String d = shapeDifference(path + "[" + i + "]", expected.get(i), actual.get(i));
        if (d != null) {
          return d;
        }
      }
    } else if (expected.isObject()) {
      for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!actual.has(name)) {
          return path + "." + name + ": missing";
        }
        String d = shapeDifference(path + "." + name, expected.get(name), actual.get(name));
        if (d != null) {
          return d;
        }
      }
      if (actual.size() != expected.size()) {
        return path + ": fields " + fieldNames(actual) + " found, " + fieldNames(expected) + " expected";
      }
    }
    return null;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    return node.isArray() ? "a list" : node.isObject() ? "an object" : "a value";
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  /** One measured cell: a server (fraiseql-jdbc, postgraphile...) on a query. */
  record Cell(String server, boolean peer, String query, String label, double rps, String p50, String p99, String errors) {}

  /**
   * The Markdown table of a run. Each line of {@code tsv}: server, kind ({@code fraiseql} or
   * {@code peer}), query, label, requests/s, p50, p99, errors (wrk's own notation, {@code -} when
   * not measured).
   */
  static String report(List<String> tsv) {
    List<Cell> cells = new ArrayList<>();
    List<String> servers = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (String line : tsv) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 8) {
        throw new IllegalArgumentException("a result line needs 8 tab-separated fields: " + line);
      }
      double rps = f[4].equals("-") ? Double.NaN : Double.parseDouble(f[4]);
      cells.add(new Cell(f[0], f[1].equals("peer"), f[2], f[3], rps, f[5], f[6], f[7]));
      if (!servers.contains(f[0])) {
        servers.add(f[0]);
      }
      labels.putIfAbsent(f[2], f[3]);
    }
    StringBuilder md = new StringBuilder("| query |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String s : servers) {
      md.append(' ').append(s).append(" requests/s | p50 | p99 |");
      rule.append("---:|---:|---:|");
    }
    md.append(" best FraiseQL / best peer | p99 no worse |\n").append(rule).append("---:|:---:|\n");
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, String> q : labels.entrySet()) {
      md.append("| ").append(q.getValue()).append(" |");
      Cell bestOurs = null;
      Cell bestPeer = null;
      double lowestPeerP99 = Double.POSITIVE_INFINITY;
      for (String s : servers) {
        Cell c = cells.stream().filter(x -> x.server().equals(s) && x.query().equals(q.getKey())).findFirst().orElse(null);
        if (c == null || Double.isNaN(c.rps())) {
          md.append(" - | - | - |");
          if (c != null && !c.errors().isBlank() && !c.errors().equals("-")) {
            notes.add(s + " " + q.getKey() + ": " + c.errors());
          }
          continue;
        }
        md.append(' ').append(String.format(Locale.ROOT, "%,.0f", c.rps())).append(" | ").append(c.p50())
            .append(" | ").append(c.p99()).append(" |");
        if (!c.errors().isBlank() && !c.errors().equals("0") && !c.errors().equals("-")) {
          notes.add(s + " " + q.getKey() + ": " + c.errors());
        }
        if (c.peer()) {
          bestPeer = bestPeer == null || c.rps() > bestPeer.rps() ? c : bestPeer;
          lowestPeerP99 = Math.min(lowestPeerP99, millis(c.p99()));
        } else if (!c.server().endsWith("-tv") || TABLE_VIEW_QUERIES.contains(q.getKey())) {
          bestOurs = bestOurs == null || c.rps() > bestOurs.rps() ? c : bestOurs;
        }
      }
      if (bestOurs == null || bestPeer == null) {
        md.append(" - | - |\n");
      } else {
        md.append(String.format(Locale.ROOT, " %.2f (%s / %s) | %s |%n", bestOurs.rps() / bestPeer.rps(),
            bestOurs.server(), bestPeer.server(), millis(bestOurs.p99()) <= lowestPeerP99 ? "yes" : "no"));
      }
    }
    md.append("\nThe ratio divides the requests/s of the fastest FraiseQL server by the fastest peer's (on table"
        + " views only for " + String.join(" and ", TABLE_VIEW_QUERIES) + ", on the views for the other queries);"
        + " \"p99 no worse\" compares that server's p99 with the lowest p99 of the peers.\n");
    for (String n : notes) {
      md.append("\n- ").append(n);
    }
    if (!notes.isEmpty()) {
      md.append('\n');
    }
    return md.toString();
  }

  /** wrk's latency notation (850.00us, 2.75ms, 1.02s, 1.50m) in milliseconds. */
  static double millis(String wrk) {
    String s = wrk.trim();
    int unit = 0;
    while (unit < s.length() && (Character.isDigit(s.charAt(unit)) || s.charAt(unit) == '.')) {
      unit++;
    }
    if (unit == 0) {
      throw new IllegalArgumentException("not a wrk latency: " + wrk);
    }
    double value = Double.parseDouble(s.substring(0, unit));
    return switch (s.substring(unit)) {
      case "us" -> value / 1000;
      case "ms" -> value;
      case "s" -> value * 1000;
      case "m" -> value * 60_000;
      case "h" -> value * 3_600_000;
      default -> throw new IllegalArgumentException("not a wrk latency: " + wrk);
    };
  }
}
