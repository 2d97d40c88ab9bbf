package io.fraiseql.server;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.Limits;
import io.fraiseql.planner.PlannerOptions;
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
 * The command line: {@code serve}, {@code demo}, {@code init}, {@code sql}, {@code schema},
 * {@code table-view}, {@code --help} and {@code --version}. Every option also
 * comes from its {@code FRAISEQL_*} environment variable; a flag wins over the variable, the
 * variable over the default. Bad values fail with a message naming the flag or variable.
 */
final class Cli {
  /** What the command line asks for. */
  sealed interface Command {}

  record Help() implements Command {}

  record Version() implements Command {}

  record Sql() implements Command {}

  /** {@code schema}: print the SDL of {@code sdl} with everything the engine generates. */
  record PrintSchema(String sdl) implements Command {}

  record Serve(ServerConfig config) implements Command {}

  /** {@code init}: an SDL for the existing views, written to {@code out} (null: standard output). */
  record Init(DatabaseUrl databaseUrl, List<String> viewPatterns, Path out, int sample) implements Command {}

  /** The demo; {@code config.databaseUrl()} is null when the embedded PostgreSQL is to be used. */
  record DemoRun(ServerConfig config, boolean loadExample) implements Command {}

  /** {@code table-view}: print, apply or verify table views (see {@link TableViewCommand}). */
  record TableViewRun(DatabaseUrl databaseUrl, List<io.fraiseql.tableview.TableViewTarget> views,
      List<io.fraiseql.tableview.Dependency> depends, boolean apply, boolean verify) implements Command {}

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
  private static final int TABLE_VIEW = 8;

