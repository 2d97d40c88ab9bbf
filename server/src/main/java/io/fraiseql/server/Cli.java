package io.fraiseql.server;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The command line: {@code serve}, {@code demo}, {@code sql} and {@code --help}. Every option also
 * comes from its {@code FRAISEQL_*} environment variable; a flag wins over the variable, the
 * variable over the default. Bad values fail with a message naming the flag or variable.
 */
final class Cli {
  /** What the command line asks for. */
  sealed interface Command {}

  record Help() implements Command {}

  record Sql() implements Command {}

  record Serve(ServerConfig config) implements Command {}

  /** {@code init}: an SDL for the existing views, written to {@code out} (null: standard output). */
  record Init(DatabaseUrl databaseUrl, List<String> viewPatterns, Path out, int sample) implements Command {}

  /** The demo; {@code config.databaseUrl()} is null when the embedded PostgreSQL is to be used. */
  record DemoRun(ServerConfig config, boolean loadExample) implements Command {}

  /** A usage error: the message is for the user, the exit status is 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  private static final int SERVE = 1;
  private static final int DEMO = 2;
  private static final int BOTH = SERVE | DEMO;
  private static final int INIT = 4;

  /** The options, in the order --help lists them. */
  enum Option {
    SCHEMA("--schema", "FILE", "FRAISEQL_SCHEMA", SERVE, "required",
        "The GraphQL SDL file (types with @sqlSource)."),
    DATABASE_URL("--database-url", "URL", "FRAISEQL_DATABASE_URL", BOTH | INIT,
        "required for serve and init; demo: embedded",
        "postgresql://user:pass@host:port/db. The password is never logged. The demo starts an"
            + " embedded PostgreSQL 17 when no URL is given."),
    LOAD_EXAMPLE("--load-example", null, "FRAISEQL_LOAD_EXAMPLE", DEMO, "false",
        "demo with a database URL: create the example blog (tables, views, rows) and the"
            + " mutation_response SQL in that database first. Always done on the embedded one."),
    HOST("--host", "HOST", "FRAISEQL_HOST", BOTH, "serve: 0.0.0.0, demo: 127.0.0.1",
        "The address to listen on."),
    PORT("--port", "N", "FRAISEQL_PORT", BOTH, "8080", "The HTTP port (0 picks a free one)."),
    BACKEND("--backend", "ID", "FRAISEQL_DB_BACKEND", BOTH, "jdbc",
        "The database backend: jdbc, vertx or r2dbc (all three are in this jar). Without it the"
            + " server uses jdbc and logs that choice."),
    POOL_SIZE("--pool-size", "N", "FRAISEQL_POOL_SIZE", BOTH,
        "2 x cores (" + ServerConfig.defaultPoolSize() + " here)",
        "Database connections; also the number of threads that run requests."),
    STATEMENT_TIMEOUT("--statement-timeout", "D", "FRAISEQL_STATEMENT_TIMEOUT", BOTH, "30s",
        "Per statement: 500ms, 5s, 1m. A query over it fails with TIMEOUT."),
    POOL_TIMEOUT("--pool-timeout", "D", "FRAISEQL_POOL_TIMEOUT", BOTH, "5s",
        "How long a request waits for a free connection before CONNECTION_ERROR."),
    SESSION_VARIABLE("--session-variable", "NAME=header:H", "FRAISEQL_SESSION_VARIABLES", BOTH, "none",
        "Sets the PostgreSQL setting NAME (app.tenant_id) from request header H in every"
            + " transaction, e.g. app.tenant_id=header:X-Tenant-Id. Repeatable; the variable is"
            + " comma-separated. A missing header leaves the setting unset."),
    MAX_BODY_SIZE("--max-body-size", "BYTES", "FRAISEQL_MAX_BODY_SIZE", BOTH, "1m (1 MiB)",
        "Largest POST body (1048576, 512k, 1m); larger is 413."),
    MAX_QUERY_LENGTH("--max-query-length", "N", "FRAISEQL_MAX_QUERY_LENGTH", BOTH,
        String.valueOf(Limits.DEFAULTS.maxQueryLength()), "Characters in the query text."),
    MAX_DEPTH("--max-depth", "N", "FRAISEQL_MAX_DEPTH", BOTH, String.valueOf(Limits.DEFAULTS.maxDepth()),
        "Selection depth (root fields are depth 1)."),
    MAX_ROOT_FIELDS("--max-root-fields", "N", "FRAISEQL_MAX_ROOT_FIELDS", BOTH,
        String.valueOf(Limits.DEFAULTS.maxRootFields()), "Root fields in one operation."),
    MAX_FIELDS("--max-fields", "N", "FRAISEQL_MAX_FIELDS", BOTH, String.valueOf(Limits.DEFAULTS.maxFields()),
        "Fields in one operation, fragments expanded."),
    MAX_QUEUED_REQUESTS("--max-queued-requests", "N", "FRAISEQL_MAX_QUEUED_REQUESTS", BOTH,
        String.valueOf(ServerConfig.DEFAULT_MAX_QUEUED_REQUESTS),
        "GraphQL requests waiting for a free thread; beyond it the answer is 503."),
    SHUTDOWN_TIMEOUT("--shutdown-timeout", "D", "FRAISEQL_SHUTDOWN_TIMEOUT", BOTH, "10s",
        "On SIGTERM, how long in-flight requests may take to finish."),
    VIEWS("--views", "PATTERNS", "FRAISEQL_INIT_VIEWS", INIT, "v_%,tv_%",
        "init: the relations to describe, as comma-separated SQL LIKE patterns (v_% matches v_user;"
            + " _ matches any one character). Each needs an id column and a jsonb column."),
    OUT("--out", "FILE", "FRAISEQL_INIT_OUT", INIT, "standard output",
        "init: where to write the SDL (an existing file is replaced)."),
    SAMPLE("--sample", "N", "FRAISEQL_INIT_SAMPLE", INIT, String.valueOf(SchemaInit.DEFAULT_SAMPLE),
        "init: rows read per view to infer the fields' types.");

