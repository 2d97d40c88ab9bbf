package io.fraiseql.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.BackendProvider;
import io.fraiseql.spi.Backends;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.FlowControl;
import io.fraiseql.spi.RowSink;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.spi.Transaction;
import io.fraiseql.spi.TransactionWork;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backend compatibility kit: the contract every FraiseQL {@link DatabaseBackend} must pass.
 * A backend author adds one small subclass to the backend's tests:
 *
 * <pre>{@code
 * class MyBackendContractTest extends BackendContractTest {
 *   @Override
 *   protected BackendProvider provider() {
 *     return new MyBackendProvider();
 *   }
 * }
 * }</pre>
 *
 * <p>The kit runs against the {@link TestDatabase} (an embedded PostgreSQL, or the server named by
 * {@code FRAISEQL_TEST_DATABASE_URL}) in a database of its own per subclass. Fixtures are made
 * through plain JDBC, never through the backend under test, and every row the backend streams is
 * compared byte for byte with what pgjdbc's {@code getBytes} returns for the same SQL. The
 * statements are written with {@code $n} placeholders and rewritten to {@code ?} for backends
 * whose {@link DatabaseBackend#bindStyle()} is {@link BindStyle#QUESTION_MARK}.
 *
 * <p>Reads run twice where it matters: as statements of unknown size ({@link Read#STREAMED}) and
 * as statements that declare a small {@link SqlStatement#maxRows()} ({@link Read#BOUNDED}), which
 * a backend may read in one round trip outside a transaction; both must behave the same.
 *
 * <p>A backend that lacks part of the contract overrides {@link #unsupported(Capability)}; the
 * tests that need it are then reported as skipped with the reason, never silently passed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class BackendContractTest {
  /** The number of rows of the large-answer tests. */
  protected static final int LARGE_ROWS = 200_000;

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern DOLLAR = Pattern.compile("\\$\\d+");
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  /** How a read declares its size: the two ways the engine sends statements. */
  protected enum Read {
    /** No known bound ({@link SqlStatement#UNBOUNDED}): the backend must stream. */
    STREAMED(SqlStatement.UNBOUNDED),
    /** At most {@value #BOUND} rows, as the renderer declares for a limited list or a read by id. */
    BOUNDED(Read.BOUND);

    static final int BOUND = 100;
    final int maxRows;

    Read(int maxRows) {
      this.maxRows = maxRows;
    }
  }

  private DatabaseUrl url;
  private String role;
  private String rolePassword;
  private DatabaseBackend shared;
  private final List<DatabaseBackend> opened = Collections.synchronizedList(new ArrayList<>());

  /** For a backend's subclass. */
  protected BackendContractTest() {}

  // ---------------------------------------------------------------- what a subclass provides

  /** The provider of the backend under test. */
  protected abstract BackendProvider provider();

  /** Backend-specific {@link BackendConfig#options()} added to every backend the kit opens. */
  protected Map<String, Object> options() {
    return Map.of();
  }

  /**
   * The configuration every backend the kit opens is created with; the default is {@code config}
   * itself. A subclass may reach the database another way, e.g. through a transaction pooler with
   * {@link PgBouncer#route(BackendConfig)}: the whole kit then runs through it, while fixtures and
   * checks keep using the direct connection.
   */
  protected BackendConfig configure(BackendConfig config) {
    return config;
  }

  /**
   * {@code null} when the backend supports the capability (the default), or the reason it does
   * not, which the test report shows next to each skipped test.
   */
  protected String unsupported(Capability capability) {
    return null;
  }

  // ---------------------------------------------------------------- lifecycle and helpers

  @BeforeAll
  final void createFixtures() {
    url = TestDatabase.get().createDatabase("tck_" + provider().id());
    TestDatabase.execute(url, resource("fixtures.sql"));
    role = ("tck_app_" + url.database()).substring(0, Math.min(63, 8 + url.database().length()));
    rolePassword = UUID.randomUUID().toString();
    TestDatabase.execute(url, "DROP ROLE IF EXISTS \"" + role + "\"; CREATE ROLE \"" + role + "\" LOGIN PASSWORD '"
        + rolePassword + "'; GRANT SELECT ON secured TO \"" + role + "\"; GRANT \"" + role + "\" TO CURRENT_USER");
    shared = open(4, Duration.ofSeconds(10), Duration.ofSeconds(5));
  }

  @AfterAll
  final void closeBackends() {
    synchronized (opened) {
      for (DatabaseBackend b : opened) {
        b.close();
      }
      opened.clear();
    }
    if (url != null) {
      TestDatabase.execute(url, "REVOKE ALL ON secured FROM \"" + role + "\"; DROP OWNED BY \"" + role + "\"");
      TestDatabase.execute(TestDatabase.get().serverUrl(), "DROP ROLE IF EXISTS \"" + role + "\"");
    }
  }

  /** The kit's database (fixtures already loaded). */
  protected final DatabaseUrl databaseUrl() {
    return url;
  }

  /** Opens a backend on the kit's database; the kit closes it after the last test. */
  protected final DatabaseBackend open(int poolSize, Duration statementTimeout, Duration poolTimeout) {
    return open(url, poolSize, statementTimeout, poolTimeout);
  }

  private DatabaseBackend open(DatabaseUrl at, int poolSize, Duration statementTimeout, Duration poolTimeout) {
    return open(configure(new BackendConfig(at, poolSize, statementTimeout, poolTimeout, options())));
  }

  private DatabaseBackend open(BackendConfig config) {
    DatabaseBackend b = provider().create(config);
    opened.add(b);
    return b;
  }

  private void requires(Capability capability) {
    String reason = unsupported(capability);
    Assumptions.assumeTrue(reason == null,
        () -> provider().id() + " opted out of " + capability + ": " + reason);
  }

  /** The statement in the backend's bind style, of unknown size. */
  private static SqlStatement statement(DatabaseBackend b, String sql, Object... params) {
    return statement(b, Read.STREAMED, sql, params);
  }

  /** The statement in the backend's bind style, declaring its size as {@code read} says. */
  private static SqlStatement statement(DatabaseBackend b, Read read, String sql, Object... params) {
    String text = b.bindStyle() == BindStyle.QUESTION_MARK ? DOLLAR.matcher(sql).replaceAll("?") : sql;
    return new SqlStatement(text, Arrays.asList(params), read.maxRows);
  }

  private static <T> T await(CompletionStage<T> stage) throws Throwable {
    try {
      return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the backend did not complete within " + WAIT, e);
    }
  }

  /** Streams a statement and returns copies of its rows. */
  protected final List<byte[]> rows(DatabaseBackend b, SessionSettings s, String sql, Object... params) {
    return rows(b, s, Read.STREAMED, sql, params);
  }

  /** Streams a statement declaring its size as {@code read} says, and returns copies of its rows. */
  protected final List<byte[]> rows(DatabaseBackend b, SessionSettings s, Read read, String sql, Object... params) {
    List<byte[]> out = new ArrayList<>();
    try {
      await(b.stream(s, statement(b, read, sql, params), (bytes, off, len) -> out.add(Arrays.copyOfRange(bytes, off, off + len))));
    } catch (Throwable e) {
      throw new AssertionError("the statement failed: " + sql, e);
    }
    if (read == Read.BOUNDED) {
      assertTrue(out.size() <= Read.BOUND, "a kit statement declared at most " + Read.BOUND + " rows and had " + out.size());
    }
    return out;
  }

  /** Streams a statement and returns its rows as UTF-8 strings. */
  protected final List<String> strings(DatabaseBackend b, SessionSettings s, String sql, Object... params) {
    return strings(b, s, Read.STREAMED, sql, params);
  }

  /** Streams a statement declaring its size as {@code read} says, and returns its rows as UTF-8 strings. */
  protected final List<String> strings(DatabaseBackend b, SessionSettings s, Read read, String sql, Object... params) {
    List<String> out = new ArrayList<>();
    for (byte[] row : rows(b, s, read, sql, params)) {
      out.add(new String(row, StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Streams a statement that must fail, and returns the failure. */
  protected final Throwable failure(DatabaseBackend b, RowSink sink, String sql, Object... params) {
    return failure(b, Read.STREAMED, sink, sql, params);
  }

  /** Streams a statement declaring its size as {@code read} says, that must fail, and returns the failure. */
  protected final Throwable failure(DatabaseBackend b, Read read, RowSink sink, String sql, Object... params) {
    try {
      await(b.stream(SessionSettings.empty(), statement(b, read, sql, params), sink));
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("the statement should have failed: " + sql);
  }

  /** Streams a statement that must fail with a {@link FraiseQLException}, and returns it. */
  protected final FraiseQLException error(DatabaseBackend b, String sql, Object... params) {
    return error(b, Read.STREAMED, sql, params);
  }

  /** Like {@link #error(DatabaseBackend, String, Object...)}, the statement declaring its size as {@code read} says. */
  protected final FraiseQLException error(DatabaseBackend b, Read read, String sql, Object... params) {
    Throwable e = failure(b, read, (x, o, l) -> { }, sql, params);
    if (e instanceof FraiseQLException fe) {
      return fe;
    }
    throw new AssertionError("a backend must fail with FraiseQLException (SqlStates.toException), got " + e, e);
  }

  /** The reference: the first column of each row as pgjdbc's getBytes returns it. */
  protected final List<byte[]> reference(String sql, Object... params) {
    try (Connection c = TestDatabase.connect(url);
        PreparedStatement ps = c.prepareStatement(DOLLAR.matcher(sql).replaceAll("?"))) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<byte[]> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] b = rs.getBytes(1);
          out.add(b == null ? NULL : b);
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("reference read failed: " + e.getMessage(), e);
    }
  }

  /** Runs a query through plain JDBC and returns the first column of the first row as a long. */
  protected final long queryLong(String sql) {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = BackendContractTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing kit resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertSameRows(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size(), "row count");
    for (int i = 0; i < expected.size(); i++) {
      byte[] e = expected.get(i);
      byte[] a = actual.get(i);
      if (!Arrays.equals(e, a)) {
        assertArrayEquals(e, a, "row " + i + " differs from pgjdbc's bytes: expected "
            + abbreviate(e) + " but got " + abbreviate(a));
      }
    }
  }

  private static String abbreviate(byte[] b) {
    String s = new String(b, StandardCharsets.UTF_8);
    return s.length() > 200 ? s.substring(0, 200) + "... (" + b.length + " bytes)" : s;
  }

  private void awaitNoOpenTransactions() throws InterruptedException {
    String sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + url.database()
        + "' AND state LIKE 'idle in transaction%'";
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    long open = queryLong(sql);
    while (open != 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      open = queryLong(sql);
    }
    assertEquals(0, open, "a connection was left idle in a transaction");
  }

  private static SessionSettings tenant(String id) {
    return SessionSettings.of(Map.of("app.tenant_id", id));
  }

  // ---------------------------------------------------------------- registration

  @Test
  @DisplayName("the provider is registered for ServiceLoader and matches its backend")
  void providerIsRegistered() {
    BackendProvider p = provider();
    assertTrue(p.id().matches("[a-z0-9][a-z0-9_-]*"), "ids are short lowercase words: " + p.id());
    assertNotNull(p.version(), "version");
    assertTrue(Backends.discover(p.getClass().getClassLoader()).stream()
            .anyMatch(found -> found.getClass() == p.getClass() && found.id().equals(p.id())),
        "META-INF/services/io.fraiseql.spi.BackendProvider must list " + p.getClass().getName());
    assertEquals(p.id(), shared.id());
    assertNotNull(shared.bindStyle());
  }

  // ---------------------------------------------------------------- column shapes

  /** The rows of the {@code shapes} fixture: id and what they exercise. */
  static Stream<Arguments> shapes() {
    String[] labels = {
      "nested objects and arrays", "empty array", "empty object", "JSON null", "SQL NULL", "unicode",
      "escapes and control characters", "integers at the limits of long", "doubles at the limits",
      "float8 values rendered by PostgreSQL", "big decimals", "large string (1 MB)",
      "key order as jsonb normalises it", "top-level string", "top-level number", "top-level boolean",
      "absent keys (some)", "absent keys (other)", "array of objects with absent keys", "mixed array",
      "deep nesting", "timestamps and dates as PostgreSQL renders them"};
    List<Arguments> out = new ArrayList<>();
    for (Read read : Read.values()) {
      for (int i = 0; i < labels.length; i++) {
        out.add(Arguments.of(i + 1, labels[i], read));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "[{0}] {1} ({2})")
  @MethodSource("shapes")
  @DisplayName("each column shape is byte-identical to pgjdbc's")
  void columnShapeIsByteIdentical(int id, String label, Read read) {
    String sql = "SELECT t.\"data\" FROM \"v_shapes\" t WHERE t.\"id\" = CAST($1 AS integer)";
    List<byte[]> expected = reference(sql, id);
    assertEquals(1, expected.size(), label);
    assertSameRows(expected, rows(shared, SessionSettings.empty(), read, sql, id));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("a whole table of shapes streams in order, byte-identical, SQL NULL as null")
  void allShapesInOrder(Read read) {
    String sql = "SELECT t.\"data\" FROM \"v_shapes\" t ORDER BY t.\"id\" ASC";
    List<byte[]> actual = rows(shared, SessionSettings.empty(), sql);
    assertSameRows(reference(sql), actual);
    assertArrayEquals(NULL, actual.get(4), "SQL NULL is handed over as the bytes null");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("json (not jsonb) columns keep PostgreSQL's text verbatim")
  void jsonColumnsAreVerbatim(Read read) {
    String sql = "SELECT data FROM shapes_json ORDER BY id";
    List<byte[]> actual = rows(shared, SessionSettings.empty(), sql);
    assertSameRows(reference(sql), actual);
    assertEquals("{\"b\" : 1,   \"a\":[1,2 ,3], \"a\": \"duplicate\"}", new String(actual.get(0), StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("built JSON (json_build_array, to_jsonb, jsonb_agg) is byte-identical")
  void builtJsonIsByteIdentical(Read read) {
    // float8 computed by the query (aggregates' averages) renders as the session's
    // extra_float_digits says: a backend must leave it at 1 or more, as pgjdbc does (shortest exact)
    String sql = "SELECT json_build_array(s.id, s.label, jsonb_typeof(s.data)) FROM shapes s"
        + " UNION ALL SELECT to_json(s.label) FROM shapes s"
        + " UNION ALL SELECT jsonb_agg(s.data ORDER BY s.id)::json FROM shapes s WHERE s.id < 12"
        + " UNION ALL SELECT jsonb_build_object('sum', 0.1::float8 + 0.2::float8, 'avg', avg(s.id)::float8 / 3)::json"
        + " FROM shapes s";
    assertSameRows(reference(sql), rows(shared, SessionSettings.empty(), sql));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("every bind value type arrives as the declared SQL type")
  void bindsEveryValueType(Read read) {
    UUID id = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    List<String> r = strings(shared, SessionSettings.empty(), read,
        "SELECT jsonb_build_array(CAST($1 AS text), CAST($2 AS integer), CAST($3 AS bigint),"
            + " CAST($4 AS double precision), CAST($5 AS numeric), CAST($6 AS boolean), CAST($7 AS uuid),"
            + " CAST($8 AS date), CAST($9 AS timestamptz), CAST($10 AS text), CAST($11 AS integer))",
        "s'é😀", Integer.MIN_VALUE, Long.MAX_VALUE, 1.5, new BigDecimal("-12345678901234567890.123456789"), true, id,
        LocalDate.of(2026, 1, 2), OffsetDateTime.parse("2026-01-02T03:04:05.123+02:00"), null, null);
    assertEquals(List.of("[\"s'é😀\", -2147483648, 9223372036854775807, 1.5, -12345678901234567890.123456789, true, \""
        + id + "\", \"2026-01-02\", \"2026-01-02T01:04:05.123+00:00\", null, null]"), r);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("a 70,000-element array literal is one text parameter, cast to an array, every element intact")
  void bindsAnArrayLiteralAsOneParameter(Read read) {
    StringBuilder texts = new StringBuilder("{");
    for (int i = 0; i < 70_000; i++) {
      String element = i == 1 ? "" : i == 2 ? "s'é😀, \\\"quoted\\\" {braces} \\\\back NULL" : Integer.toString(i);
      texts.append(i == 0 ? "\"" : ",\"").append(element).append('"');
    }
    texts.append('}');
    String numbers = "{\"-2147483648\",\"0\",\"2147483647\"}";
    String sql = "SELECT jsonb_build_array(cardinality(CAST(CAST($1 AS text) AS text[])), (CAST(CAST($2 AS text) AS text[]))[2],"
        + " (CAST(CAST($3 AS text) AS text[]))[3], (CAST(CAST($4 AS text) AS text[]))[70000],"
        + " CAST(CAST($5 AS text) AS integer[]))";
    String literal = texts.toString();
    List<byte[]> expected = reference(sql, literal, literal, literal, literal, numbers);
    List<byte[]> actual = rows(shared, SessionSettings.empty(), read, sql, literal, literal, literal, literal, numbers);
    assertSameRows(expected, actual);
    assertEquals("[70000, \"\", \"s'é😀, \\\"quoted\\\" {braces} \\\\back NULL\", \"69999\","
        + " [-2147483648, 0, 2147483647]]", new String(actual.get(0), StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("data errors caused by a bound value -> BAD_USER_INPUT with their SQLSTATE")
  void dataErrorsFromBoundValuesAreBadUserInput(Read read) {
    Object[][] cases = {
        {"SELECT to_jsonb('abc' ~ CAST($1 AS text))", "(", "2201B"},
        {"SELECT to_jsonb('abcd' LIKE CAST($1 AS text))", "abc\\", "22025"},
        {"SELECT to_jsonb(CAST($1 AS text))", "a\u0000b", "22021"},
        {"SELECT to_jsonb(CAST(CAST($1 AS text) AS integer))", "12x", "22P02"},
        {"SELECT to_jsonb(array_fill(1, ARRAY[CAST(CAST($1 AS text) AS integer)]))", "200000000", "54000"},
    };
    for (Object[] c : cases) {
      FraiseQLException e = error(shared, read, (String) c[0], c[1]);
      assertEquals(ErrorCode.BAD_USER_INPUT, e.code(), (String) c[0]);
      assertEquals(c[2], e.sqlState(), (String) c[0]);
      assertFalse(e.getMessage().contains((String) c[1]) || e.getMessage().contains("SELECT"), e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("an empty answer completes without calling the sink")
  void emptyAnswer(Read read) {
    assertEquals(List.of(), rows(shared, SessionSettings.empty(), read, "SELECT to_jsonb(g) FROM generate_series(1, 0) g"));
  }

  // ---------------------------------------------------------------- streaming

  @Test
  @DisplayName("200,000 rows stream in order, the first long before the query completes")
  void largeAnswerStreamsBeforeTheQueryCompletes() throws Throwable {
    requires(Capability.STREAMING);
    // the last row sleeps 1 s on the server: a backend that buffers the answer calls the sink only after it
    String sql = "SELECT CASE WHEN g < " + LARGE_ROWS + " THEN jsonb_build_object('i', g, 'pad', repeat('x', 100))"
        + " ELSE jsonb_build_object('i', g, 'slept', pg_sleep(1)::text) END FROM generate_series(1, " + LARGE_ROWS + ") g";
    AtomicInteger count = new AtomicInteger();
    AtomicLong firstRow = new AtomicLong();
    AtomicReference<String> disorder = new AtomicReference<>();
    RowSink sink = (bytes, off, len) -> {
      int n = count.incrementAndGet();
      if (n == 1) {
        firstRow.set(System.nanoTime());
      }
      byte[] prefix = ("{\"i\": " + n + ",").getBytes(StandardCharsets.US_ASCII);
      if (disorder.get() == null && (len < prefix.length
          || !Arrays.equals(bytes, off, off + prefix.length, prefix, 0, prefix.length))) {
        disorder.set("row " + n + " is " + new String(bytes, off, Math.min(len, 40), StandardCharsets.UTF_8));
      }
    };
    await(shared.stream(SessionSettings.empty(), statement(shared, sql), sink));
    long done = System.nanoTime();
    assertEquals(LARGE_ROWS, count.get());
    assertEquals(null, disorder.get(), "rows arrive in order");
    Duration ahead = Duration.ofNanos(done - firstRow.get());
    assertTrue(ahead.compareTo(Duration.ofMillis(700)) > 0,
        "the first row must reach the sink while the query still runs; it came only " + ahead + " before the end");
  }

  @Test
  @DisplayName("a slow sink holds the server back (back-pressure), so memory stays bounded")
  void slowSinkHoldsTheServerBack() throws Throwable {
    requires(Capability.STREAMING);
    long before = queryLong("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM produced");
    String sql = "SELECT jsonb_build_object('i', g, 'seq', nextval('produced'), 'pad', repeat('x', 100))"
        + " FROM generate_series(1, " + LARGE_ROWS + ") g";
    AtomicInteger count = new AtomicInteger();
    AtomicLong producedWhileSlow = new AtomicLong(-1);
    RowSink sink = (bytes, off, len) -> {
      if (count.incrementAndGet() == 1_000) {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        producedWhileSlow.set(queryLong("SELECT last_value FROM produced") - before);
      }
    };
    await(shared.stream(SessionSettings.empty(), statement(shared, sql), sink));
    assertEquals(LARGE_ROWS, count.get());
    assertTrue(producedWhileSlow.get() >= 1_000 && producedWhileSlow.get() < LARGE_ROWS / 2,
        "while the sink was busy at row 1,000 the server had produced " + producedWhileSlow.get()
            + " rows; a backend must not read the whole answer ahead of its sink");
  }

  // ---------------------------------------------------------------- flow control

  /** Rows a backend may still hand over after {@code pause()}: what it already fetched. */
  protected static final int PAUSE_SLACK = 1_024;

  /** Rows of the flow-control tests' statement (about 50 MB: far more than the socket buffers hold). */
  private static final int PAUSE_ROWS = 100_000;

  /** A sink that records its flow control and the rows' order, pausing itself at row {@code pauseAt}. */
  private static final class PausingSink implements RowSink {
    final int pauseAt;
    final AtomicReference<FlowControl> flow = new AtomicReference<>();
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger count = new AtomicInteger();
    final AtomicReference<String> problem = new AtomicReference<>();
    final java.util.concurrent.CountDownLatch paused = new java.util.concurrent.CountDownLatch(1);
    volatile boolean cancelled;

    PausingSink(int pauseAt) {
      this.pauseAt = pauseAt;
    }

    @Override
    public void onStart(FlowControl f) {
      starts.incrementAndGet();
      flow.set(f);
    }

    @Override
    public void onRow(byte[] bytes, int off, int len) throws IOException {
      if (cancelled) {
        throw new IOException("the client went away while the statement was paused");
      }
      int n = count.incrementAndGet();
      if (flow.get() == null && problem.get() == null) {
        problem.set("row " + n + " came before onStart");
      }
      byte[] prefix = ("{\"i\": " + n + ",").getBytes(StandardCharsets.US_ASCII);
      if (problem.get() == null && (len < prefix.length
          || !Arrays.equals(bytes, off, off + prefix.length, prefix, 0, prefix.length))) {
        problem.set("row " + n + " is " + new String(bytes, off, Math.min(len, 40), StandardCharsets.UTF_8));
      }
      if (n == pauseAt) {
        flow.get().pause();
        paused.countDown();
      }
    }

    void awaitPaused() throws InterruptedException {
      assertTrue(paused.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the sink never reached row " + pauseAt
          + (flow.get() == null ? " (and onStart was never called)" : ""));
    }
  }

  /** Runs a stream on another thread (a blocking backend runs it on the caller). */
  private static CompletableFuture<Void> streamElsewhere(DatabaseBackend b, SqlStatement statement, RowSink sink) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t = new Thread(() -> b.stream(SessionSettings.empty(), statement, sink).whenComplete((v, e) -> {
      if (e == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
      }
    }), "tck-stream");
    t.setDaemon(true);
    t.start();
    return done;
  }

  @Test
  @DisplayName("a paused statement hands over at most a bounded batch and the server waits; resumed, every row arrives in order")
  void pauseHoldsTheRowsBackAndResumeDeliversTheRest() throws Throwable {
    requires(Capability.FLOW_CONTROL);
    long before = queryLong("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM produced_while_paused");
    String sql = "SELECT jsonb_build_object('i', g, 'seq', nextval('produced_while_paused'), 'pad', repeat('x', 500))"
        + " FROM generate_series(1, " + PAUSE_ROWS + ") g";
    PausingSink sink = new PausingSink(1_000);
    CompletableFuture<Void> done = streamElsewhere(shared, statement(shared, sql), sink);
    sink.awaitPaused();
    Thread.sleep(500);
    int whilePaused = sink.count.get();
    Thread.sleep(300);
    assertEquals(whilePaused, sink.count.get(), "rows kept coming while the sink had paused the statement");
    assertTrue(whilePaused - 1_000 <= PAUSE_SLACK, (whilePaused - 1_000) + " rows came after pause()");
    long produced = queryLong("SELECT last_value FROM produced_while_paused") - before;
    assertTrue(produced <= 1_000 + 8 * PAUSE_SLACK, "while paused at row 1,000 the server had produced " + produced
        + " rows; a paused backend must not read the answer ahead of its sink");
    assertFalse(done.isDone(), "the statement ended while paused");
    sink.flow.get().resume(); // from another thread than the backend's
    await(done);
    assertEquals(null, sink.problem.get());
    assertEquals(PAUSE_ROWS, sink.count.get());
    assertEquals(1, sink.starts.get(), "onStart once per statement");
  }

  @Test
  @DisplayName("onStart comes once per streamed statement, before its rows, also when there are none")
  void onStartComesOncePerStatement() throws Throwable {
    requires(Capability.FLOW_CONTROL);
    PausingSink empty = new PausingSink(0);
    await(streamElsewhere(shared, statement(shared, "SELECT to_jsonb(g) FROM generate_series(1, 0) g"), empty));
    assertEquals(1, empty.starts.get(), "onStart for a statement without rows");
    PausingSink some = new PausingSink(0);
    await(streamElsewhere(shared, statement(shared, "SELECT jsonb_build_object('i', g, 'x', 1) FROM generate_series(1, 600) g"), some));
    assertEquals(null, some.problem.get());
    assertEquals(600, some.count.get());
    assertEquals(1, some.starts.get());
  }

  @Test
  @DisplayName("a paused statement can be cancelled: resumed, the sink throws, the stage fails with that, the connection is reused")
  void aPausedStatementCanBeCancelled() throws Throwable {
    requires(Capability.FLOW_CONTROL);
    DatabaseBackend one = open(1, Duration.ofSeconds(10), Duration.ofSeconds(5));
    PausingSink sink = new PausingSink(10);
    CompletableFuture<Void> done = streamElsewhere(one,
        statement(one, "SELECT jsonb_build_object('i', g, 'x', 1) FROM generate_series(1, " + LARGE_ROWS + ") g"), sink);
    sink.awaitPaused();
    Thread.sleep(200);
    assertFalse(done.isDone(), "the statement ended while paused");
    sink.cancelled = true;
    sink.flow.get().resume();
    Throwable e = failureOf(() -> await(done));
    assertTrue(e instanceof IOException && e.getMessage().contains("went away"), "the stage fails with the sink's exception: " + e);
    assertEquals(List.of("3"), strings(one, SessionSettings.empty(), "SELECT to_jsonb(3)"));
    awaitNoOpenTransactions();
  }

  @Test
  @DisplayName("a paused statement holds its own connection only: other statements run meanwhile")
  void aPausedStatementHoldsOnlyItsConnection() throws Throwable {
    requires(Capability.FLOW_CONTROL);
    DatabaseBackend two = open(2, Duration.ofSeconds(10), Duration.ofSeconds(5));
    PausingSink sink = new PausingSink(10);
    CompletableFuture<Void> done = streamElsewhere(two,
        statement(two, "SELECT jsonb_build_object('i', g, 'x', 1) FROM generate_series(1, " + PAUSE_ROWS / 2 + ") g"), sink);
    sink.awaitPaused();
    for (Read read : Read.values()) {
      long t0 = System.nanoTime();
      assertEquals(List.of("[1, 2]"), strings(two, SessionSettings.empty(), read, "SELECT jsonb_build_array(1, 2)"));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, read + " statement beside a paused one took " + took);
    }
    assertFalse(done.isDone(), "the statement ended while paused");
    sink.flow.get().resume();
    await(done);
    assertEquals(PAUSE_ROWS / 2, sink.count.get());
    assertEquals(null, sink.problem.get());
  }

  // ---------------------------------------------------------------- cancellation

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("a sink that throws stops the query; the stage fails with that exception; the connection is reused")
  void aThrowingSinkCancels(Read read) throws Throwable {
    DatabaseBackend one = open(1, Duration.ofSeconds(5), Duration.ofSeconds(5));
    for (Exception thrown : List.of(new IOException("client went away"), new IllegalStateException("sink broke"))) {
      AtomicInteger seen = new AtomicInteger();
      Throwable e = failure(one, read, (bytes, off, len) -> {
        if (seen.incrementAndGet() == 10) {
          if (thrown instanceof IOException io) {
            throw io;
          }
          throw (RuntimeException) thrown;
        }
      }, "SELECT to_jsonb(g) FROM generate_series(1, " + (read == Read.BOUNDED ? Read.BOUND : 100_000) + ") g");
      assertSame(thrown, e, "the stage completes exceptionally with the sink's own exception");
      assertEquals(10, seen.get(), "no row after the one that threw");
      assertEquals(List.of("3"), strings(one, SessionSettings.empty(), read, "SELECT to_jsonb(3)"));
    }
    awaitNoOpenTransactions();
  }

  // ---------------------------------------------------------------- session variables

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("session variables reach views, per transaction only, with TimeZone UTC and the statement timeout")
  void sessionVariablesReachViews(Read read) {
    assertEquals(List.of("{\"id\": 1, \"tenant\": \"t1\"}", "{\"id\": 3, \"tenant\": \"t1\"}"),
        strings(shared, tenant("t1"), read, "SELECT data FROM v_tenant_rows ORDER BY id"));
    assertEquals(List.of("{\"id\": 4, \"tenant\": \"ü'1\"}"),
        strings(shared, tenant("ü'1"), read, "SELECT data FROM v_tenant_rows ORDER BY id"));
    Map<String, String> two = new LinkedHashMap<>();
    two.put("app.tenant_id", "t2");
    two.put("app.user", "u-9");
    assertEquals(List.of("[\"t2\", \"u-9\", \"UTC\", \"10s\"]"), strings(shared, SessionSettings.of(two), read,
        "SELECT jsonb_build_array(current_setting('app.tenant_id'), current_setting('app.user'),"
            + " current_setting('TimeZone'), current_setting('statement_timeout'))"));
    for (int i = 0; i < 8; i++) { // every pooled connection: nothing left over from earlier requests
      assertEquals(List.of(), strings(shared, SessionSettings.empty(), read, "SELECT data FROM v_tenant_rows"));
      assertEquals(List.of("\"\""), strings(shared, SessionSettings.empty(), read,
          "SELECT to_jsonb(coalesce(current_setting('app.tenant_id', true), ''))"));
      assertEquals(List.of("[\"UTC\", \"10s\"]"), strings(shared, SessionSettings.empty(), read,
          "SELECT jsonb_build_array(current_setting('TimeZone'), current_setting('statement_timeout'))"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("with transaction pooling on, every read sets the timeout and UTC itself and no prepared statement stays on the server")
  void transactionPoolingKeepsNothingInTheSession(Read read) throws Throwable {
    requires(Capability.TRANSACTION_POOLING);
    DatabaseBackend one = open(configure(new BackendConfig(url, 1, Duration.ofMillis(4321), Duration.ofSeconds(5), options()))
        .withTransactionPooling(true));
    for (int i = 0; i < 8; i++) { // more than pgjdbc's prepareThreshold (5) uses of one statement
      assertEquals(List.of(Integer.toString(i)), strings(one, SessionSettings.empty(), read, "SELECT to_jsonb(CAST($1 AS integer))", i));
      assertEquals(List.of("\"t" + i + "\""), strings(one, tenant("t" + i), read, "SELECT to_jsonb(current_setting('app.tenant_id'))"));
    }
    if (unsupported(Capability.WRITES) == null) {
      for (int i = 0; i < 6; i++) {
        awaitTransaction(one, SessionSettings.empty(), tx -> tx.stream(statement(one, read, "SELECT to_jsonb(CAST($1 AS integer))", 1), (x, o, l) -> { })
            .thenCompose(v -> tx.stream(statement(one, read, "SELECT to_jsonb(2)"), (x, o, l) -> { }))
            .thenApply(v -> Boolean.TRUE));
        assertEquals(List.of(List.of("1"), List.of("2")), script(one, SessionSettings.empty(), "SELECT to_json(1)", "SELECT to_json(2)"));
      }
    }
    String sessionDefault;
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT reset_val FROM pg_settings WHERE name = 'statement_timeout'")) {
      rs.next();
      sessionDefault = rs.getString(1);
    }
    assertEquals(List.of("[\"4321ms\", \"UTC\", 0, \"" + sessionDefault + "\"]"), strings(one, SessionSettings.empty(), read,
        "SELECT jsonb_build_array(current_setting('statement_timeout'), current_setting('TimeZone'),"
            + " (SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql AND statement NOT LIKE '%pg_prepared_statements%'),"
            + " (SELECT reset_val FROM pg_settings WHERE name = 'statement_timeout'))"),
        "the timeout and UTC are set by the transaction, the session itself started without them,"
            + " and no protocol-level prepared statement is left on the server connection");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("session variables reach row-level security policies")
  void sessionVariablesReachRowLevelSecurity(Read read) {
    DatabaseUrl asApp = DatabaseUrl.of(url.host(), url.port(), url.database(), role, rolePassword);
    DatabaseBackend app = open(asApp, 2, Duration.ofSeconds(5), Duration.ofSeconds(5));
    assertEquals(List.of("{\"id\": 2, \"tenant\": \"t2\"}"), strings(app, tenant("t2"), read, "SELECT data FROM secured ORDER BY id"));
    assertEquals(List.of("{\"id\": 1, \"tenant\": \"t1\"}", "{\"id\": 3, \"tenant\": \"t1\"}"),
        strings(app, tenant("t1"), read, "SELECT data FROM secured ORDER BY id"));
    assertEquals(List.of(), strings(app, SessionSettings.empty(), read, "SELECT data FROM secured ORDER BY id"));
  }

  // ---------------------------------------------------------------- roles

  /** The request's settings with the kit's application role. */
  private SessionSettings asRole(String tenant) {
    return SessionSettings.of(tenant == null ? Map.of() : Map.of("app.tenant_id", tenant), role);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("a role runs the statement under that role (SET LOCAL ROLE): row-level security applies, and the next transaction is back to the login role")
  void roleRunsTheStatementUnderThatRole(Read read) {
    assertEquals(List.of("\"" + role + "\""), strings(shared, asRole(null), read, "SELECT to_jsonb(current_user)"));
    // the kit connects as a role that bypasses row-level security; the application role does not
    assertEquals(List.of("{\"id\": 2, \"tenant\": \"t2\"}"), strings(shared, asRole("t2"), read, "SELECT data FROM secured ORDER BY id"));
    assertEquals(List.of(), strings(shared, asRole(null), read, "SELECT data FROM secured ORDER BY id"));
    assertEquals(List.of("[\"UTC\", \"10s\"]"), strings(shared, asRole("t2"), read,
        "SELECT jsonb_build_array(current_setting('TimeZone'), current_setting('statement_timeout'))"));
    for (int i = 0; i < 8; i++) { // every pooled connection: the role ended with its transaction
      assertEquals(List.of("\"" + url.user() + "\""), strings(shared, SessionSettings.empty(), read, "SELECT to_jsonb(current_user)"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("a role that does not exist, or that the login role may not use, is FORBIDDEN; the pool recovers")
  void refusedRoleIsForbidden(Read read) {
    SessionSettings unknown = SessionSettings.of(Map.of("app.tenant_id", "t1"), "tck no such role");
    Throwable missing = streamFailure(shared, unknown, read, "SELECT to_jsonb(1)");
    assertTrue(missing instanceof FraiseQLException fe && fe.code() == ErrorCode.FORBIDDEN, "got " + missing);
    DatabaseUrl asApp = DatabaseUrl.of(url.host(), url.port(), url.database(), role, rolePassword);
    DatabaseBackend app = open(asApp, 1, Duration.ofSeconds(5), Duration.ofSeconds(5));
    Throwable denied = streamFailure(app, SessionSettings.of(Map.of(), url.user()), read, "SELECT to_jsonb(1)");
    assertTrue(denied instanceof FraiseQLException fe && fe.code() == ErrorCode.FORBIDDEN && "42501".equals(fe.sqlState()),
        "got " + denied);
    assertEquals(List.of("\"" + role + "\""), strings(app, SessionSettings.empty(), read, "SELECT to_jsonb(current_user)"));
    assertEquals(List.of("1"), strings(shared, SessionSettings.empty(), read, "SELECT to_jsonb(1)"));
  }

  private Throwable streamFailure(DatabaseBackend b, SessionSettings s, Read read, String sql) {
    try {
      await(b.stream(s, statement(b, read, sql), (x, o, l) -> { }));
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("the statement should have failed: " + sql);
  }

  @Test
  @DisplayName("transactions and scripts run under the request's role; a refused role is FORBIDDEN, a statement's own 22023 is not")
  void transactionsAndScriptsRunUnderTheRole() throws Throwable {
    requires(Capability.WRITES);
    List<String> seen = new ArrayList<>();
    awaitTransaction(shared, asRole("t1"), tx -> rowsOf(tx, shared, "SELECT to_jsonb(current_user)")
        .thenCompose(r -> {
          seen.addAll(r);
          return rowsOf(tx, shared, "SELECT to_jsonb(count(*)) FROM secured");
        })
        .thenApply(r -> {
          seen.addAll(r);
          return Boolean.TRUE;
        }));
    assertEquals(List.of("\"" + role + "\"", "2"), seen);
    assertEquals(List.of(List.of("\"" + role + "\""), List.of("2")),
        script(shared, asRole("t1"), "SELECT to_json(current_user)", "SELECT to_json(count(*)) FROM secured"));
    SessionSettings unknown = SessionSettings.of(Map.of(), "tck no such role");
    Throwable tx = transactionFailure(shared, unknown, t -> rowsOf(t, shared, "SELECT to_jsonb(1)").thenApply(r -> Boolean.TRUE));
    assertTrue(tx instanceof FraiseQLException fe && fe.code() == ErrorCode.FORBIDDEN, "got " + tx);
    Throwable sc = failureOf(() -> script(shared, unknown, "SELECT to_json(1)"));
    assertTrue(sc instanceof FraiseQLException fe && fe.code() == ErrorCode.FORBIDDEN, "got " + sc);
    // 22023 (invalid_parameter_value) raised by a statement, with a role the database accepts
    Throwable own = failureOf(() -> script(shared, asRole(null), "SELECT to_json(g) FROM generate_series(1, 2, 0) g"));
    assertTrue(own instanceof FraiseQLException fe && fe.code() != ErrorCode.FORBIDDEN && "22023".equals(fe.sqlState()),
        "got " + own);
    awaitNoOpenTransactions();
  }

  // ---------------------------------------------------------------- errors

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("statement timeout -> TIMEOUT, and the connection is reused")
  void statementTimeout(Read read) {
    DatabaseBackend quick = open(1, Duration.ofMillis(150), Duration.ofSeconds(5));
    FraiseQLException e = error(quick, read, "SELECT to_jsonb(pg_sleep(3)::text)");
    assertEquals(ErrorCode.TIMEOUT, e.code());
    assertEquals("57014", e.sqlState());
    assertEquals(List.of("1"), strings(quick, SessionSettings.empty(), read, "SELECT to_jsonb(1)"));
  }

  @Test
  @DisplayName("unique violation -> CONFLICT with the constraint name")
  void uniqueViolation() {
    requires(Capability.WRITES);
    FraiseQLException e = error(shared, "INSERT INTO account VALUES (2, CAST($1 AS text), NULL) RETURNING to_jsonb(id)",
        "taken@example.com");
    assertEquals(ErrorCode.CONFLICT, e.code());
    assertEquals("23505", e.sqlState());
    assertEquals("account_email_key", e.constraint());
  }

  @Test
  @DisplayName("foreign-key violation -> CONSTRAINT_VIOLATION with the constraint name")
  void foreignKeyViolation() {
    requires(Capability.WRITES);
    FraiseQLException e = error(shared, "INSERT INTO account VALUES (3, 'new@example.com', 99) RETURNING to_jsonb(id)");
    assertEquals(ErrorCode.CONSTRAINT_VIOLATION, e.code());
    assertEquals("23503", e.sqlState());
    assertEquals("account_parent_fk", e.constraint());
  }

  @Test
  @DisplayName("not-null violation -> CONSTRAINT_VIOLATION naming the column")
  void notNullViolationNamesTheColumn() {
    requires(Capability.WRITES);
    FraiseQLException e = error(shared, "INSERT INTO item (id, name) VALUES (CAST($1 AS integer), NULL) RETURNING to_json(\"id\")",
        390);
    assertEquals(ErrorCode.CONSTRAINT_VIOLATION, e.code());
    assertEquals("23502", e.sqlState());
    assertEquals("name", e.column());
    assertFalse(e.getMessage().contains("390"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("serialization failure -> DATABASE_ERROR with SQLSTATE 40001")
  void serializationFailure(Read read) {
    FraiseQLException e = error(shared, read, "SELECT tck_serialization_failure()");
    assertEquals(ErrorCode.DATABASE_ERROR, e.code());
    assertEquals("40001", e.sqlState());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("syntax and data errors -> DATABASE_ERROR with their SQLSTATE, no SQL in the message")
  void syntaxAndDataErrors(Read read) {
    FraiseQLException syntax = error(shared, read, "SELEC to_jsonb(1)");
    assertEquals(ErrorCode.DATABASE_ERROR, syntax.code());
    assertEquals("42601", syntax.sqlState());
    assertFalse(syntax.getMessage().contains("SELEC"), syntax.getMessage());
    FraiseQLException division = error(shared, read, "SELECT to_jsonb(1 / (g - 3)) FROM generate_series(1, 5) g");
    assertEquals("22012", division.sqlState());
    assertEquals(ErrorCode.DATABASE_ERROR, division.code());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("connection lost (pg_terminate_backend) -> CONNECTION_ERROR, and the pool reconnects")
  void connectionLost(Read read) {
    DatabaseBackend one = open(1, Duration.ofSeconds(5), Duration.ofSeconds(5));
    assertEquals(List.of("1"), strings(one, SessionSettings.empty(), read, "SELECT to_jsonb(1)"));
    FraiseQLException e = error(one, read, "SELECT to_jsonb(pg_terminate_backend(pg_backend_pid()))");
    assertEquals(ErrorCode.CONNECTION_ERROR, e.code());
    assertEquals(List.of("2"), strings(one, SessionSettings.empty(), read, "SELECT to_jsonb(2)"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("idle connections terminated by the server are replaced: the next requests succeed")
  void reconnectsAfterTheServerTerminatesIdleConnections(Read read) throws Exception {
    DatabaseBackend two = open(2, Duration.ofSeconds(5), Duration.ofSeconds(5));
    String sessions = "SELECT jsonb_build_array(pg_backend_pid(), pg_sleep(0.2)::text)";
    CompletableFuture<Void> a = two.stream(SessionSettings.empty(), statement(two, read, sessions), (x, o, l) -> { }).toCompletableFuture();
    CompletableFuture<Void> b = two.stream(SessionSettings.empty(), statement(two, read, sessions), (x, o, l) -> { }).toCompletableFuture();
    a.get(30, TimeUnit.SECONDS);
    b.get(30, TimeUnit.SECONDS);
    queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"
        + url.database() + "' AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
    Thread.sleep(600);
    for (int i = 0; i < 4; i++) {
      assertEquals(List.of(Integer.toString(i)), strings(two, SessionSettings.empty(), read, "SELECT to_jsonb(CAST($1 AS integer))", i));
    }
    if (read == Read.BOUNDED && unsupported(Capability.WRITES) == null) {
      // scripts too: both connections were replaced above; terminate them again, then run scripts
      queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"
          + url.database() + "' AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
      Thread.sleep(600);
      for (int i = 0; i < 3; i++) {
        try {
          assertEquals(List.of(List.of("1"), List.of("2")), script(two, SessionSettings.empty(), "SELECT to_json(1)", "SELECT to_json(2)"));
        } catch (Throwable e) {
          throw new AssertionError("a script after the server terminated idle connections failed", e);
        }
      }
    }
    assertEquals(List.of("1"), strings(shared, SessionSettings.empty(), read, "SELECT to_jsonb(1)"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("an unreachable server -> CONNECTION_ERROR without the password; ping answers false")
  void unreachableServer(Read read) {
    DatabaseUrl nowhere = DatabaseUrl.parse("postgresql://app:hunter2-secret@127.0.0.1:1/nowhere");
    DatabaseBackend b;
    try {
      b = open(nowhere, 1, Duration.ofSeconds(1), Duration.ofMillis(500));
    } catch (RuntimeException e) { // failing fast at startup is allowed too
      assertFalse(String.valueOf(e.getMessage()).contains("hunter2-secret"), e.getMessage());
      return;
    }
    FraiseQLException e = error(b, read, "SELECT to_jsonb(1)");
    assertEquals(ErrorCode.CONNECTION_ERROR, e.code());
    assertFalse(e.getMessage().contains("hunter2-secret"), e.getMessage());
    assertEquals(Boolean.FALSE, b.ping().toCompletableFuture().join());
  }

  // ---------------------------------------------------------------- transactions

  @Test
  @DisplayName("a failing statement rolls its transaction back, leaving nothing behind")
  void failureRollsBack() throws InterruptedException {
    requires(Capability.WRITES);
    FraiseQLException e = error(shared, "INSERT INTO ledger VALUES (1), (2), (3) RETURNING to_jsonb(10 / (2 - id))");
    assertEquals("22012", e.sqlState());
    assertEquals(0, queryLong("SELECT count(*) FROM ledger"));
    awaitNoOpenTransactions();
  }

  @Test
  @DisplayName("a throwing sink rolls the transaction back; a completed statement commits")
  void sinkFailureRollsBackAndSuccessCommits() throws InterruptedException {
    requires(Capability.WRITES);
    IOException gone = new IOException("client went away");
    Throwable e = failure(shared, (x, o, l) -> {
      throw gone;
    }, "INSERT INTO ledger VALUES (11), (12), (13) RETURNING to_jsonb(id)");
    assertSame(gone, e);
    assertEquals(0, queryLong("SELECT count(*) FROM ledger WHERE id > 10"));
    assertEquals(List.of("21", "22"), strings(shared, SessionSettings.empty(), "INSERT INTO ledger VALUES (21), (22) RETURNING to_jsonb(id)"));
    assertEquals(2, queryLong("SELECT count(*) FROM ledger WHERE id > 20"));
    awaitNoOpenTransactions();
  }

  // ---------------------------------------------------------------- write transactions

  /** Runs one statement of a transaction; completes with its rows as UTF-8 strings. */
  private static CompletionStage<List<String>> rowsOf(Transaction tx, DatabaseBackend b, String sql, Object... params) {
    List<String> out = new ArrayList<>();
    return tx.stream(statement(b, sql, params), (bytes, off, len) -> out.add(new String(bytes, off, len, StandardCharsets.UTF_8)))
        .thenApply(done -> out);
  }

  /** Runs a transaction that must fail, and returns the failure. */
  private static Throwable transactionFailure(DatabaseBackend b, SessionSettings s, TransactionWork work) {
    try {
      await(b.transaction(s, work));
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("the transaction should have failed");
  }

  private static void awaitTransaction(DatabaseBackend b, SessionSettings s, TransactionWork work) {
    try {
      await(b.transaction(s, work));
    } catch (Throwable e) {
      throw new AssertionError("the transaction failed: " + e, e);
    }
  }

  private long items(int from, int to) {
    return queryLong("SELECT count(*) FROM item WHERE id BETWEEN " + from + " AND " + to);
  }

  @Test
  @DisplayName("transaction: statements see each other's writes; commit makes them visible, byte-identical")
  void transactionCommitMakesWritesVisible() throws InterruptedException {
    requires(Capability.WRITES);
    List<String> inserted = new ArrayList<>();
    List<byte[]> reread = new ArrayList<>();
    String select = "SELECT t.\"data\" FROM \"v_item\" t WHERE t.\"id\" = CAST($1 AS integer)";
    awaitTransaction(shared, SessionSettings.empty(), tx ->
        rowsOf(tx, shared, "INSERT INTO item (id, name) VALUES (101, CAST($1 AS text)) RETURNING to_json(\"id\")", "first")
            .thenCompose(r -> {
              inserted.addAll(r);
              return tx.stream(statement(shared, select, 101), (bytes, off, len) -> reread.add(Arrays.copyOfRange(bytes, off, off + len)));
            })
            .thenApply(done -> Boolean.TRUE));
    assertEquals(List.of("101"), inserted);
    assertEquals(1, items(101, 101), "committed");
    assertSameRows(reference(select, 101), reread);
    awaitNoOpenTransactions();
  }

  @Test
  @DisplayName("transaction: a work answering false rolls back; its stage completes normally; nothing is left")
  void transactionRollbackLeavesNothing() throws InterruptedException {
    requires(Capability.WRITES);
    List<String> seenInside = new ArrayList<>();
    awaitTransaction(shared, SessionSettings.empty(), tx ->
        rowsOf(tx, shared, "INSERT INTO item (id, name) VALUES (201, 'a'), (202, 'b') RETURNING to_json(\"id\")")
            .thenCompose(r -> rowsOf(tx, shared, "SELECT to_jsonb(count(*)) FROM item WHERE id BETWEEN 200 AND 299"))
            .thenApply(r -> {
              seenInside.addAll(r);
              return Boolean.FALSE;
            }));
    assertEquals(List.of("2"), seenInside, "the work saw its own writes");
    assertEquals(0, items(200, 299), "rolled back");
    awaitNoOpenTransactions();
  }

  @Test
  @DisplayName("transaction: a work that fails (or throws) rolls back and the stage fails with its own exception")
  void transactionFailingWorkRollsBack() throws InterruptedException {
    requires(Capability.WRITES);
    IllegalStateException own = new IllegalStateException("the work gave up");
    Throwable e = transactionFailure(shared, SessionSettings.empty(), tx ->
        rowsOf(tx, shared, "INSERT INTO item (id, name) VALUES (211, 'a') RETURNING to_json(\"id\")").thenApply(r -> {
          throw own;
        }));
    assertSame(own, e, "the stage fails with the work's own exception");
    IllegalArgumentException thrown = new IllegalArgumentException("thrown before any statement");
    assertSame(thrown, transactionFailure(shared, SessionSettings.empty(), tx -> {
      throw thrown;
    }));
    assertEquals(0, items(211, 211), "rolled back");
    assertEquals(List.of("1"), strings(shared, SessionSettings.empty(), "SELECT to_jsonb(1)"), "the backend still works");
    awaitNoOpenTransactions();
  }

  @Test
  @DisplayName("transaction: a work that ignores a failed statement and answers true still rolls back and fails")
  void transactionIgnoringAFailureStillRollsBack() throws InterruptedException {
    requires(Capability.WRITES);
    Throwable e = transactionFailure(shared, SessionSettings.empty(), tx ->
        rowsOf(tx, shared, "INSERT INTO item (id, name) VALUES (221, 'a') RETURNING to_json(\"id\")")
            .thenCompose(r -> rowsOf(tx, shared, "SELECT to_jsonb(1 / 0)"))
            .handle((r, failure) -> Boolean.TRUE));
    if (!(e instanceof FraiseQLException fe)) {
      throw new AssertionError("expected the failed statement's FraiseQLException, got " + e, e);
    }
    assertEquals("22012", fe.sqlState());
    assertEquals(0, items(221, 221), "nothing committed");
    awaitNoOpenTransactions();
  }

  /** Statements that fail after an earlier write in the same transaction, and how they map. */
  static Stream<Arguments> violations() {
    return Stream.of(
        Arguments.of("unique violation", 300, "INSERT INTO item (id, name) VALUES (CAST($1 AS integer), 'again') RETURNING to_json(\"id\")",
            ErrorCode.CONFLICT, "23505", "item_pkey"),
        Arguments.of("check violation", 310, "INSERT INTO item (id, name) VALUES (CAST($1 AS integer) + 1, '') RETURNING to_json(\"id\")",
            ErrorCode.CONSTRAINT_VIOLATION, "23514", "item_name_check"),
        Arguments.of("foreign-key violation", 320, "UPDATE item SET owner = 99 WHERE id = CAST($1 AS integer) RETURNING to_json(\"id\")",
            ErrorCode.CONSTRAINT_VIOLATION, "23503", "item_owner_fk"),
        Arguments.of("a trigger raising", 330, "INSERT INTO item (id, name) VALUES (CAST($1 AS integer) + 1, 'boom') RETURNING to_json(\"id\")",
            ErrorCode.DATABASE_ERROR, "P0001", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  @DisplayName("transaction: a failing later statement rolls back the earlier write, mapped with its constraint")
  void transactionFailingStatementRollsBackEarlierWrites(String label, int id, String failing, ErrorCode code, String sqlState,
      String constraint) throws InterruptedException {
    requires(Capability.WRITES);
    AtomicReference<Throwable> statementFailure = new AtomicReference<>();
    Throwable e = transactionFailure(shared, SessionSettings.empty(), tx ->
        rowsOf(tx, shared, "INSERT INTO item (id, name) VALUES (CAST($1 AS integer), 'ok') RETURNING to_json(\"id\")", id)
            .thenCompose(r -> {
              assertEquals(List.of(Integer.toString(id)), r);
              return rowsOf(tx, shared, failing, id);
            })
            .whenComplete((r, failure) -> statementFailure.set(failure))
            .thenApply(r -> Boolean.TRUE));
    if (!(e instanceof FraiseQLException fe)) {
      throw new AssertionError("a backend must fail with FraiseQLException (SqlStates.toException), got " + e, e);
    }
    Throwable fromStatement = statementFailure.get() instanceof CompletionException ce ? ce.getCause() : statementFailure.get();
    assertSame(fe, fromStatement, "the statement's stage failed with the same exception");
    assertEquals(code, fe.code(), label);
    assertEquals(sqlState, fe.sqlState(), label);
    assertEquals(constraint, fe.constraint(), label);
    assertFalse(fe.getMessage().contains("INSERT") || fe.getMessage().contains("item"), fe.getMessage());
    assertEquals(0, items(id, id + 1), "the earlier write was rolled back");
    awaitNoOpenTransactions();
  }

  @Test
  @DisplayName("transaction: INSERT, UPDATE and DELETE ... RETURNING stream their rows, unicode and quotes intact")
  void transactionReturningRowsStream() {
    requires(Capability.WRITES);
    List<List<String>> answers = new ArrayList<>();
    awaitTransaction(shared, SessionSettings.empty(), tx ->
        rowsOf(tx, shared, "INSERT INTO item (id, name) VALUES (401, 'a'), (402, CAST($1 AS text))"
            + " RETURNING jsonb_build_object('id', id, 'name', name)", "ü \"q\" 'é' 😀\\")
            .thenCompose(r -> {
              answers.add(r);
              return rowsOf(tx, shared, "UPDATE item SET qty = qty + 5 WHERE id = 402 RETURNING to_json(qty)");
            })
            .thenCompose(r -> {
              answers.add(r);
              return rowsOf(tx, shared, "DELETE FROM item WHERE id = 401 RETURNING to_json(name)");
            })
            .thenCompose(r -> {
              answers.add(r);
              return rowsOf(tx, shared, "UPDATE item SET qty = 0 WHERE id = 499 RETURNING to_json(qty)");
            })
            .thenApply(r -> {
              answers.add(r);
              return Boolean.TRUE;
            }));
    assertEquals(List.of(
        List.of("{\"id\": 401, \"name\": \"a\"}", "{\"id\": 402, \"name\": \"ü \\\"q\\\" 'é' 😀\\\\\"}"),
        List.of("5"), List.of("\"a\""), List.of()), answers);
    String sql = "SELECT data FROM v_item WHERE id BETWEEN 400 AND 499 ORDER BY id";
    assertSameRows(reference(sql), rows(shared, SessionSettings.empty(), sql));
    assertEquals(1, items(400, 499));
  }

  /** Tries to lock an item row from another connection without waiting; the SQLSTATE, or null when it got the lock. */
  private String tryLock(int id) {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement()) {
      st.executeQuery("SELECT id FROM item WHERE id = " + id + " FOR UPDATE NOWAIT").close();
      return null;
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  @Test
  @DisplayName("transaction: SELECT ... FOR UPDATE streams and holds the row lock until commit")
  void transactionSelectForUpdate() {
    requires(Capability.WRITES);
    TestDatabase.execute(url, "INSERT INTO item (id, name) VALUES (501, 'locked')");
    ExecutorService probe = Executors.newSingleThreadExecutor();
    try {
      List<String> locked = new ArrayList<>();
      AtomicReference<String> whileHeld = new AtomicReference<>();
      List<String> updated = new ArrayList<>();
      awaitTransaction(shared, SessionSettings.empty(), tx ->
          rowsOf(tx, shared, "SELECT to_jsonb(t.name) FROM item t WHERE t.id = CAST($1 AS integer) FOR UPDATE", 501)
              .thenCompose(r -> {
                locked.addAll(r);
                // the next statement is issued from another thread, after the probe: allowed by the contract
                return CompletableFuture.supplyAsync(() -> tryLock(501), probe);
              })
              .thenCompose(state -> {
                whileHeld.set(state);
                return rowsOf(tx, shared, "UPDATE item SET qty = 7 WHERE id = 501 RETURNING to_json(qty)");
              })
              .thenApply(r -> {
                updated.addAll(r);
                return Boolean.TRUE;
              }));
      assertEquals(List.of("\"locked\""), locked);
      assertEquals("55P03", whileHeld.get(), "another connection could lock the row the transaction had locked");
      assertEquals(List.of("7"), updated);
      assertEquals(null, tryLock(501), "the lock is released at commit");
      assertEquals(7, queryLong("SELECT qty FROM item WHERE id = 501"));
    } finally {
      probe.shutdownNow();
    }
  }

  @Test
  @DisplayName("transaction: SELECT to_json(r) FROM fn(jsonb) AS r streams; a RAISE inside -> DATABASE_ERROR with its SQLSTATE, nothing left")
  void transactionFunctionCalls() throws InterruptedException {
    requires(Capability.WRITES);
    String call = "SELECT to_json(r) FROM tck_add_item(CAST(CAST($1 AS text) AS jsonb)) AS r";
    List<String> created = new ArrayList<>();
    awaitTransaction(shared, SessionSettings.empty(), tx -> rowsOf(tx, shared, call, "{\"id\": 603, \"name\": \"fine ü\"}")
        .thenApply(r -> created.addAll(r)));
    assertEquals(List.of("{\"status\":\"created\",\"id\":603,\"entity\":{\"id\": 603, \"qty\": 0, \"name\": \"fine ü\", \"tenant\": null}}"),
        created);
    assertEquals(1, items(603, 603));
    for (String sqlState : List.of("P0001", "FQ001")) {
      Throwable e = transactionFailure(shared, SessionSettings.empty(), tx ->
          rowsOf(tx, shared, "INSERT INTO item (id, name) VALUES (601, 'before') RETURNING to_json(\"id\")")
              .thenCompose(r -> rowsOf(tx, shared, call, "{\"id\": 602, \"name\": \"x\", \"raise\": \"" + sqlState + "\"}"))
              .thenApply(r -> Boolean.TRUE));
      if (!(e instanceof FraiseQLException fe)) {
        throw new AssertionError("a backend must fail with FraiseQLException (SqlStates.toException), got " + e, e);
      }
      assertEquals(ErrorCode.DATABASE_ERROR, fe.code());
      assertEquals(sqlState, fe.sqlState());
      assertFalse(fe.getMessage().contains("refused"), "no database message in the error: " + fe.getMessage());
      assertEquals(0, items(601, 602), "the write before the call and the function's own write are rolled back");
    }
    awaitNoOpenTransactions();
  }

  @Test
  @DisplayName("transaction: session variables and the prelude are visible to every statement, defaults and functions")
  void transactionSeesSessionVariables() {
    requires(Capability.WRITES);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("app.tenant_id", "tü'7");
    settings.put("app.user", "u-1");
    List<String> seen = new ArrayList<>();
    awaitTransaction(shared, SessionSettings.of(settings), tx ->
        rowsOf(tx, shared, "INSERT INTO item (id, name) VALUES (701, 'mine') RETURNING to_json(tenant)")
            .thenCompose(r -> {
              seen.addAll(r);
              return rowsOf(tx, shared, "SELECT to_json(r) FROM tck_add_item(CAST(CAST($1 AS text) AS jsonb)) AS r",
                  "{\"id\": 702, \"name\": \"fn\"}");
            })
            .thenCompose(r -> {
              seen.addAll(r);
              return rowsOf(tx, shared, "SELECT jsonb_build_array(current_setting('app.tenant_id'), current_setting('app.user'),"
                  + " current_setting('TimeZone'), current_setting('statement_timeout'))");
            })
            .thenApply(r -> {
              seen.addAll(r);
              return Boolean.TRUE;
            }));
    assertEquals(List.of("\"tü'7\"",
        "{\"status\":\"created\",\"id\":702,\"entity\":{\"id\": 702, \"qty\": 0, \"name\": \"fn\", \"tenant\": \"tü'7\"}}",
        "[\"tü'7\", \"u-1\", \"UTC\", \"10s\"]"), seen);
    assertEquals(2, queryLong("SELECT count(*) FROM item WHERE tenant = 'tü''7'"));
    for (int i = 0; i < 8; i++) { // every pooled connection: nothing left over
      List<String> after = new ArrayList<>();
      awaitTransaction(shared, SessionSettings.empty(), tx ->
          rowsOf(tx, shared, "SELECT to_jsonb(coalesce(current_setting('app.tenant_id', true), ''))").thenApply(after::addAll));
      assertEquals(List.of("\"\""), after);
    }
  }

  @Test
  @DisplayName("transaction: 16 concurrent read-modify-write transactions on one row (FOR UPDATE) all complete, no lost update")
  void concurrentTransactionsUpdatingOneRow() throws Exception {
    requires(Capability.WRITES);
    TestDatabase.execute(url, "INSERT INTO item (id, name, qty) VALUES (801, 'counter', 0)");
    int n = 16;
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        results.add(callers.submit(() -> {
          List<String> wrote = new ArrayList<>();
          awaitTransaction(shared, SessionSettings.empty(), tx ->
              rowsOf(tx, shared, "SELECT to_jsonb(qty) FROM item WHERE id = 801 FOR UPDATE")
                  .thenCompose(r -> rowsOf(tx, shared, "UPDATE item SET qty = CAST($1 AS integer) WHERE id = 801 RETURNING to_json(qty)",
                      Integer.parseInt(r.get(0)) + 1))
                  .thenApply(wrote::addAll));
          return wrote;
        }));
      }
      List<String> written = new ArrayList<>();
      for (Future<List<String>> f : results) {
        written.addAll(f.get(60, TimeUnit.SECONDS));
      }
      written.sort(java.util.Comparator.comparingInt(Integer::parseInt));
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        expected.add(Integer.toString(i));
      }
      assertEquals(expected, written, "each transaction read the previous one's committed value");
      assertEquals(n, queryLong("SELECT qty FROM item WHERE id = 801"));
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  @DisplayName("transaction: a non-blocking backend returns at once and runs the work on its own threads")
  void transactionDoesNotBlockTheCaller() throws Throwable {
    requires(Capability.WRITES);
    AtomicReference<Thread> workThread = new AtomicReference<>();
    AtomicReference<Thread> sinkThread = new AtomicReference<>();
    long t0 = System.nanoTime();
    CompletionStage<Void> stage = shared.transaction(SessionSettings.empty(), tx -> {
      workThread.set(Thread.currentThread());
      return tx.stream(statement(shared, "SELECT to_jsonb(pg_sleep(0.5)::text)"), (x, o, l) -> sinkThread.set(Thread.currentThread()))
          .thenApply(done -> Boolean.TRUE);
    });
    Duration returnedAfter = Duration.ofNanos(System.nanoTime() - t0);
    boolean doneOnReturn = stage.toCompletableFuture().isDone();
    await(stage);
    assertNotNull(sinkThread.get(), "the row reached the sink");
    if (shared.blocking()) {
      assertTrue(doneOnReturn, "a blocking backend completes before transaction() returns");
    } else {
      assertFalse(doneOnReturn, "a non-blocking backend must not run the transaction on the calling thread");
      assertTrue(returnedAfter.compareTo(Duration.ofMillis(400)) < 0, "transaction() blocked for " + returnedAfter);
      assertNotEquals(Thread.currentThread(), workThread.get(), "the work runs on the backend's threads");
      assertNotEquals(Thread.currentThread(), sinkThread.get(), "the sink runs on the backend's threads");
    }
  }

  // ---------------------------------------------------------------- pool and concurrency

  @Test
  @DisplayName("50 concurrent requests from 8 threads over a pool of 4 keep their own rows and settings")
  void concurrentRequests() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = i;
        results.add(callers.submit(() -> strings(shared, SessionSettings.of(Map.of("app.request", "r" + n)),
            "SELECT jsonb_build_array(current_setting('app.request'), CAST($1 AS integer), g, 'end')"
                + " FROM generate_series(1, 300) g", n)));
      }
      for (int i = 0; i < 50; i++) {
        List<String> r = results.get(i).get(60, TimeUnit.SECONDS);
        assertEquals(300, r.size());
        assertEquals("[\"r" + i + "\", " + i + ", 1, \"end\"]", r.get(0));
        assertEquals("[\"r" + i + "\", " + i + ", 300, \"end\"]", r.get(299));
      }
    } finally {
      callers.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- scripts

  /** Runs a script and returns each statement's rows as strings. */
  private List<List<String>> script(DatabaseBackend b, SessionSettings s, String... sqlAndParams) throws Throwable {
    List<SqlStatement> statements = new ArrayList<>();
    List<RowSink> sinks = new ArrayList<>();
    List<List<String>> out = new ArrayList<>();
    for (String sql : sqlAndParams) {
      List<String> rows = new ArrayList<>();
      out.add(rows);
      statements.add(statement(b, Read.BOUNDED, sql));
      sinks.add((bytes, off, len) -> rows.add(new String(bytes, off, len, StandardCharsets.UTF_8)));
    }
    await(b.script(s, statements, sinks));
    return out;
  }

  @Test
  @DisplayName("a script runs its statements in order in one transaction: later ones see earlier writes; it commits")
  void scriptCommits() throws Throwable {
    requires(Capability.WRITES);
    List<List<String>> r = script(shared, SessionSettings.empty(),
        "INSERT INTO item (id, name) VALUES (901, 'script') RETURNING to_json(id)",
        "SELECT t.data - 'tenant' FROM v_item t WHERE t.id = 901",
        "UPDATE item SET qty = 5 WHERE id = 901 RETURNING to_json(qty)",
        "SELECT to_json(count(*)) FROM item WHERE id = 999");
    assertEquals(List.of(List.of("901"), List.of("{\"id\": 901, \"qty\": 0, \"name\": \"script\"}"),
        List.of("5"), List.of("0")), r);
    assertEquals(1, queryLong("SELECT count(*) FROM item WHERE id = 901 AND qty = 5"), "committed");
    awaitNoOpenTransactions();
  }

  @Test
  @DisplayName("a failing statement rolls the whole script back and stops it; the error is mapped")
  void scriptFailureRollsBack() throws Throwable {
    requires(Capability.WRITES);
    Throwable late = failureOf(() -> script(shared, SessionSettings.empty(),
        "INSERT INTO item (id, name) VALUES (902, 'script') RETURNING to_json(id)",
        "SELECT to_json(1 / (id - 902)) FROM item WHERE id = 902"));
    assertTrue(late instanceof FraiseQLException fe && "22012".equals(fe.sqlState()), "got " + late);
    assertEquals(0, items(902, 902), "the first statement's insert was rolled back");
    Throwable early = failureOf(() -> script(shared, SessionSettings.empty(),
        "INSERT INTO account VALUES (903, 'taken@example.com', NULL) RETURNING to_json(id)",
        "INSERT INTO item (id, name) VALUES (903, 'never') RETURNING to_json(id)"));
    assertTrue(early instanceof FraiseQLException fe && fe.code() == ErrorCode.CONFLICT
        && "account_email_key".equals(fe.constraint()), "got " + early);
    assertEquals(0, items(903, 903), "a statement after the failing one never ran");
    assertEquals(0, queryLong("SELECT count(*) FROM account WHERE id = 903"));
    assertEquals(List.of(List.of("1")), script(shared, SessionSettings.empty(), "SELECT to_json(1)"), "the pool recovers");
    awaitNoOpenTransactions();
  }

  @Test
  @DisplayName("a script sees the session variables in every statement; a sink's exception completes it")
  void scriptSessionVariablesAndSinks() throws Throwable {
    requires(Capability.WRITES);
    List<List<String>> r = script(shared, tenant("t-script"),
        "INSERT INTO item (id, name) VALUES (904, 'tenant') RETURNING to_json(tenant)",
        "SELECT jsonb_build_array(current_setting('app.tenant_id'), current_setting('TimeZone'))");
    assertEquals(List.of(List.of("\"t-script\""), List.of("[\"t-script\", \"UTC\"]")), r);
    IllegalStateException broken = new IllegalStateException("sink broke");
    Throwable e = failureOf(() -> await(shared.script(SessionSettings.empty(),
        List.of(statement(shared, Read.BOUNDED, "SELECT to_json(905)")), List.of((bytes, off, len) -> {
          throw broken;
        }))));
    assertSame(broken, e);
    Throwable mismatch = failureOf(() -> await(shared.script(SessionSettings.empty(),
        List.of(statement(shared, Read.BOUNDED, "SELECT to_json(1)")), List.of())));
    assertTrue(mismatch instanceof IllegalArgumentException, "got " + mismatch);
    awaitNoOpenTransactions();
  }

  private interface Failing {
    void run() throws Throwable;
  }

  private static Throwable failureOf(Failing f) {
    try {
      f.run();
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("should have failed");
  }

  @Test
  @DisplayName("60 concurrent small bounded reads without session variables from 8 threads keep their own rows")
  void concurrentBoundedReads() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int n = i;
        results.add(callers.submit(() -> strings(shared, SessionSettings.empty(), Read.BOUNDED,
            "SELECT jsonb_build_array(CAST($1 AS integer), g) FROM generate_series(1, CAST($2 AS integer)) g", n, 1 + n % 40)));
      }
      for (int i = 0; i < 60; i++) {
        List<String> r = results.get(i).get(60, TimeUnit.SECONDS);
        assertEquals(1 + i % 40, r.size());
        assertEquals("[" + i + ", 1]", r.get(0));
        assertEquals("[" + i + ", " + r.size() + "]", r.get(r.size() - 1));
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("pool exhaustion fails with CONNECTION_ERROR after the bounded wait; the pool then recovers")
  void poolExhaustion(Read read) throws Exception {
    requires(Capability.BOUNDED_POOL);
    DatabaseBackend one = open(1, Duration.ofSeconds(10), Duration.ofMillis(300));
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      Future<List<String>> holder = callers.submit(() -> strings(one, SessionSettings.empty(), read,
          "SELECT to_jsonb(pg_sleep(2)::text || 'held')"));
      String active = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + url.database()
          + "' AND state = 'active' AND query LIKE '%''held''%' AND pid <> pg_backend_pid()";
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (queryLong(active) == 0) {
        assertTrue(System.nanoTime() < deadline, "the first statement never started");
        Thread.sleep(10);
      }
      long t0 = System.nanoTime();
      Future<Throwable> waiter = callers.submit(() -> failure(one, read, (x, o, l) -> { }, "SELECT to_jsonb(2)"));
      Throwable e = waiter.get(30, TimeUnit.SECONDS);
      Duration waited = Duration.ofNanos(System.nanoTime() - t0);
      assertTrue(e instanceof FraiseQLException fe && fe.code() == ErrorCode.CONNECTION_ERROR,
          "expected CONNECTION_ERROR, got " + e);
      assertTrue(waited.compareTo(Duration.ofMillis(1500)) < 0, "the wait is bounded by poolTimeout; it took " + waited);
      assertFalse(holder.isDone(), "failed while the only connection was still busy");
      assertEquals(List.of("\"held\""), holder.get(30, TimeUnit.SECONDS));
      assertEquals(List.of("3"), strings(one, SessionSettings.empty(), read, "SELECT to_jsonb(3)"));
    } finally {
      callers.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- threading and health

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  @DisplayName("blocking() tells the truth: a non-blocking backend returns before the query is done")
  void blockingFlagTellsTheTruth(Read read) throws Throwable {
    AtomicReference<Thread> sinkThread = new AtomicReference<>();
    long t0 = System.nanoTime();
    CompletionStage<Void> stage = shared.stream(SessionSettings.empty(),
        statement(shared, read, "SELECT to_jsonb(pg_sleep(0.5)::text)"), (x, o, l) -> sinkThread.set(Thread.currentThread()));
    Duration returnedAfter = Duration.ofNanos(System.nanoTime() - t0);
    boolean doneOnReturn = stage.toCompletableFuture().isDone();
    await(stage);
    if (shared.blocking()) {
      assertTrue(doneOnReturn, "a blocking backend completes before stream() returns");
    } else {
      assertFalse(doneOnReturn, "a non-blocking backend must not run the query on the calling thread");
      assertTrue(returnedAfter.compareTo(Duration.ofMillis(400)) < 0, "stream() blocked for " + returnedAfter);
      assertNotEquals(Thread.currentThread(), sinkThread.get(), "the sink runs on the backend's threads");
    }
  }

  @Test
  @DisplayName("probe answers true while every pooled connection is busy, and false once the backend is closed")
  void probeAnswersWhileThePoolIsBusy() throws Throwable {
    DatabaseBackend one = open(1, Duration.ofSeconds(10), Duration.ofSeconds(5));
    CompletableFuture<Void> holder = streamElsewhere(one, statement(one, "SELECT to_jsonb(pg_sleep(3)::text)"), (b, o, l) -> { });
    String active = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + url.database()
        + "' AND state = 'active' AND wait_event = 'PgSleep'";
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (queryLong(active) == 0) {
      assertTrue(System.nanoTime() < deadline, "the holding statement never started: " + holder);
      Thread.sleep(10);
    }
    long t0 = System.nanoTime();
    assertEquals(Boolean.TRUE, await(CompletableFuture.supplyAsync(() -> one.probe()).thenCompose(p -> p)));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertFalse(holder.isDone(), "the only pooled connection was busy during the probe");
    assertTrue(took.compareTo(Duration.ofMillis(2_500)) < 0, "probe took " + took);
    await(holder);
    opened.remove(one);
    one.close();
    assertEquals(Boolean.FALSE, await(one.probe()));
  }

  @Test
  @DisplayName("ping answers true, and false once the backend is closed, never failing")
  void ping() throws Throwable {
    assertEquals(Boolean.TRUE, await(shared.ping()));
    DatabaseBackend b = open(1, Duration.ofSeconds(5), Duration.ofMillis(500));
    assertEquals(Boolean.TRUE, await(b.ping()));
    opened.remove(b);
    b.close();
    assertEquals(Boolean.FALSE, await(b.ping()));
  }
}