  /** The options, in the order --help lists them. */
  enum Option {
    SCHEMA("--schema", "FILE", "FRAISEQL_SCHEMA", SERVE, "required",
        "The GraphQL SDL file (types with @sqlSource)."),
    DATABASE_URL("--database-url", "URL", "FRAISEQL_DATABASE_URL", BOTH | INIT | TABLE_VIEW,
        "required for serve, init and table-view; demo: embedded",
        "postgresql://user:pass@host:port/db. The password is never logged. The demo starts an"
            + " embedded PostgreSQL 17 when no URL is given."),
    READ_DATABASE_URL("--read-database-url", "URL", "FRAISEQL_READ_DATABASE_URL", BOTH, "none: queries use --database-url",
        "A read replica (postgresql://...): queries run there, mutations and their re-reads on --database-url."
            + " A read right after a mutation may not see it yet (replication lag). /ready checks both."),
    READ_FALLBACK_TO_PRIMARY("--read-fallback-to-primary", null, "FRAISEQL_READ_FALLBACK_TO_PRIMARY", BOTH, "false",
        "When the read replica cannot be reached, run the read on --database-url instead (logged) rather than"
            + " failing it with CONNECTION_ERROR. Only connection failures fall back, never query errors."),
    PGBOUNCER("--pgbouncer", null, "FRAISEQL_PGBOUNCER", BOTH, "false",
        "The databases are reached through PgBouncer with pool_mode = transaction (or another pooler that"
            + " hands out server connections per transaction): nothing is kept in the session, the statement"
            + " timeout and time zone are set in every transaction, no server-side prepared statement is reused."),
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
    MAX_PATTERN_OPERATORS("--max-pattern-operators", "N", "FRAISEQL_MAX_PATTERN_OPERATORS", BOTH,
        String.valueOf(Limits.DEFAULT_MAX_PATTERN_OPERATORS),
        "Pattern operators (like, ilike, matches, imatches, notMatches) in one request, counted over every"
            + " root field, AND/OR/NOT, some/every/none and variables. 0 refuses them all."),
    MAX_PATTERN_LENGTH("--max-pattern-length", "N", "FRAISEQL_MAX_PATTERN_LENGTH", BOTH,
        String.valueOf(Limits.DEFAULT_MAX_PATTERN_LENGTH), "Characters in one pattern of those operators."),
    INTROSPECTION("--introspection", "BOOL", "FRAISEQL_INTROSPECTION", BOTH, "true",
        "false refuses __schema and __type with GRAPHQL_VALIDATION_FAILED (__typename keeps working)."),
    CURSOR_SECRET("--cursor-secret", "S", "FRAISEQL_CURSOR_SECRET", BOTH,
        "serve: random per process; demo: fixed",
        "Signs Relay cursors (at least 16 bytes); give every replica the same one. Without it serve signs"
            + " with a random key, so cursors stop working after a restart and on other replicas (logged as a"
            + " warning); the demo uses a key derived from its schema. Never logged."),
    CURSOR_SECRET_FILE("--cursor-secret-file", "FILE", "FRAISEQL_CURSOR_SECRET_FILE", BOTH, "none",
        "Reads the cursor secret from FILE (a trailing line break is dropped); instead of --cursor-secret."),
    DOCUMENT_CACHE_SIZE("--document-cache-size", "N", "FRAISEQL_DOCUMENT_CACHE_SIZE", BOTH,
        String.valueOf(PlannerOptions.DEFAULT_DOCUMENT_CACHE_SIZE),
        "Parsed and validated documents kept by query text (0: none)."),
    DOCUMENT_CACHE_BYTES("--document-cache-bytes", "BYTES", "FRAISEQL_DOCUMENT_CACHE_BYTES", BOTH, "64m",
        "The estimated heap those documents and their plans may take (65536, 512k, 64m); a heavier"
            + " document is planned but not kept."),
    MAX_QUEUED_REQUESTS("--max-queued-requests", "N", "FRAISEQL_MAX_QUEUED_REQUESTS", BOTH,
        String.valueOf(ServerConfig.DEFAULT_MAX_QUEUED_REQUESTS),
        "GraphQL requests waiting (for a thread, a stream slot or a connection) beyond the pool size;"
            + " beyond it the answer is 503."),
    SHUTDOWN_TIMEOUT("--shutdown-timeout", "D", "FRAISEQL_SHUTDOWN_TIMEOUT", BOTH, "10s",
        "On SIGTERM, how long in-flight requests may take to finish."),
    IDLE_TIMEOUT("--idle-timeout", "D", "FRAISEQL_IDLE_TIMEOUT", BOTH, "60s",
        "A connection with no request in progress is closed after this long without one. Behind a load"
            + " balancer, set it above the balancer's own idle timeout."),
    REQUEST_READ_TIMEOUT("--request-read-timeout", "D", "FRAISEQL_REQUEST_READ_TIMEOUT", BOTH, "30s",
        "A request's head and body must arrive within this, from its first byte; else the answer is"
            + " 408 and the connection is closed."),
    MAX_CONNECTIONS("--max-connections", "N", "FRAISEQL_MAX_CONNECTIONS", BOTH,
        ClientLimits.MAX_CONNECTIONS_CAP + ", or half the open-file limit when lower ("
            + ClientLimits.defaultMaxConnections() + " here)",
        "Open client connections; beyond it new connections are closed at once while open ones keep working."),
    WRITE_TIMEOUT("--write-timeout", "D", "FRAISEQL_WRITE_TIMEOUT", BOTH, "60s",
        "A client that reads nothing of its answer for this long is disconnected."),
    MAX_STREAMS("--max-streams", "N", "FRAISEQL_MAX_STREAMS", BOTH, "half the pool size",
        "Requests that may stream a large answer (a field of more than 256 rows) at once; each holds a"
            + " connection while its client reads. Others wait their turn without holding one. At most"
            + " the pool size."),
    JWT_SECRET("--jwt-secret", "S", "FRAISEQL_JWT_SECRET", BOTH, "none",
        "Verify Authorization: Bearer tokens signed with this HMAC secret (HS256, HS384, HS512; at least"
            + " 32 bytes, 48 for HS384, 64 for HS512). A bad, forged or expired token is 401 UNAUTHENTICATED."),
    JWT_SECRET_FILE("--jwt-secret-file", "FILE", "FRAISEQL_JWT_SECRET_FILE", BOTH, "none",
        "The same secret read from a file (one trailing line break is ignored), so it stays out of the"
            + " process list."),
    JWT_PUBLIC_KEY("--jwt-public-key", "FILE", "FRAISEQL_JWT_PUBLIC_KEY", BOTH, "none",
        "Verify tokens signed with the private key of this PEM public key (BEGIN PUBLIC KEY) or"
            + " certificate: RSA (RS256/384/512, PS256/384/512) or EC (ES256/384/512)."),
    JWT_ISSUER("--jwt-issuer", "ISS", "FRAISEQL_JWT_ISSUER", BOTH, "any",
        "A token's iss claim must be exactly this."),
    JWT_AUDIENCE("--jwt-audience", "AUD", "FRAISEQL_JWT_AUDIENCE", BOTH, "any",
        "A token's aud claim must contain this."),
    JWT_REQUIRED("--jwt-required", null, "FRAISEQL_JWT_REQUIRED", BOTH, "false",
        "A request without a token is 401 too (otherwise it runs without claims, under the default role)."),
    JWT_ROLE_CLAIM("--jwt-role-claim", "CLAIM", "FRAISEQL_JWT_ROLE_CLAIM", BOTH, "none",
        "Run every transaction of a request under the database role named by this claim (SET LOCAL"
            + " ROLE), e.g. role; a dotted path reads a nested claim. A role the database refuses is FORBIDDEN."),
    JWT_CLOCK_SKEW("--jwt-clock-skew", "D", "FRAISEQL_JWT_CLOCK_SKEW", BOTH, "30s",
        "Tolerance for clocks that differ when checking exp and nbf."),
    DEFAULT_ROLE("--default-role", "ROLE", "FRAISEQL_DEFAULT_ROLE", BOTH, "none",
        "The database role of requests whose token has no role claim, and of requests without a token."),
    GRAPHIQL("--graphiql", null, "FRAISEQL_GRAPHIQL", BOTH, "serve: false, demo: true",
        "Serve GraphiQL at GET /graphql to browsers (Accept: text/html), from the jar; --graphiql=false"
            + " turns it off."),
    CORS_ORIGIN("--cors-origin", "ORIGIN", "FRAISEQL_CORS_ORIGINS", BOTH, "none (no CORS)",
        "Let web pages from this origin (https://app.example.com, or * for any) call the server:"
            + " preflights are answered and the CORS headers set. Repeatable; the variable is comma-separated."),
    CORS_ALLOW_CREDENTIALS("--cors-allow-credentials", null, "FRAISEQL_CORS_ALLOW_CREDENTIALS", BOTH, "false",
        "Allow cross-origin requests with credentials (cookies, Authorization); needs listed origins, not *."),
    METRICS("--metrics", null, "FRAISEQL_METRICS", BOTH, "true",
        "Serve Prometheus metrics at GET /metrics; --metrics=false turns it off."),
    LOG_FORMAT("--log-format", "FORMAT", "FRAISEQL_LOG_FORMAT", BOTH, "text",
        "text, or json: one JSON object per line with the request id and the access log's fields."),
    PERSISTED_QUERIES("--persisted-queries", "DIR", "FRAISEQL_PERSISTED_QUERIES", BOTH, "none",
        "Load the *.graphql files of DIR at startup, each known by the SHA-256 of its text (what clients send"
            + " as extensions.persistedQuery.sha256Hash), and plan them once. A file that does not validate stops"
            + " the startup."),
    PERSISTED_QUERIES_ONLY("--persisted-queries-only", null, "FRAISEQL_PERSISTED_QUERIES_ONLY", BOTH, "false",
        "Run nothing but the documents of --persisted-queries: anything else is ARBITRARY_QUERY_NOT_ALLOWED,"
            + " and no document is kept from clients."),
    APQ_CACHE_SIZE("--apq-cache-size", "N", "FRAISEQL_APQ_CACHE_SIZE", BOTH, "1000",
        "Documents kept from clients' automatic persisted queries (APQ), the least recently used going first"
            + " (and 16 MiB at most); 0 keeps none."),
    VIEWS("--views", "PATTERNS", "FRAISEQL_INIT_VIEWS", INIT, "v_%,tv_%",
        "init: the relations to describe, as comma-separated SQL LIKE patterns (v_% matches v_user;"
            + " _ matches any one character). Each needs an id column and a jsonb column."),
    OUT("--out", "FILE", "FRAISEQL_INIT_OUT", INIT, "standard output",
        "init: where to write the SDL (an existing file is replaced)."),
    SAMPLE("--sample", "N", "FRAISEQL_INIT_SAMPLE", INIT, String.valueOf(SchemaInit.DEFAULT_SAMPLE),
        "init: rows read per view to infer the fields' types."),
    VIEW("--view", "VIEW[=TABLE]", "FRAISEQL_TABLE_VIEWS", TABLE_VIEW, "required",
        "table-view: a read view to copy into a table kept in sync (v_post makes tv_post in the view's"
            + " schema; =TABLE names it). Repeatable; the variable is comma-separated."),
    DEPENDS("--depends", "[VIEW/]TABLE:MAPPING", "FRAISEQL_TABLE_VIEW_DEPENDS", TABLE_VIEW,
        "inferred from the view's joins",
        "table-view: how changed rows of TABLE map to document ids, where the view's joins do not"
            + " say: a column (tb_comment:post_id), a path (tb_user:id=tb_comment.author_id/post_id), a"
            + " query over the changed rows ('tb_tag:SELECT ... FROM changed ...') or all. Repeatable;"
            + " the variable holds one per line."),
    APPLY("--apply", null, "FRAISEQL_TABLE_VIEW_APPLY", TABLE_VIEW, "false",
        "table-view: run the SQL in one transaction instead of printing it."),
    VERIFY("--verify", null, "FRAISEQL_TABLE_VIEW_VERIFY", TABLE_VIEW, "false",
        "table-view: compare each table view with its view and report differing rows; exit status 3"
            + " when any differs (after --apply when both are given).");

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

