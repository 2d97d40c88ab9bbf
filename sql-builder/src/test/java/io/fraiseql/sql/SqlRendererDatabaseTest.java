package io.fraiseql.sql;

import static io.fraiseql.sql.Plans.and;
import static io.fraiseql.sql.Plans.cmp;
import static io.fraiseql.sql.Plans.column;
import static io.fraiseql.sql.Plans.isNull;
import static io.fraiseql.sql.Plans.json;
import static io.fraiseql.sql.Plans.key;
import static io.fraiseql.sql.Plans.list;
import static io.fraiseql.sql.Plans.not;
import static io.fraiseql.sql.Plans.or;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.OrderKey.Direction;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;
import io.fraiseql.api.plan.Where.Op;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs rendered statements against a real PostgreSQL and checks the rows: typed comparisons,
 * literal string matching, null semantics, total ordering and index use through hybrid views.
 * The fixtures are read-only and live in their own schema.
 */
class SqlRendererDatabaseTest {
  static final String SCHEMA = "fraiseql_sqlb_test";
  static final Source ITEMS = new Source(SCHEMA + ".v_item", "data", "id", "uuid");
  static final Source EVENTS = new Source(SCHEMA + ".v_event", "data", "id", "uuid");

  static final FieldRef PRICE_COL = column("price", "numeric", ScalarKind.BIG_DECIMAL);
  static final FieldRef PRICE = json(ScalarKind.BIG_DECIMAL, "price");
  static final FieldRef CREATED_COL = column("created_at", "timestamptz", ScalarKind.DATE_TIME);
  static final FieldRef CREATED = json(ScalarKind.DATE_TIME, "created_at");
  static final FieldRef RANK = json(ScalarKind.INT, "rank");
  static final FieldRef NAME = json(ScalarKind.STRING, "name");
  static final FieldRef NAME_COL = column("name", "text", ScalarKind.STRING);
  static final FieldRef NOTE = json(ScalarKind.STRING, "note");
  static final FieldRef AUTHOR_NAME = json(ScalarKind.STRING, "author", "full_name");

  private static final Pattern N = Pattern.compile("\"n\": (\\d+)");

  static final String FIXTURES =
      """
      DROP SCHEMA IF EXISTS fraiseql_sqlb_test CASCADE;
      CREATE SCHEMA fraiseql_sqlb_test;
      SET search_path = fraiseql_sqlb_test;
      CREATE TABLE tb_item (
        id uuid PRIMARY KEY, name text, price numeric, created_at timestamptz,
        data jsonb NOT NULL);
      CREATE VIEW v_item AS SELECT id, name, price, created_at, data FROM tb_item;
      CREATE VIEW "we""ird?view" AS SELECT id, data AS "da""ta?" FROM tb_item;
      INSERT INTO tb_item VALUES
       ('00000000-0000-0000-0000-000000000001', 'apple', 9, '2026-01-01T10:00:00Z',
        '{"n": 1, "name": "apple", "price": 9, "created_at": "2026-01-01T10:00:00+00:00",
          "rank": 3, "note": "50% off", "score": 2.5, "active": true, "day": "2026-01-01",
          "code": "A1", "uid": "7f0c3e52-0000-4000-8000-000000000001",
          "author": {"full_name": "Ann"}, "it''s?": "yes", "meta": {"k": 1}}'),
       ('00000000-0000-0000-0000-000000000002', 'banana', 10, '2026-01-02T00:00:00+02:00',
        '{"n": 2, "name": "banana", "price": 10, "created_at": "2026-01-02T00:00:00+02:00",
          "rank": 2, "note": "500 off", "score": 10.25, "active": false, "day": "2026-01-02",
          "author": {"full_name": "Bob"}}'),
       ('00000000-0000-0000-0000-000000000003', 'cherry', 100, '2026-01-01T23:00:00Z',
        '{"n": 3, "name": "cherry", "price": 100, "created_at": "2026-01-01T23:00:00+00:00",
          "rank": null, "note": "a_b", "author": {"full_name": null}}'),
       ('00000000-0000-0000-0000-000000000004', NULL, NULL, NULL, '{"n": 4}'),
       ('00000000-0000-0000-0000-000000000005', 'date', 10, '2025-12-31T00:00:00Z',
        '{"n": 5, "name": "date", "price": 10, "created_at": "2025-12-31T00:00:00+00:00",
          "rank": 1, "note": "back\\\\slash"}'),
       ('00000000-0000-0000-0000-000000000006', 'elder', 1000, '2026-01-01T12:00:00Z',
        '{"n": 6, "name": "elder", "price": 1000, "created_at": "2026-01-01T12:00:00+00:00",
          "rank": 3, "note": "axb", "author": {}}');

      CREATE TABLE tb_event (id uuid PRIMARY KEY, created_at timestamptz NOT NULL, data jsonb NOT NULL);
      INSERT INTO tb_event
        SELECT md5(g::text)::uuid, timestamptz '2025-01-01T00:00:00Z' + g * interval '1 minute',
               jsonb_build_object('n', g, 'created_at', timestamptz '2025-01-01T00:00:00Z' + g * interval '1 minute')
        FROM generate_series(1, 20000) g;
      CREATE INDEX ix_event_created_at_id ON tb_event (created_at, id);
      CREATE INDEX ix_event_data_n_id ON tb_event (((data->>'n')::integer), id);
      CREATE VIEW v_event AS SELECT id, created_at, data FROM tb_event;
      CREATE VIEW v_event_local AS SELECT id, created_at, created_at::timestamp AS day, data FROM tb_event;
      ANALYZE tb_event;
      ANALYZE tb_item;
      CREATE VIEW v_nulls AS SELECT id::uuid AS id, data::jsonb AS data FROM (VALUES
        ('00000000-0000-0000-0000-000000000001', '{"n": 1, "tags": ["sea", "sun"], "meta": {"x": 1}}'),
        ('00000000-0000-0000-0000-000000000002', '{"n": 2, "tags": ["rock"], "meta": {"y": 1}}'),
        ('00000000-0000-0000-0000-000000000003', '{"n": 3, "tags": null, "meta": null}'),
        ('00000000-0000-0000-0000-000000000004', '{"n": 4}'),
        ('00000000-0000-0000-0000-000000000005', '{"n": 5, "tags": [], "meta": {}}')) v(id, data);
      RESET search_path;
      """;