    final String flag;
    final String metavar;
    final String env;
    final int commands;
    final String defaultText;
    final String help;

    Option(String flag, String metavar, String env, int commands, String defaultText, String help) {
      this.flag = flag;
      this.metavar = metavar;
      this.env = env;
      this.commands = commands;
      this.defaultText = defaultText;
      this.help = help;
    }

    boolean takesValue() {
      return metavar != null;
    }
  }

  private Cli() {}

  /** Parses the arguments; the environment fills the options the flags leave out. */
  static Command parse(List<String> args, Map<String, String> env) {
    if (args.isEmpty()) {
      throw new UsageException("No command given. Try: serve, demo, init, sql or --help.");
    }
    if (args.contains("--help") || args.contains("-h")) {
      return new Help();
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    switch (command) {
      case "help":
        return new Help();
      case "sql":
        if (!rest.isEmpty()) {
          throw new UsageException("sql takes no options, got " + rest.get(0));
        }
        return new Sql();
      case "serve":
        return serve(options(command, SERVE, rest), env);
      case "demo":
        return demo(options(command, DEMO, rest), env);
      case "init":
        return init(options(command, INIT, rest), env);
      default:
        throw new UsageException("Unknown command '" + command + "'. Commands: serve, demo, init, sql, help.");
    }
  }

  /** The flags given, by option; session variables may repeat. */
  private static Map<Option, List<String>> options(String command, int mask, List<String> args) {
    Map<Option, List<String>> out = new EnumMap<>(Option.class);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      Option option = null;
      for (Option o : Option.values()) {
        if (o.flag.equals(name) && (o.commands & mask) != 0) {
          option = o;
        }
      }
      if (option == null) {
        throw new UsageException("Unknown option '" + arg + "' for " + command + "; see --help.");
      }
      if (!option.takesValue()) {
        if (value != null) {
          throw new UsageException(option.flag + " takes no value");
        }
        value = "true";
      } else if (value == null) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException(option.flag + " needs a value (" + option.metavar + ")");
        }
        value = args.get(++i);
      }
      List<String> values = out.computeIfAbsent(option, o -> new ArrayList<>());
      if (!values.isEmpty() && option != Option.SESSION_VARIABLE) {
        throw new UsageException(option.flag + " is given twice");
      }
      values.add(value);
    }
    return out;
  }

  /** Resolves one option: flag, then environment, then null. */
  private static final class Resolver {
    private final Map<Option, List<String>> flags;
    private final Map<String, String> env;

    Resolver(Map<Option, List<String>> flags, Map<String, String> env) {
      this.flags = flags;
      this.env = env;
    }

    String raw(Option o) {
      List<String> given = flags.get(o);
      if (given != null) {
        return given.get(0);
      }
      String fromEnv = env.get(o.env);
      return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
    }

    <T> T get(Option o, Function<String, T> parser, T fallback) {
      String raw = raw(o);
      if (raw == null) {
        return fallback;
      }
      try {
        return parser.apply(raw);
      } catch (IllegalArgumentException e) {
        String source = flags.containsKey(o) ? o.flag : o.env;
        throw new UsageException(source + ": " + e.getMessage());
      }
    }

    List<String> sessionVariables() {
      List<String> given = flags.get(Option.SESSION_VARIABLE);
      List<String> specs = new ArrayList<>();
      if (given != null) {
        specs.addAll(given);
      } else {
        String fromEnv = raw(Option.SESSION_VARIABLE);
        if (fromEnv != null) {
          for (String s : fromEnv.split(",")) {
            if (!s.isBlank()) {
              specs.add(s.trim());
            }
          }
        }
      }
      for (String spec : specs) {
        try {
          io.fraiseql.SessionVariable.parse(spec);
        } catch (IllegalArgumentException e) {
          String source = given != null ? Option.SESSION_VARIABLE.flag : Option.SESSION_VARIABLE.env;
          throw new UsageException(source + ": " + e.getMessage());
        }
      }
      return specs;
    }
  }

  private static Serve serve(Map<Option, List<String>> flags, Map<String, String> env) {
    Resolver r = new Resolver(flags, env);
    String schemaFile = r.raw(Option.SCHEMA);
    if (schemaFile == null) {
      throw new UsageException("serve needs --schema FILE (or FRAISEQL_SCHEMA)");
    }
    DatabaseUrl url = r.get(Option.DATABASE_URL, DatabaseUrl::parse, null);
    if (url == null) {
      throw new UsageException("serve needs --database-url URL (or FRAISEQL_DATABASE_URL)");
    }
    String sdl;
    try {
      sdl = Files.readString(Path.of(schemaFile), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new UsageException("Cannot read the schema file " + schemaFile + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
    return new Serve(config(r, sdl, schemaFile, url, "0.0.0.0"));
  }

  private static DemoRun demo(Map<Option, List<String>> flags, Map<String, String> env) {
    Resolver r = new Resolver(flags, env);
    DatabaseUrl url = r.get(Option.DATABASE_URL, DatabaseUrl::parse, null);
    boolean load = r.get(Option.LOAD_EXAMPLE, Values::bool, false);
    ServerConfig config = config(r, Demo.schema(), Demo.SCHEMA_RESOURCE, url, "127.0.0.1");
    return new DemoRun(config, load || url == null);
  }

  private static Init init(Map<Option, List<String>> flags, Map<String, String> env) {
    Resolver r = new Resolver(flags, env);
    DatabaseUrl url = r.get(Option.DATABASE_URL, DatabaseUrl::parse, null);
    if (url == null) {
      throw new UsageException("init needs --database-url URL (or FRAISEQL_DATABASE_URL)");
    }
    List<String> patterns = r.get(Option.VIEWS, Cli::patterns, null);
    Path out = r.get(Option.OUT, Path::of, null);
    int sample = r.get(Option.SAMPLE, s -> Values.integer(s, 1, 1_000_000), SchemaInit.DEFAULT_SAMPLE);
    return new Init(url, patterns == null ? SchemaInit.DEFAULT_PATTERNS : patterns, out, sample);
  }

  private static List<String> patterns(String text) {
    List<String> out = new ArrayList<>();
    for (String p : text.split(",")) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no pattern given, e.g. v_%");
    }
    return out;
  }

  private static ServerConfig config(Resolver r, String sdl, String source, DatabaseUrl url, String defaultHost) {
    String backend = r.get(Option.BACKEND, s -> s.toLowerCase(Locale.ROOT), null);
    int poolSize = r.get(Option.POOL_SIZE, s -> Values.integer(s, 1, 10_000), ServerConfig.defaultPoolSize());
    Limits limits = new Limits(
        r.get(Option.MAX_QUERY_LENGTH, s -> Values.integer(s, 1, Integer.MAX_VALUE), Limits.DEFAULTS.maxQueryLength()),
        r.get(Option.MAX_DEPTH, s -> Values.integer(s, 1, 10_000), Limits.DEFAULTS.maxDepth()),
        r.get(Option.MAX_ROOT_FIELDS, s -> Values.integer(s, 1, 10_000), Limits.DEFAULTS.maxRootFields()),
        r.get(Option.MAX_FIELDS, s -> Values.integer(s, 1, 1_000_000), Limits.DEFAULTS.maxFields()));
    return new ServerConfig(
        sdl,
        source,
        url,
        r.get(Option.HOST, s -> s, defaultHost),
        r.get(Option.PORT, s -> Values.integer(s, 0, 65_535), ServerConfig.DEFAULT_PORT),
        backend == null ? ServerConfig.DEFAULT_BACKEND : backend,
        backend == null,
        poolSize,
        r.get(Option.STATEMENT_TIMEOUT, Values::duration, ServerConfig.DEFAULT_STATEMENT_TIMEOUT),
        r.get(Option.POOL_TIMEOUT, Values::duration, ServerConfig.DEFAULT_POOL_TIMEOUT),
        r.sessionVariables(),
        r.get(Option.MAX_BODY_SIZE, Values::size, ServerConfig.DEFAULT_MAX_BODY_BYTES),
        limits,
        r.get(Option.MAX_QUEUED_REQUESTS, s -> Values.integer(s, 1, 1_000_000), ServerConfig.DEFAULT_MAX_QUEUED_REQUESTS),
        r.get(Option.SHUTDOWN_TIMEOUT, Values::duration, ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT),
        ServerConfig.DEFAULT_WRITE_TIMEOUT);
  }

  /** The --help text: commands, then every option with its variable and default. */
  static String help() {
    StringBuilder sb = new StringBuilder();
    sb.append("FraiseQL server: GraphQL over HTTP from PostgreSQL JSONB views.\n\n")
        .append("Usage: java -jar fraiseql-server.jar <command> [options]\n\n")
        .append("Commands:\n")
        .append("  serve   Serve GraphQL at /graphql for --schema over --database-url.\n")
        .append("  demo    Start an embedded PostgreSQL 17, load the example blog and serve it.\n")
        .append("  init    Write an SDL for the views that exist in --database-url (one type per view).\n")
        .append("  sql     Print the SQL FraiseQL ships (the mutation_response type and helpers).\n")
        .append("  help    Print this text (also --help or -h after any command).\n\n")
        .append("Options (flag, environment variable, default). A flag wins over its variable;\n")
        .append("--flag=value also works.\n\n");
    for (Option o : Option.values()) {
      String flag = o.takesValue() ? o.flag + " " + o.metavar : o.flag;
      List<String> commands = new ArrayList<>();
      for (String c : new String[] {"serve", "demo", "init"}) {
        if ((o.commands & (c.equals("serve") ? SERVE : c.equals("demo") ? DEMO : INIT)) != 0) {
          commands.add(c);
        }
      }
      String where = String.join(", ", commands);
      sb.append("  ").append(flag).append('\n')
          .append("      env ").append(o.env).append("; default: ").append(o.defaultText)
          .append("; ").append(where).append('\n');
      wrap(sb, o.help, "      ");
    }
    sb.append("\nHTTP: POST /graphql (application/json), GET /graphql?query=... (queries only),\n")
        .append("GET /health (200 while up), GET /ready (200 when the database answers, else 503).\n")
        .append("SIGTERM stops accepting, lets in-flight requests finish (--shutdown-timeout) and\n")
        .append("closes the pool. Request lines are logged at debug level:\n")
        .append("  java -Dorg.slf4j.simpleLogger.log.io.fraiseql.server=debug -jar fraiseql-server.jar ...\n")
        .append("\nExit status: 0 success, 1 startup failure, 2 usage error.\n");
    return sb.toString();
  }

  private static void wrap(StringBuilder sb, String text, String indent) {
    int width = 92;
    int col = 0;
    sb.append(indent);
    col = indent.length();
    for (String word : text.split(" ")) {
      if (col + word.length() + 1 > width && col > indent.length()) {
        sb.append('\n').append(indent);
        col = indent.length();
      } else if (col > indent.length()) {
        sb.append(' ');
        col++;
      }
      sb.append(word);
      col += word.length();
    }
    sb.append('\n');
  }
}