    boolean repeatable() {
      return this == SESSION_VARIABLE || this == CORS_ORIGIN || this == VIEW || this == DEPENDS;
    }

    /** The commands that take this option, for --help. */
    String commandNames() {
      List<String> names = new ArrayList<>();
      if ((commands & SERVE) != 0) {
        names.add("serve");
      }
      if ((commands & DEMO) != 0) {
        names.add("demo");
      }
      if ((commands & INIT) != 0) {
        names.add("init");
      }
      if ((commands & TABLE_VIEW) != 0) {
        names.add("table-view");
      }
      return String.join(", ", names);
    }
  }

  private Cli() {}

  /** Parses the arguments; the environment fills the options the flags leave out. */
  static Command parse(List<String> args, Map<String, String> env) {
    if (args.isEmpty()) {
      throw new UsageException("No command given. Try: serve, demo, init, sql, schema, table-view or --help.");
    }
    if (args.contains("--help") || args.contains("-h")) {
      return new Help();
    }
    if (args.contains("--version")) {
      return new Version();
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
      case "schema":
        return printSchema(rest, env);
      case "serve":
        return serve(options(command, SERVE, rest), env);
      case "demo":
        return demo(options(command, DEMO, rest), env);
      case "init":
        return init(options(command, INIT, rest), env);
      case "table-view":
        return tableView(options(command, TABLE_VIEW, rest), env);
      default:
        throw new UsageException("Unknown command '" + command + "'. Commands: serve, demo, init, sql, schema,"
            + " table-view, help.");
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
        if (value != null) { // --flag=false
          try {
            value = Boolean.toString(Values.bool(value));
          } catch (IllegalArgumentException e) {
            throw new UsageException(option.flag + ": " + e.getMessage());
          }
        } else {
          value = "true";
        }
      } else if (value == null) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException(option.flag + " needs a value (" + option.metavar + ")");
        }
        value = args.get(++i);
      }
      List<String> values = out.computeIfAbsent(option, o -> new ArrayList<>());
      if (!values.isEmpty() && !option.repeatable()) {
        throw new UsageException(option.flag + " is given twice");
      }
      values.add(value);
    }
    return out;
  }


  /** Resolves one option: flag, then environment, then null. */
  static final class Resolver {
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

    /** A repeatable option's values: every flag given, else the variable split at {@code separator}. */
    List<String> all(Option o, String separator) {
      List<String> given = flags.get(o);
      List<String> items = new ArrayList<>();
      if (given != null) {
        items.addAll(given);
      } else {
        String fromEnv = raw(o);
        if (fromEnv != null) {
          for (String s : fromEnv.split(separator)) {
            if (!s.isBlank()) {
              items.add(s.trim());
            }
          }
        }
      }
      return items;
    }

    /** A repeatable option: every flag given, else the variable's comma-separated items. */
    List<String> list(Option o) {
      return all(o, ",");
    }

    /** Parses one value of an option; a bad value is a usage error naming the flag or variable. */
    <T> T parse(Option o, String value, Function<String, T> parser) {
      try {
        return parser.apply(value);
      } catch (IllegalArgumentException e) {
        throw new UsageException(source(o) + ": " + e.getMessage());
      }
    }

    /** Where an option's value came from, for messages: its flag or its variable. */
    String source(Option o) {
      return flags.containsKey(o) ? o.flag : o.env;
    }

    List<String> sessionVariables() {
      List<String> specs = list(Option.SESSION_VARIABLE);
      for (String spec : specs) {
        try {
          io.fraiseql.SessionVariable.parse(spec);
        } catch (IllegalArgumentException e) {
          throw new UsageException(source(Option.SESSION_VARIABLE) + ": " + e.getMessage());
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
    String sdl = readSchema(schemaFile);
    return new Serve(config(r, sdl, schemaFile, url, "0.0.0.0", false));
  }

  private static PrintSchema printSchema(List<String> args, Map<String, String> env) {
    String file = env.get(Option.SCHEMA.env);
    if (args.size() == 2 && args.get(0).equals(Option.SCHEMA.flag)) {
      file = args.get(1);
    } else if (args.size() == 1 && args.get(0).startsWith(Option.SCHEMA.flag + "=")) {
      file = args.get(0).substring(Option.SCHEMA.flag.length() + 1);
    } else if (!args.isEmpty()) {
      throw new UsageException("schema takes only --schema FILE, got " + String.join(" ", args));
    }
    if (file == null || file.isBlank()) {
      throw new UsageException("schema needs --schema FILE (or FRAISEQL_SCHEMA)");
    }
    return new PrintSchema(readSchema(file.trim()));
  }

  private static String readSchema(String schemaFile) {
    try {
      return Files.readString(Path.of(schemaFile), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new UsageException("Cannot read the schema file " + schemaFile + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
  }

  private static DemoRun demo(Map<Option, List<String>> flags, Map<String, String> env) {
    Resolver r = new Resolver(flags, env);
    DatabaseUrl url = r.get(Option.DATABASE_URL, DatabaseUrl::parse, null);
    boolean load = r.get(Option.LOAD_EXAMPLE, Values::bool, false);
    ServerConfig config = config(r, Demo.schema(), Demo.SCHEMA_RESOURCE, url, "127.0.0.1", true);
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

  private static TableViewRun tableView(Map<Option, List<String>> flags, Map<String, String> env) {
    Resolver r = new Resolver(flags, env);
    DatabaseUrl url = r.get(Option.DATABASE_URL, DatabaseUrl::parse, null);
    if (url == null) {
      throw new UsageException("table-view needs --database-url URL (or FRAISEQL_DATABASE_URL)");
    }
    List<io.fraiseql.tableview.TableViewTarget> views = new ArrayList<>();
    for (String spec : r.all(Option.VIEW, ",")) {
      views.add(r.parse(Option.VIEW, spec, io.fraiseql.tableview.TableViewTarget::parse));
    }
    if (views.isEmpty()) {
      throw new UsageException("table-view needs at least one --view VIEW (or FRAISEQL_TABLE_VIEWS)");
    }
    List<io.fraiseql.tableview.Dependency> depends = new ArrayList<>();
    for (String spec : r.all(Option.DEPENDS, "\n")) {
      depends.add(r.parse(Option.DEPENDS, spec, io.fraiseql.tableview.Dependency::parse));
    }
    return new TableViewRun(url, views, depends, r.get(Option.APPLY, Values::bool, false),
        r.get(Option.VERIFY, Values::bool, false));
  }

  private static ServerConfig config(Resolver r, String sdl, String source, DatabaseUrl url, String defaultHost,
      boolean graphiqlByDefault) {
    String backend = r.get(Option.BACKEND, s -> s.toLowerCase(Locale.ROOT), null);
    int poolSize = r.get(Option.POOL_SIZE, s -> Values.integer(s, 1, 10_000), ServerConfig.defaultPoolSize());
    Limits limits = new Limits(
        r.get(Option.MAX_QUERY_LENGTH, s -> Values.integer(s, 1, Integer.MAX_VALUE), Limits.DEFAULTS.maxQueryLength()),
        r.get(Option.MAX_DEPTH, s -> Values.integer(s, 1, 10_000), Limits.DEFAULTS.maxDepth()),
        r.get(Option.MAX_ROOT_FIELDS, s -> Values.integer(s, 1, 10_000), Limits.DEFAULTS.maxRootFields()),
        r.get(Option.MAX_FIELDS, s -> Values.integer(s, 1, 1_000_000), Limits.DEFAULTS.maxFields()),
        r.get(Option.MAX_PATTERN_OPERATORS, s -> Values.integer(s, 0, 1_000_000), Limits.DEFAULT_MAX_PATTERN_OPERATORS),
        r.get(Option.MAX_PATTERN_LENGTH, s -> Values.integer(s, 1, Integer.MAX_VALUE), Limits.DEFAULT_MAX_PATTERN_LENGTH));
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
        r.get(Option.WRITE_TIMEOUT, Values::positiveDuration, ServerConfig.DEFAULT_WRITE_TIMEOUT),
        clientLimits(r, poolSize),
        engineOptions(r),
        routing(r),
        ProductionFlags.resolve(r, graphiqlByDefault));
  }

  private static ClientLimits clientLimits(Resolver r, int poolSize) {
    int maxStreams = r.get(Option.MAX_STREAMS, s -> Values.integer(s, 1, 10_000), 0);
    if (maxStreams > poolSize) {
      String source = r.flags.containsKey(Option.MAX_STREAMS) ? Option.MAX_STREAMS.flag : Option.MAX_STREAMS.env;
      throw new UsageException(source + ": " + maxStreams + " streams cannot exceed the pool size (" + poolSize + ")");
    }
    return new ClientLimits(
        r.get(Option.IDLE_TIMEOUT, Values::positiveDuration, ClientLimits.DEFAULT_IDLE_TIMEOUT),
        r.get(Option.REQUEST_READ_TIMEOUT, Values::positiveDuration, ClientLimits.DEFAULT_REQUEST_READ_TIMEOUT),
        r.get(Option.MAX_CONNECTIONS, s -> Values.integer(s, 1, 1_000_000), ClientLimits.defaultMaxConnections()),
        maxStreams);
  }

  private static EngineOptions engineOptions(Resolver r) {
    if (r.raw(Option.CURSOR_SECRET) != null && r.raw(Option.CURSOR_SECRET_FILE) != null) {
      throw new UsageException("Give the cursor secret once: " + Option.CURSOR_SECRET.flag + " ("
          + Option.CURSOR_SECRET.env + ") or " + Option.CURSOR_SECRET_FILE.flag + " (" + Option.CURSOR_SECRET_FILE.env
          + "), not both");
    }
    CursorSecret secret = r.get(Option.CURSOR_SECRET, CursorSecret::of, null);
    return new EngineOptions(
        r.get(Option.INTROSPECTION, Values::bool, true),
        secret != null ? secret : r.get(Option.CURSOR_SECRET_FILE, CursorSecret::read, null),
        r.get(Option.DOCUMENT_CACHE_SIZE, s -> Values.integer(s, 0, 1_000_000), PlannerOptions.DEFAULT_DOCUMENT_CACHE_SIZE),
        r.get(Option.DOCUMENT_CACHE_BYTES, Values::size, PlannerOptions.DEFAULT_DOCUMENT_CACHE_BYTES));
  }

  private static ServerConfig.Routing routing(Resolver r) {
    DatabaseUrl read = r.get(Option.READ_DATABASE_URL, DatabaseUrl::parse, null);
    boolean fallback = r.get(Option.READ_FALLBACK_TO_PRIMARY, Values::bool, false);
    if (fallback && read == null) {
      throw new UsageException(Option.READ_FALLBACK_TO_PRIMARY.flag + " (" + Option.READ_FALLBACK_TO_PRIMARY.env
          + ") needs " + Option.READ_DATABASE_URL.flag + " (" + Option.READ_DATABASE_URL.env + ")");
    }
    return new ServerConfig.Routing(read, fallback, r.get(Option.PGBOUNCER, Values::bool, false));
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
        .append("  schema  Print the SDL of --schema FILE with every type the engine generates (no database).\n")
        .append("  table-view  Print (--apply: run, --verify: check) the SQL of tables kept equal to read\n")
        .append("          views by triggers: --view v_post makes tv_post.\n")
        .append("  help    Print this text (also --help or -h after any command); --version prints the version.\n\n")
        .append("Options (flag, environment variable, default). A flag wins over its variable;\n")
        .append("--flag=value also works.\n\n");
    for (Option o : Option.values()) {
      String flag = o.takesValue() ? o.flag + " " + o.metavar : o.flag;
      String where = o.commandNames();
      sb.append("  ").append(flag).append('\n')
          .append("      env ").append(o.env).append("; default: ").append(o.defaultText)
          .append("; ").append(where).append('\n');
      wrap(sb, o.help, "      ");
    }
    sb.append("\nHTTP: POST /graphql (application/json), GET /graphql?query=... (queries only; GraphiQL for\n")
        .append("browsers with --graphiql), GET /health (200 while up), GET /ready (200 when the database,\n")
        .append("and the read replica if any, answer, else 503), GET /metrics (Prometheus text). SIGTERM\n")
        .append("stops accepting, lets in-flight requests finish (--shutdown-timeout) and closes the pool.\n")
        .append("One access-log line per request at INFO (logger io.fraiseql.server.access) with the\n")
        .append("X-Request-Id taken or made.\n")
        .append("\nExit status: 0 success, 1 startup failure (or a view table-view refuses), 2 usage error,\n")
        .append("3 table-view --verify found a table view that differs from its view.\n");
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