  static final SqlRenderer JDBC = new SqlRenderer(BindStyle.QUESTION_MARK);
  static final SqlRenderer WIRE = new SqlRenderer(BindStyle.DOLLAR_NUMBERED);

  static Connection conn;

  @BeforeAll
  static void setUp() throws SQLException {
    conn = io.fraiseql.tck.TestDatabase.connect(io.fraiseql.tck.TestDatabase.get().createDatabase("sqlb"));
    try (Statement st = conn.createStatement()) {
      st.execute(FIXTURES);
    }
  }

  @AfterAll
  static void tearDown() throws SQLException {
    if (conn != null) {
      try (Statement st = conn.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      }
      conn.close();
    }
  }

  /** Executes with pgjdbc, binding every parameter with setObject; returns each row's "n". */
  static List<Integer> run(SqlStatement statement) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(statement.sql())) {
      for (int i = 0; i < statement.params().size(); i++) {
        ps.setObject(i + 1, statement.params().get(i));
      }
      List<Integer> ns = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Matcher m = N.matcher(rs.getString(1));
          assertThat(m.find()).as("row has an n: %s", rs.getString(1)).isTrue();
          ns.add(Integer.parseInt(m.group(1)));
        }
      }
      return ns;
    }
  }

  static List<Integer> where(Where where) throws SQLException {
    return run(JDBC.select(list(ITEMS, where)));
  }

  static List<Integer> orderBy(OrderKey... keys) throws SQLException {
    return run(JDBC.select(list(ITEMS, null, List.of(keys), null, null)));
  }

  static OffsetDateTime at(String iso) {
    return OffsetDateTime.parse(iso);
  }

  // ---- NOT is three-valued for every operator family: a null (absent or JSON null) never matches

  static final Source NULLS = new Source(SCHEMA + ".v_nulls", "data", "id", "uuid");
  static final FieldRef TAGS = json(ScalarKind.STRING, "tags");
  static final FieldRef META = json(ScalarKind.JSON, "meta");

  static List<Integer> nulls(Where where) throws SQLException {
    return run(JDBC.select(list(NULLS, where)));
  }

  @Test
  void notOverListAndJsonOperatorsLeavesNullsOut() throws SQLException {
    Where contains = new Where.ListCompare(TAGS, Where.ListOp.CONTAINS, List.of("sea"));
    assertThat(nulls(contains)).containsExactly(1);
    assertThat(nulls(not(contains))).containsExactly(2, 5);
    assertThat(nulls(not(new Where.ListCompare(TAGS, Where.ListOp.CONTAINED_BY, List.of("sea", "sun")))))
        .containsExactly(2);
    assertThat(nulls(not(new Where.ListCompare(TAGS, Where.ListOp.OVERLAPS, List.of("sea", "x")))))
        .containsExactly(2, 5);
    assertThat(nulls(not(new Where.ListCompare(TAGS, Where.ListOp.LEN_GT, 0)))).containsExactly(5);
    Where hasKey = new Where.JsonCompare(META, Where.JsonOp.HAS_KEY, "x");
    assertThat(nulls(hasKey)).containsExactly(1);
    assertThat(nulls(not(hasKey))).containsExactly(2, 5);
    assertThat(nulls(not(new Where.JsonCompare(META, Where.JsonOp.EQ, java.util.Map.of("x", 1)))))
        .containsExactly(2, 5);
    assertThat(nulls(not(new Where.JsonCompare(META, Where.JsonOp.CONTAINED_BY, java.util.Map.of("y", 1)))))
        .containsExactly(1);
    assertThat(nulls(not(new Where.JsonCompare(META, Where.JsonOp.HAS_ANY_KEYS, List.of("x", "y")))))
        .containsExactly(5);
    // double negation is the plain operator again, nulls still out
    assertThat(nulls(not(not(contains)))).containsExactly(1);
    assertThat(nulls(not(or(contains, hasKey)))).containsExactly(2, 5);
  }

  @Test
  void emptyInAndNinAreUnknownForNullsEvenUnderNot() throws SQLException {
    assertThat(where(cmp(RANK, Op.NIN, List.of()))).containsExactly(1, 2, 5, 6);
    assertThat(where(not(cmp(RANK, Op.NIN, List.of())))).isEmpty();
    assertThat(where(cmp(RANK, Op.IN, List.of()))).isEmpty();
    assertThat(where(not(cmp(RANK, Op.IN, List.of())))).containsExactly(1, 2, 5, 6);
  }

  @Test
  void inListsOfEveryTypeBindOneArrayAndPassTheProtocolLimit() throws SQLException {
    List<Integer> ranks = new ArrayList<>(java.util.stream.IntStream.rangeClosed(2, 70_001).boxed().toList());
    SqlStatement big = JDBC.select(list(ITEMS, cmp(RANK, Op.IN, ranks)));
    assertThat(big.params()).hasSize(1);
    assertThat(run(big)).containsExactly(1, 2, 6);
    assertThat(where(cmp(RANK, Op.NIN, List.of(3)))).containsExactly(2, 5);
    assertThat(where(cmp(NAME, Op.IN, List.of("apple", "it's, \"quoted\" {x} \\ NULL")))).containsExactly(1);
    assertThat(where(cmp(NOTE, Op.IN, List.of("back\\slash", "a_b")))).containsExactly(3, 5);
    assertThat(where(cmp(PRICE_COL, Op.IN, List.of(new BigDecimal("9.0"), new BigDecimal("1E+3"))))).containsExactly(1, 6);
    assertThat(where(cmp(CREATED_COL, Op.IN, List.of(at("2026-01-01T12:00+02:00"), at("2026-01-01T10:00:00Z")))))
        .containsExactly(1);
    assertThat(where(cmp(json(ScalarKind.FLOAT, "score"), Op.IN, List.of(2.5d, 1.0E-5d)))).containsExactly(1);
    assertThat(where(cmp(json(ScalarKind.DATE, "day"), Op.IN, List.of(LocalDate.parse("2026-01-02"))))).containsExactly(2);
    assertThat(where(cmp(column("id", "uuid", ScalarKind.ID), Op.NIN,
        List.of(UUID.fromString("00000000-0000-0000-0000-000000000001"))))).containsExactly(2, 3, 4, 5, 6);
  }

  // ---- typed comparisons

  @Test
  void numbersCompareAsNumbersThroughTheFlatColumn() throws SQLException {
    assertThat(where(cmp(PRICE_COL, Op.LT, 10))).containsExactly(1);
    assertThat(where(cmp(PRICE_COL, Op.GT, new BigDecimal("9")))).containsExactly(2, 3, 5, 6);
    assertThat(where(cmp(PRICE_COL, Op.GTE, 100L))).containsExactly(3, 6);
    assertThat(where(cmp(PRICE_COL, Op.LTE, 10.0d))).containsExactly(1, 2, 5);
  }

  @Test
  void numbersCompareAsNumbersThroughTheJsonPath() throws SQLException {
    assertThat(where(cmp(PRICE, Op.LT, new BigDecimal("10")))).containsExactly(1);
    assertThat(where(cmp(PRICE, Op.GT, 9))).containsExactly(2, 3, 5, 6);
    assertThat(where(cmp(PRICE, Op.GTE, 100))).containsExactly(3, 6);
    assertThat(where(cmp(PRICE, Op.NEQ, 10))).containsExactly(1, 3, 6);
  }

  @Test
  void timestampsCompareAsTimestamps() throws SQLException {
    // Row 2 is 2026-01-02T00:00+02:00 = 2026-01-01T22:00Z: earlier than 22:30Z as a timestamp,
    // although its text sorts after.
    OffsetDateTime t = at("2026-01-01T22:30:00Z");
    assertThat(where(cmp(CREATED_COL, Op.LT, t))).containsExactly(1, 2, 5, 6);
    assertThat(where(cmp(CREATED, Op.LT, t))).containsExactly(1, 2, 5, 6);
    assertThat(where(cmp(CREATED, Op.GTE, at("2026-01-01T22:00:00Z")))).containsExactly(2, 3);
    assertThat(where(cmp(CREATED, Op.EQ, at("2026-01-01T23:00:00+01:00")))).containsExactly(2);
  }

  static Stream<Arguments> everyKind() {
    return Stream.of(
        Arguments.of(NAME, "banana", List.of(2)),
        Arguments.of(NAME_COL, "banana", List.of(2)),
        Arguments.of(RANK, 1, List.of(5)),
        Arguments.of(json(ScalarKind.FLOAT, "score"), 10.25d, List.of(2)),
        Arguments.of(PRICE, new BigDecimal("100.00"), List.of(3)),
        Arguments.of(json(ScalarKind.BOOLEAN, "active"), Boolean.FALSE, List.of(2)),
        Arguments.of(
            json(ScalarKind.UUID, "uid"),
            UUID.fromString("7f0c3e52-0000-4000-8000-000000000001"),
            List.of(1)),
        Arguments.of(json(ScalarKind.DATE, "day"), LocalDate.of(2026, 1, 2), List.of(2)),
        Arguments.of(CREATED, at("2025-12-31T00:00:00Z"), List.of(5)),
        Arguments.of(CREATED_COL, at("2025-12-31T01:00:00+01:00"), List.of(5)),
        Arguments.of(json(ScalarKind.ID, "code"), "A1", List.of(1)),
        Arguments.of(
            column("id", "uuid", ScalarKind.ID),
            UUID.fromString("00000000-0000-0000-0000-000000000004"),
            List.of(4)));
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void everyKindBindsAndCompares(FieldRef field, Object value, List<Integer> expected)
      throws SQLException {
    assertThat(where(cmp(field, Op.EQ, value))).containsExactlyElementsOf(expected);
  }

  @Test
  void jsonKindReadsJsonb() throws SQLException {
    assertThat(where(isNull(json(ScalarKind.JSON, "meta"), false))).containsExactly(1);
    List<Integer> ordered =
        orderBy(key(json(ScalarKind.JSON, "meta"), Direction.ASC_NULLS_LAST));
    assertThat(ordered).startsWith(1).hasSize(6);
  }

  // ---- strings

  @Test
  void containsMatchesLiterally() throws SQLException {
    assertThat(where(cmp(NOTE, Op.CONTAINS, "%"))).containsExactly(1);
    assertThat(where(cmp(NOTE, Op.CONTAINS, "0% o"))).containsExactly(1);
    assertThat(where(cmp(NOTE, Op.CONTAINS, "_"))).containsExactly(3);
    assertThat(where(cmp(NOTE, Op.CONTAINS, "a_b"))).containsExactly(3);
    assertThat(where(cmp(NOTE, Op.CONTAINS, "\\"))).containsExactly(5);
    assertThat(where(cmp(NOTE, Op.ICONTAINS, "A_B"))).containsExactly(3);
  }

  @Test
  void startsAndEndsWithMatchLiterally() throws SQLException {
    assertThat(where(cmp(NOTE, Op.STARTSWITH, "50%"))).containsExactly(1);
    assertThat(where(cmp(NOTE, Op.ISTARTSWITH, "BACK\\"))).containsExactly(5);
    assertThat(where(cmp(NOTE, Op.ENDSWITH, "_b"))).containsExactly(3);
    assertThat(where(cmp(NOTE, Op.IENDSWITH, "OFF"))).containsExactly(1, 2);
    assertThat(where(cmp(NAME_COL, Op.STARTSWITH, "b"))).containsExactly(2);
  }

  @Test
  void likeAndIlikeTakePatterns() throws SQLException {
    assertThat(where(cmp(NOTE, Op.LIKE, "50%"))).containsExactly(1, 2);
    assertThat(where(cmp(NOTE, Op.ILIKE, "A_B"))).containsExactly(3, 6);
  }

  @Test
  void regularExpressions() throws SQLException {
    assertThat(where(cmp(NAME, Op.MATCHES, "^[ab]"))).containsExactly(1, 2);
    assertThat(where(cmp(NAME, Op.IMATCHES, "^A|RR"))).containsExactly(1, 3);
    assertThat(where(cmp(NAME_COL, Op.NOT_MATCHES, "^a"))).containsExactly(2, 3, 5, 6);
  }

  // ---- null semantics (rank: 1->3, 2->2, 3->JSON null, 4->absent, 5->1, 6->3)

  @Test
  void comparisonsNeverMatchNulls() throws SQLException {
    assertThat(where(cmp(RANK, Op.EQ, 3))).containsExactly(1, 6);
    assertThat(where(cmp(RANK, Op.NEQ, 3))).containsExactly(2, 5);
    assertThat(where(cmp(RANK, Op.IN, List.of(3, 1)))).containsExactly(1, 5, 6);
    assertThat(where(cmp(RANK, Op.NIN, List.of(3)))).containsExactly(2, 5);
    assertThat(where(cmp(RANK, Op.NIN, List.of()))).containsExactly(1, 2, 5, 6);
    assertThat(where(cmp(RANK, Op.IN, List.of()))).isEmpty();
    assertThat(where(cmp(AUTHOR_NAME, Op.NEQ, "Ann"))).containsExactly(2);
  }

  @Test
  void notUsesThreeValuedLogic() throws SQLException {
    assertThat(where(not(cmp(RANK, Op.EQ, 3)))).containsExactly(2, 5);
    assertThat(where(not(cmp(RANK, Op.IN, List.of(1, 2))))).containsExactly(1, 6);
    assertThat(where(not(cmp(RANK, Op.NIN, List.of(1, 2))))).containsExactly(2, 5);
    assertThat(where(not(isNull(RANK, true)))).containsExactly(1, 2, 5, 6);
    assertThat(where(not(and()))).isEmpty();
    assertThat(where(not(or()))).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void isNullCoversJsonNullAndAbsentKeys() throws SQLException {
    assertThat(where(isNull(RANK, true))).containsExactly(3, 4);
    assertThat(where(isNull(RANK, false))).containsExactly(1, 2, 5, 6);
    assertThat(where(isNull(AUTHOR_NAME, true))).containsExactly(3, 4, 5, 6);
    assertThat(where(isNull(PRICE_COL, true))).containsExactly(4);
  }

  @Test
  void junctions() throws SQLException {
    assertThat(where(or(cmp(RANK, Op.EQ, 3), isNull(RANK, true)))).containsExactly(1, 3, 4, 6);
    assertThat(where(and(cmp(RANK, Op.EQ, 3), cmp(PRICE_COL, Op.GT, 9)))).containsExactly(6);
    assertThat(where(and())).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(where(or())).isEmpty();
  }

  // ---- ordering

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ASC              | 5,2,1,6,3,4",
        "DESC             | 3,4,1,6,2,5",
        "ASC_NULLS_FIRST  | 3,4,5,2,1,6",
        "ASC_NULLS_LAST   | 5,2,1,6,3,4",
        "DESC_NULLS_FIRST | 3,4,1,6,2,5",
        "DESC_NULLS_LAST  | 1,6,2,5,3,4"
      })
  void orderingWithNullsAndIdTies(Direction direction, String expected) throws SQLException {
    List<Integer> rows = Stream.of(expected.split(",")).map(Integer::valueOf).toList();
    assertThat(orderBy(key(RANK, direction))).containsExactlyElementsOf(rows);
  }

  @Test
  void numbersOrderAsNumbers() throws SQLException {
    assertThat(orderBy(key(PRICE_COL, Direction.ASC))).containsExactly(1, 2, 5, 3, 6, 4);
    assertThat(orderBy(key(PRICE, Direction.DESC_NULLS_LAST))).containsExactly(6, 3, 2, 5, 1, 4);
  }

  @Test
  void timestampsOrderAsTimestamps() throws SQLException {
    assertThat(orderBy(key(CREATED, Direction.ASC))).containsExactly(5, 1, 6, 2, 3, 4);
    assertThat(orderBy(key(CREATED_COL, Direction.ASC))).containsExactly(5, 1, 6, 2, 3, 4);
  }

  @Test
  void severalKeysAndPaging() throws SQLException {
    QueryDef q =
        list(
            ITEMS,
            isNull(RANK, false),
            List.of(key(RANK, Direction.DESC), key(PRICE, Direction.ASC)),
            2,
            1);
    assertThat(run(JDBC.select(q))).containsExactly(6, 2);
    assertThat(run(JDBC.select(list(ITEMS, null, List.of(), 0, null)))).isEmpty();
  }

  @Test
  void selectById() throws SQLException {
    UUID two = UUID.fromString("00000000-0000-0000-0000-000000000002");
    assertThat(run(JDBC.select(Plans.byId(ITEMS, two, null)))).containsExactly(2);
    assertThat(run(JDBC.select(Plans.byId(ITEMS, two, cmp(RANK, Op.EQ, 2))))).containsExactly(2);
    assertThat(run(JDBC.select(Plans.byId(ITEMS, two, cmp(RANK, Op.EQ, 3))))).isEmpty();
    assertThat(run(JDBC.select(Plans.byId(ITEMS, UUID.randomUUID(), null)))).isEmpty();
  }

  @Test
  void quotedIdentifiersAndKeysRoundTrip() throws SQLException {
    Source weird = new Source(SCHEMA + ".we\"ird?view", "da\"ta?", "id", "uuid");
    FieldRef key = json(ScalarKind.STRING, "it's?");
    SqlStatement st = JDBC.select(list(weird, cmp(key, Op.EQ, "yes")));
    assertThat(st.sql().chars().filter(c -> c == '?').count()).isEqualTo(1);
    assertThat(run(st)).containsExactly(1);
    assertThat(run(JDBC.select(list(weird, isNull(json(ScalarKind.INT, "rank"), true)))))
        .containsExactly(3, 4);
  }

  @Test
  void dollarStyleRunsAsAPreparedStatement() throws SQLException {
    SqlStatement st =
        WIRE.select(
            list(
                ITEMS,
                and(cmp(PRICE, Op.IN, List.of(9, 10)), cmp(NOTE, Op.CONTAINS, "0")),
                List.of(key(PRICE_COL, Direction.DESC)),
                10,
                0));
    try (Statement s = conn.createStatement()) {
      s.execute("PREPARE sqlb_dollar AS " + st.sql());
      try (ResultSet rs = s.executeQuery("EXECUTE sqlb_dollar('{\"9\",\"10\"}', '%0%', 10, 0)")) {
        List<Integer> ns = new ArrayList<>();
        while (rs.next()) {
          Matcher m = N.matcher(rs.getString(1));
          assertThat(m.find()).isTrue();
          ns.add(Integer.parseInt(m.group(1)));
        }
        assertThat(ns).containsExactly(2, 1);
      } finally {
        s.execute("DEALLOCATE sqlb_dollar");
      }
    }
  }

  // ---- aggregates

  @Test
  void aggregateObjectsBeyondFiftyKeysAndBucketsOfPlainTimestampsRun() throws SQLException {
    List<io.fraiseql.api.plan.AggregateDef.Measure> measures = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      measures.add(new io.fraiseql.api.plan.AggregateDef.Measure("n" + i, new io.fraiseql.api.plan.AggregateDef.Aggregate(
          io.fraiseql.api.plan.AggregateDef.Function.MAX, json(ScalarKind.INT, "n"))));
    }
    // a timestamp without time zone column is read as timestamptz (the session is UTC)
    FieldRef day = FieldRef.column("day", "timestamp without time zone", List.of("day"), ScalarKind.DATE_TIME);
    io.fraiseql.api.plan.AggregateDef plan = new io.fraiseql.api.plan.AggregateDef("g",
        new Source(SCHEMA + ".v_event_local", "data", "id", "uuid"),
        new io.fraiseql.api.plan.Selection.ObjectSelection("G", List.of()), cmp(CREATED_COL, Op.LT,
        at("2025-01-03T00:00:00Z")), List.of(new io.fraiseql.api.plan.AggregateDef.GroupKey("day", day,
        io.fraiseql.api.plan.AggregateDef.TimeBucket.DAY)), true, measures, List.of(), List.of(), 1, null, true, true);
    SqlStatement st = WIRE.aggregate(plan);
    try (Statement s = conn.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("PREPARE sqlb_agg AS " + st.sql());
      try (ResultSet rs = s.executeQuery("EXECUTE sqlb_agg('2025-01-03T00:00:00Z', 1)")) {
        assertThat(rs.next()).isTrue();
        String doc = rs.getString(1);
        assertThat(doc).contains("\"n0\": 1439", "\"n59\": 1439", "\"day\": \"2025-01-01T00:00:00+00:00\"");
        assertThat(rs.next()).isFalse();
      } finally {
        s.execute("DEALLOCATE sqlb_agg");
      }
    }
  }

  // ---- plans

  static String explain(SqlStatement statement) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("EXPLAIN " + statement.sql())) {
      for (int i = 0; i < statement.params().size(); i++) {
        ps.setObject(i + 1, statement.params().get(i));
      }
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      return plan.toString();
    }
  }

  @Test
  void orderedPageOverAHybridViewUsesTheBaseTableIndex() throws SQLException {
    SqlStatement st =
        JDBC.select(
            list(
                EVENTS,
                cmp(CREATED_COL, Op.GTE, at("2025-01-05T00:00:00Z")),
                List.of(key(CREATED_COL, Direction.ASC)),
                20,
                null));
    String plan = explain(st);
    assertThat(plan)
        .as(plan)
        .contains("Limit")
        .contains("Index")
        .contains("ix_event_created_at_id")
        .doesNotContain("Sort");
    List<Integer> rows = run(st);
    assertThat(rows).hasSize(20);
    assertThat(rows.get(0)).isEqualTo(4 * 24 * 60);
    for (int i = 1; i < rows.size(); i++) {
      assertThat(rows.get(i)).isEqualTo(rows.get(i - 1) + 1);
    }
  }

  @Test
  void descendingPageScansTheIndexBackwards() throws SQLException {
    // DESC on created_at + the ASC id tie-breaker: the (created_at, id) index still orders the
    // leading key, so the plan reads it with an incremental sort, never a full sort.
    SqlStatement st =
        JDBC.select(list(EVENTS, null, List.of(key(CREATED_COL, Direction.DESC)), 10, null));
    String plan = explain(st);
    assertThat(plan).as(plan).contains("Limit").contains("ix_event_created_at_id");
    assertThat(run(st)).startsWith(20000, 19999);
  }

  @Test
  void jsonPathOrderUsesAnExpressionIndex() throws SQLException {
    FieldRef n = json(ScalarKind.INT, "n");
    SqlStatement st =
        JDBC.select(list(EVENTS, cmp(n, Op.GT, 100), List.of(key(n, Direction.ASC)), 5, 10));
    String plan = explain(st);
    assertThat(plan).as(plan).contains("Limit").contains("Index").contains("ix_event_data_n_id");
    assertThat(run(st)).containsExactly(111, 112, 113, 114, 115);
  }

  @Test
  void preparedDollarStatementUsesTheIndex() throws SQLException {
    SqlStatement st =
        WIRE.select(list(EVENTS, null, List.of(key(CREATED_COL, Direction.ASC)), 20, 100));
    try (Statement s = conn.createStatement()) {
      s.execute("PREPARE sqlb_plan AS " + st.sql());
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE sqlb_plan(20, 100)")) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      } finally {
        s.execute("DEALLOCATE sqlb_plan");
      }
      assertThat(plan.toString())
          .as(plan.toString())
          .contains("Limit")
          .contains("Index")
          .contains("ix_event_created_at_id");
    }
  }

}
