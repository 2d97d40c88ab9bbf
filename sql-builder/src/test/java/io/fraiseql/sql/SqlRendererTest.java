package io.fraiseql.sql;

import static io.fraiseql.sql.Plans.and;
import static io.fraiseql.sql.Plans.byId;
import static io.fraiseql.sql.Plans.cmp;
import static io.fraiseql.sql.Plans.column;
import static io.fraiseql.sql.Plans.isNull;
import static io.fraiseql.sql.Plans.json;
import static io.fraiseql.sql.Plans.key;
import static io.fraiseql.sql.Plans.list;
import static io.fraiseql.sql.Plans.not;
import static io.fraiseql.sql.Plans.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.OrderKey.Direction;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;
import io.fraiseql.api.plan.Where.Op;
import io.fraiseql.sql.internal.BindTypes;
import io.fraiseql.sql.internal.RenderContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SqlRendererTest {
  static final Source USERS = new Source("v_user", "data", "id", "uuid");
  static final String BASE = "SELECT t.\"data\" FROM \"v_user\" t";
  static final String BY_ID_ORDER = " ORDER BY t.\"id\" ASC";
  static final FieldRef AGE = json(ScalarKind.INT, "age");
  static final FieldRef NAME = json(ScalarKind.STRING, "full_name");
  static final FieldRef EMAIL_COLUMN = column("email", "text", ScalarKind.STRING);

  final SqlRenderer jdbc = new SqlRenderer(BindStyle.QUESTION_MARK);
  final SqlRenderer wire = new SqlRenderer(BindStyle.DOLLAR_NUMBERED);

  /** The WHERE clause of a list query over USERS, rendered with {@code ?}. */
  String where(Where where) {
    return where(jdbc, where);
  }

  static String where(SqlRenderer renderer, Where where) {
    String sql = renderer.select(list(USERS, where)).sql();
    assertThat(sql).startsWith(BASE + " WHERE ").endsWith(BY_ID_ORDER);
    return sql.substring((BASE + " WHERE ").length(), sql.length() - BY_ID_ORDER.length());
  }

  @Nested
  class Shape {
    @Test
    void statementsDeclareTheMostRowsTheyReturn() {
      assertThat(jdbc.select(list(USERS, null)).maxRows()).isEqualTo(SqlStatement.UNBOUNDED);
      assertThat(jdbc.select(list(USERS, null, List.of(), 20, 40)).maxRows()).isEqualTo(20);
      assertThat(jdbc.select(list(USERS, null, List.of(), 0, null)).maxRows()).isZero();
      assertThat(jdbc.select(list(USERS, null, List.of(), null, 5)).maxRows()).isEqualTo(SqlStatement.UNBOUNDED);
      assertThat(wire.select(byId(USERS, UUID.randomUUID(), null)).maxRows()).isEqualTo(1);
      assertThat(jdbc.selectPage(list(USERS, null, List.of(), 11, null)).maxRows()).isEqualTo(11);
      assertThat(jdbc.count(list(USERS, null)).maxRows()).isEqualTo(1);
      SqlStatement limited = jdbc.select(list(USERS, null, List.of(), 20, null));
      assertThat(limited.boundedBy(20)).isTrue();
      assertThat(limited.boundedBy(19)).isFalse();
      assertThat(jdbc.select(list(USERS, null)).boundedBy(Integer.MAX_VALUE)).isFalse();
      assertThat(limited.toString()).contains("at most 20 rows").doesNotContain("secret");
    }

    @Test
    void plainListIsOrderedById() {
      SqlStatement st = jdbc.select(list(USERS, null));
      assertThat(st.sql()).isEqualTo(BASE + BY_ID_ORDER);
      assertThat(st.params()).isEmpty();
    }

    @Test
    void dataAndIdColumnsComeFromTheSource() {
      Source src = new Source("tv_post", "doc", "pk", "bigint");
      assertThat(jdbc.select(list(src, null)).sql())
          .isEqualTo("SELECT t.\"doc\" FROM \"tv_post\" t ORDER BY t.\"pk\" ASC");
      assertThat(jdbc.select(list(src, cmp(AGE, Op.EQ, 1))).sql())
          .isEqualTo(
              "SELECT t.\"doc\" FROM \"tv_post\" t WHERE (t.\"doc\"->>'age')::integer"
                  + " = CAST(? AS integer) ORDER BY t.\"pk\" ASC");
    }

    @Test
    void fullListStatementWithQuestionMarks() {
      SqlStatement st =
          jdbc.select(
              list(
                  USERS,
                  and(cmp(AGE, Op.GTE, 18), cmp(EMAIL_COLUMN, Op.ENDSWITH, "@x.org")),
                  List.of(key(column("created_at", "timestamptz", ScalarKind.DATE_TIME), Direction.DESC)),
                  20,
                  40));
      assertThat(st.sql())
          .isEqualTo(
              BASE
                  + " WHERE ((t.\"data\"->>'age')::integer >= CAST(? AS integer)"
                  + " AND t.\"email\" LIKE CAST(? AS text) ESCAPE '\\')"
                  + " ORDER BY t.\"created_at\" DESC, t.\"id\" ASC"
                  + " LIMIT CAST(? AS integer) OFFSET CAST(? AS integer)");
      assertThat(st.params()).containsExactly(18, "%@x.org", 20, 40);
    }

    @Test
    void fullListStatementWithDollarNumbers() {
      SqlStatement st =
          wire.select(
              list(
                  USERS,
                  or(cmp(AGE, Op.IN, List.of(1, 2)), cmp(NAME, Op.EQ, "x")),
                  List.of(key(AGE, Direction.ASC)),
                  5,
                  0));
      assertThat(st.sql())
          .isEqualTo(
              BASE
                  + " WHERE ((t.\"data\"->>'age')::integer = ANY (CAST(CAST($1 AS text) AS integer[]))"
                  + " OR t.\"data\"->>'full_name' = CAST($2 AS text))"
                  + " ORDER BY (t.\"data\"->>'age')::integer ASC, t.\"id\" ASC"
                  + " LIMIT CAST($3 AS integer) OFFSET CAST($4 AS integer)");
      assertThat(st.params()).hasSize(4);
      assertThat(st.params()).containsExactly("{\"1\",\"2\"}", "x", 5, 0);
    }

    @Test
    void limitAndOffsetAreEachOptional() {
      assertThat(jdbc.select(list(USERS, null, List.of(), 10, null)).sql())
          .isEqualTo(BASE + BY_ID_ORDER + " LIMIT CAST(? AS integer)");
      assertThat(wire.select(list(USERS, null, List.of(), null, 7)).sql())
          .isEqualTo(BASE + BY_ID_ORDER + " OFFSET CAST($1 AS integer)");
      assertThat(wire.select(list(USERS, null, List.of(), null, 7)).params()).containsExactly(7);
    }

    @Test
    void negativeLimitOrOffsetIsRejected() {
      assertThatThrownBy(() -> jdbc.select(list(USERS, null, List.of(), -1, null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
      assertThatThrownBy(() -> jdbc.select(list(USERS, null, List.of(), null, -1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("offset");
    }

    @Test
    void byIdSelectsOneRowWithoutOrder() {
      UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
      SqlStatement st = jdbc.select(byId(USERS, id, null));
      assertThat(st.sql()).isEqualTo(BASE + " WHERE t.\"id\" = CAST(? AS uuid)");
      assertThat(st.params()).containsExactly(id);
    }

    @Test
    void byIdAddsTheWhere() {
      SqlStatement st = wire.select(byId(USERS, "u1", or(cmp(AGE, Op.LT, 3), isNull(AGE, true))));
      assertThat(st.sql())
          .isEqualTo(
              BASE
                  + " WHERE t.\"id\" = CAST($1 AS text) AND ((t.\"data\"->>'age')::integer"
                  + " < CAST($2 AS integer) OR t.\"data\"->>'age' IS NULL)");
      assertThat(st.params()).containsExactly("u1", 3);
    }

    @Test
    void rendererBasics() {
      assertThat(jdbc.bindStyle()).isEqualTo(BindStyle.QUESTION_MARK);
      assertThat(wire.toString()).isEqualTo("SqlRenderer[DOLLAR_NUMBERED]");
      assertThatThrownBy(() -> new SqlRenderer(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> jdbc.select(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void noQuestionMarkOutsideOfPlaceholders() {
      Source odd = new Source("s?.v?", "d?", "i?", "text");
      FieldRef field = FieldRef.json(List.of("a?", "b?"), ScalarKind.INT);
      SqlStatement st =
          jdbc.select(
              list(odd, and(cmp(field, Op.IN, List.of(1, 2, 3)), cmp(field, Op.MATCHES, "x?")),
                  List.of(key(field, Direction.DESC)), 1, 2));
      long marks = st.sql().chars().filter(c -> c == '?').count();
      assertThat(marks).isEqualTo(st.params().size()).isEqualTo(4);
    }
  }

  @Nested
  class Quoting {
    @Test
    void identifiersAreDoubleQuotedWithQuotesDoubled() {
      Source src = new Source("we\"ird", "da\"ta", "i\"d", "text");
      assertThat(jdbc.select(list(src, null)).sql())
          .isEqualTo("SELECT t.\"da\"\"ta\" FROM \"we\"\"ird\" t ORDER BY t.\"i\"\"d\" ASC");
    }

    @Test
    void schemaQualifiedRelationQuotesEachPart() {
      assertThat(jdbc.select(list(new Source("public.v_user", "data", "id", "uuid"), null)).sql())
          .startsWith("SELECT t.\"data\" FROM \"public\".\"v_user\" t ");
      assertThat(jdbc.select(list(new Source("my\"schema.we\"ird", "data", "id", "uuid"), null)).sql())
          .startsWith("SELECT t.\"data\" FROM \"my\"\"schema\".\"we\"\"ird\" t ");
    }

    @Test
    void flatColumnsAreQuoted() {
      assertThat(where(cmp(column("we\"ird col", "integer", ScalarKind.INT), Op.EQ, 1)))
          .isEqualTo("t.\"we\"\"ird col\" = CAST(? AS integer)");
    }

    @Test
    void jsonKeysAreStringLiteralsWithQuotesDoubled() {
      FieldRef field = FieldRef.json(List.of("o'brien", "it''s"), ScalarKind.STRING);
      assertThat(where(cmp(field, Op.EQ, "x")))
          .isEqualTo("t.\"data\"->'o''brien'->>'it''''s' = CAST(? AS text)");
    }

    @Test
    void backslashesInKeysAreLiteral() {
      assertThat(where(cmp(json(ScalarKind.STRING, "a\\b"), Op.EQ, "x")))
          .isEqualTo("t.\"data\"->>'a\\b' = CAST(? AS text)");
    }

    @Test
    void questionMarksUseUnicodeEscapes() {
      Source src = new Source("we?ird", "da\\?ta", "id", "text");
      FieldRef field = FieldRef.json(List.of("it's?", "a\\b?"), ScalarKind.STRING);
      assertThat(jdbc.select(list(src, isNull(field, true))).sql())
          .isEqualTo(
              "SELECT t.U&\"da\\\\\\003Fta\" FROM U&\"we\\003Fird\" t"
                  + " WHERE t.U&\"da\\\\\\003Fta\"->U&'it''s\\003F'->>U&'a\\\\b\\003F' IS NULL"
                  + " ORDER BY t.\"id\" ASC");
    }

    @ParameterizedTest
    @CsvSource(
        value = {"''", "a..b", ".v", "v.", "nul\0l"},
        emptyValue = "")
    void badRelationNamesAreRejected(String relation) {
      Source src = new Source(relation, "data", "id", "text");
      assertThatThrownBy(() -> jdbc.select(list(src, null)))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badIdentifiersAndKeysAreRejected() {
      assertThatThrownBy(() -> where(cmp(column("", "text", ScalarKind.STRING), Op.EQ, "x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("identifier");
      assertThatThrownBy(() -> where(cmp(json(ScalarKind.STRING, "a\0"), Op.EQ, "x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NUL");
      RenderContext ctx = new RenderContext(BindStyle.QUESTION_MARK);
      assertThatThrownBy(() -> ctx.identifier(null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ctx.qualifiedName(null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ctx.literal(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyJsonKeyIsAValidKey() {
      assertThat(where(isNull(json(ScalarKind.STRING, ""), false)))
          .isEqualTo("t.\"data\"->>'' IS NOT NULL");
    }
  }

  @Nested
  class Fields {
    static Stream<Arguments> kinds() {
      return Stream.of(
          Arguments.of(ScalarKind.STRING, "t.\"data\"->'a'->>'b'"),
          Arguments.of(ScalarKind.ID, "t.\"data\"->'a'->>'b'"),
          Arguments.of(ScalarKind.ENUM, "t.\"data\"->'a'->>'b'"),
          Arguments.of(ScalarKind.INT, "(t.\"data\"->'a'->>'b')::integer"),
          Arguments.of(ScalarKind.FLOAT, "(t.\"data\"->'a'->>'b')::double precision"),
          Arguments.of(ScalarKind.BIG_DECIMAL, "(t.\"data\"->'a'->>'b')::numeric"),
          Arguments.of(ScalarKind.BOOLEAN, "(t.\"data\"->'a'->>'b')::boolean"),
          Arguments.of(ScalarKind.UUID, "(t.\"data\"->'a'->>'b')::uuid"),
          Arguments.of(ScalarKind.DATE, "(t.\"data\"->'a'->>'b')::date"),
          Arguments.of(ScalarKind.DATE_TIME, "(t.\"data\"->'a'->>'b')::timestamptz"),
          Arguments.of(ScalarKind.JSON, "t.\"data\"->'a'->'b'"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void jsonPathIsCastToTheKindsType(ScalarKind kind, String expression) {
      SqlStatement st =
          jdbc.select(list(USERS, null, List.of(key(json(kind, "a", "b"), Direction.ASC)), null, null));
      assertThat(st.sql()).isEqualTo(BASE + " ORDER BY " + expression + " ASC, t.\"id\" ASC");
    }

    @Test
    void singleKeyPath() {
      assertThat(where(cmp(AGE, Op.GT, 1))).isEqualTo("(t.\"data\"->>'age')::integer > CAST(? AS integer)");
    }

    @Test
    void flatColumnIsUsedAsIs() {
      FieldRef price = column("price", "numeric", ScalarKind.BIG_DECIMAL);
      assertThat(where(cmp(price, Op.LT, new BigDecimal("9.5"))))
          .isEqualTo("t.\"price\" < CAST(? AS numeric)");
    }

    @Test
    void nullTestsUseTheTextPathSoJsonNullIsNull() {
      assertThat(where(isNull(AGE, true))).isEqualTo("t.\"data\"->>'age' IS NULL");
      assertThat(where(isNull(json(ScalarKind.JSON, "meta", "x"), false)))
          .isEqualTo("t.\"data\"->'meta'->>'x' IS NOT NULL");
      assertThat(where(isNull(EMAIL_COLUMN, true))).isEqualTo("t.\"email\" IS NULL");
    }

    @Test
    void jsonReferenceNeedsAKind() {
      FieldRef noKind = FieldRef.json(List.of("a"), null);
      assertThatThrownBy(() -> where(cmp(noKind, Op.EQ, 1)))
          .isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  class Binds {
    static Stream<Arguments> castTable() {
      return Stream.of(
          Arguments.of("s", "text"),
          Arguments.of(1, "integer"),
          Arguments.of(1L, "bigint"),
          Arguments.of(1.5d, "double precision"),
          Arguments.of(new BigDecimal("1.50"), "numeric"),
          Arguments.of(Boolean.TRUE, "boolean"),
          Arguments.of(UUID.randomUUID(), "uuid"),
          Arguments.of(LocalDate.of(2026, 1, 2), "date"),
          Arguments.of(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), "timestamptz"));
    }

    @ParameterizedTest
    @MethodSource("castTable")
    void valueClassDecidesTheCast(Object value, String type) {
      FieldRef f = column("c", type, ScalarKind.STRING);
      SqlStatement q = jdbc.select(list(USERS, cmp(f, Op.EQ, value)));
      assertThat(q.sql()).contains("t.\"c\" = CAST(? AS " + type + ")");
      assertThat(q.params()).containsExactly(value);
      SqlStatement d = wire.select(list(USERS, cmp(f, Op.EQ, value)));
      assertThat(d.sql()).contains("t.\"c\" = CAST($1 AS " + type + ")");
      assertThat(BindTypes.sqlTypeOf(value)).isEqualTo(type);
    }

    static Stream<Object> unsupported() {
      return Stream.of(1.5f, (short) 1, new Date(0), LocalDateTime.of(2026, 1, 1, 0, 0), 'c',
          new StringBuilder("x"), new Object());
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void otherValueClassesAreRejected(Object value) {
      assertThatThrownBy(() -> jdbc.select(list(USERS, cmp(AGE, Op.EQ, value))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(value.getClass().getName());
      assertThatThrownBy(() -> jdbc.select(list(USERS, cmp(AGE, Op.IN, List.of(1, value)))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> jdbc.select(byId(USERS, value, null)))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIsNotABindValue() {
      assertThatThrownBy(() -> BindTypes.sqlTypeOf(null))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void placeholders() {
      assertThat(RenderContext.placeholder(BindStyle.QUESTION_MARK, 3)).isEqualTo("?");
      assertThat(RenderContext.placeholder(BindStyle.DOLLAR_NUMBERED, 12)).isEqualTo("$12");
      assertThatThrownBy(() -> RenderContext.placeholder(BindStyle.DOLLAR_NUMBERED, 0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(new RenderContext(BindStyle.DOLLAR_NUMBERED).bindStyle())
          .isEqualTo(BindStyle.DOLLAR_NUMBERED);
    }
  }

  @Nested
  class Operators {
    @ParameterizedTest
    @CsvSource({"EQ,=", "NEQ,<>", "GT,>", "GTE,>=", "LT,<", "LTE,<="})
    void comparisons(Op op, String sql) {
      assertThat(where(cmp(AGE, op, 42)))
          .isEqualTo("(t.\"data\"->>'age')::integer " + sql + " CAST(? AS integer)");
      assertThat(where(wire, cmp(AGE, op, 42)))
          .isEqualTo("(t.\"data\"->>'age')::integer " + sql + " CAST($1 AS integer)");
    }

    @Test
    void comparisonWithAListIsRejected() {
      assertThatThrownBy(() -> where(cmp(AGE, Op.EQ, List.of(1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("single value");
    }

    @Test
    void inIsOneArrayParameterHoweverLongTheList() {
      SqlStatement st = wire.select(list(USERS, cmp(AGE, Op.IN, List.of(1, 2, 3))));
      assertThat(st.sql()).contains("(t.\"data\"->>'age')::integer = ANY (CAST(CAST($1 AS text) AS integer[]))");
      assertThat(st.params()).containsExactly("{\"1\",\"2\",\"3\"}");
      assertThat(where(cmp(NAME, Op.IN, List.of("a"))))
          .isEqualTo("t.\"data\"->>'full_name' = ANY (CAST(CAST(? AS text) AS text[]))");
      // quotes and backslashes are escaped inside the literal; every element is quoted
      assertThat(jdbc.select(list(USERS, cmp(NAME, Op.IN, List.of("a\"b", "c\\d", "NULL", "{x,y}")))).params())
          .containsExactly("{\"a\\\"b\",\"c\\\\d\",\"NULL\",\"{x,y}\"}");
      List<Integer> many = java.util.stream.IntStream.range(0, 70_000).boxed().toList();
      SqlStatement big = wire.select(list(USERS, cmp(AGE, Op.IN, many)));
      assertThat(big.params()).hasSize(1);
      assertThat(((String) big.params().get(0)).split(",")).hasSize(70_000);
    }

    @Test
    void inArraysKeepTheirElementType() {
      UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
      SqlStatement st = jdbc.select(list(USERS, cmp(column("id", "uuid", ScalarKind.ID), Op.IN, List.of(u))));
      assertThat(st.sql()).contains("t.\"id\" = ANY (CAST(CAST(? AS text) AS uuid[]))");
      assertThat(st.params()).containsExactly("{\"" + u + "\"}");
      assertThatThrownBy(() -> jdbc.select(list(USERS, cmp(AGE, Op.IN, List.of(1, 2L)))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one class");
    }

    @Test
    void nin() {
      assertThat(where(cmp(AGE, Op.NIN, List.of(1, 2))))
          .isEqualTo("(t.\"data\"->>'age')::integer <> ALL (CAST(CAST(? AS text) AS integer[]))");
    }

    @Test
    void emptyInNeverMatchesAndEmptyNinMatchesEveryNonNullBothUnknownForNull() {
      SqlStatement in = jdbc.select(list(USERS, cmp(AGE, Op.IN, List.of())));
      assertThat(in.sql()).isEqualTo(BASE + " WHERE (CASE WHEN t.\"data\"->>'age' IS NOT NULL THEN FALSE END)" + BY_ID_ORDER);
      assertThat(in.params()).isEmpty();
      SqlStatement nin = jdbc.select(list(USERS, cmp(AGE, Op.NIN, List.of())));
      assertThat(nin.sql()).isEqualTo(BASE + " WHERE (CASE WHEN t.\"data\"->>'age' IS NOT NULL THEN TRUE END)" + BY_ID_ORDER);
      assertThat(nin.params()).isEmpty();
      assertThat(where(cmp(EMAIL_COLUMN, Op.NIN, List.of()))).isEqualTo("(CASE WHEN t.\"email\" IS NOT NULL THEN TRUE END)");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "CONTAINS    | LIKE  | %50\\%\\_off\\\\x%",
          "ICONTAINS   | ILIKE | %50\\%\\_off\\\\x%",
          "STARTSWITH  | LIKE  | 50\\%\\_off\\\\x%",
          "ISTARTSWITH | ILIKE | 50\\%\\_off\\\\x%",
          "ENDSWITH    | LIKE  | %50\\%\\_off\\\\x",
          "IENDSWITH   | ILIKE | %50\\%\\_off\\\\x"
        })
    void literalStringMatchingEscapesPatternCharacters(Op op, String sql, String pattern) {
      SqlStatement st = jdbc.select(list(USERS, cmp(NAME, op, "50%_off\\x")));
      assertThat(st.sql())
          .contains(" WHERE t.\"data\"->>'full_name' " + sql + " CAST(? AS text) ESCAPE '\\' ");
      assertThat(st.params()).containsExactly(pattern);
    }

    @Test
    void plainStringsAreWrappedOnly() {
      assertThat(jdbc.select(list(USERS, cmp(NAME, Op.CONTAINS, "ann"))).params())
          .containsExactly("%ann%");
      assertThat(jdbc.select(list(USERS, cmp(NAME, Op.STARTSWITH, ""))).params())
          .containsExactly("%");
    }

    @ParameterizedTest
    @CsvSource({
      "LIKE,LIKE",
      "ILIKE,ILIKE",
      "MATCHES,~",
      "IMATCHES,~*",
      "NOT_MATCHES,!~"
    })
    void patternsPassThrough(Op op, String sql) {
      SqlStatement st = wire.select(list(USERS, cmp(NAME, op, "a%_\\b")));
      assertThat(st.sql()).contains(" WHERE t.\"data\"->>'full_name' " + sql + " CAST($1 AS text) ORDER");
      assertThat(st.params()).containsExactly("a%_\\b");
    }

    @ParameterizedTest
    @EnumSource(
        value = Op.class,
        names = {"CONTAINS", "ICONTAINS", "STARTSWITH", "ISTARTSWITH", "ENDSWITH", "IENDSWITH",
          "LIKE", "ILIKE", "MATCHES", "IMATCHES", "NOT_MATCHES"})
    void stringOperatorsOnAFlatColumnUseTheColumn(Op op) {
      assertThat(where(cmp(EMAIL_COLUMN, op, "x"))).startsWith("t.\"email\" ");
      assertThatThrownBy(() -> where(cmp(EMAIL_COLUMN, op, 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("String");
    }

    @Test
    void stringOperatorsOnANonTextPathCompareTheText() {
      assertThat(where(cmp(AGE, Op.STARTSWITH, "4")))
          .isEqualTo("t.\"data\"->>'age' LIKE CAST(? AS text) ESCAPE '\\'");
    }
  }

  @Nested
  class Logic {
    final Where a = cmp(AGE, Op.GT, 1);
    final Where b = isNull(NAME, true);
    final String sa = "(t.\"data\"->>'age')::integer > CAST(? AS integer)";
    final String sb = "t.\"data\"->>'full_name' IS NULL";

    @Test
    void emptyJunctions() {
      assertThat(where(and())).isEqualTo("TRUE");
      assertThat(where(or())).isEqualTo("FALSE");
      assertThat(where(not(and()))).isEqualTo("NOT (TRUE)");
      assertThat(where(not(or()))).isEqualTo("NOT (FALSE)");
    }

    @Test
    void junctionsAreParenthesized() {
      assertThat(where(and(a))).isEqualTo("(" + sa + ")");
      assertThat(where(and(a, b))).isEqualTo("(" + sa + " AND " + sb + ")");
      assertThat(where(or(a, b))).isEqualTo("(" + sa + " OR " + sb + ")");
    }

    @Test
    void negation() {
      assertThat(where(Plans.not(a))).isEqualTo("NOT (" + sa + ")");
      assertThat(where(Plans.not(and(a, b)))).isEqualTo("NOT (" + sa + " AND " + sb + ")");
      assertThat(where(Plans.not(Plans.not(b)))).isEqualTo("NOT (NOT (" + sb + "))");
    }

    @Test
    void nested() {
      SqlStatement st =
          wire.select(
              list(
                  USERS,
                  and(or(a, Plans.not(b)), Plans.not(or(cmp(AGE, Op.EQ, 5), and())), or())));
      assertThat(st.sql())
          .isEqualTo(
              BASE
                  + " WHERE (((t.\"data\"->>'age')::integer > CAST($1 AS integer) OR NOT ("
                  + sb
                  + ")) AND NOT ((t.\"data\"->>'age')::integer = CAST($2 AS integer) OR TRUE)"
                  + " AND FALSE)"
                  + BY_ID_ORDER);
      assertThat(st.params()).containsExactly(1, 5);
    }
  }

  @Nested
  class Ordering {
    @ParameterizedTest
    @CsvSource({
      "ASC,ASC",
      "DESC,DESC",
      "ASC_NULLS_FIRST,ASC NULLS FIRST",
      "ASC_NULLS_LAST,ASC NULLS LAST",
      "DESC_NULLS_FIRST,DESC NULLS FIRST",
      "DESC_NULLS_LAST,DESC NULLS LAST"
    })
    void directions(Direction direction, String sql) {
      assertThat(jdbc.select(list(USERS, null, List.of(key(AGE, direction)), null, null)).sql())
          .isEqualTo(BASE + " ORDER BY (t.\"data\"->>'age')::integer " + sql + ", t.\"id\" ASC");
    }

    @Test
    void severalKeysInOrder() {
      List<OrderKey> keys =
          List.of(
              key(json(ScalarKind.STRING, "author", "full_name"), Direction.ASC),
              key(column("created_at", "timestamptz", ScalarKind.DATE_TIME), Direction.DESC_NULLS_LAST));
      assertThat(jdbc.select(list(USERS, null, keys, null, null)).sql())
          .isEqualTo(
              BASE
                  + " ORDER BY t.\"data\"->'author'->>'full_name' ASC,"
                  + " t.\"created_at\" DESC NULLS LAST, t.\"id\" ASC");
    }

    @Test
    void noTieBreakerWhenTheLastKeyIsTheIdColumn() {
      FieldRef id = column("id", "uuid", ScalarKind.ID);
      assertThat(jdbc.select(list(USERS, null, List.of(key(AGE, Direction.ASC), key(id, Direction.DESC)), null, null)).sql())
          .isEqualTo(BASE + " ORDER BY (t.\"data\"->>'age')::integer ASC, t.\"id\" DESC");
      assertThat(jdbc.select(list(USERS, null, List.of(key(id, Direction.ASC)), null, null)).sql())
          .isEqualTo(BASE + BY_ID_ORDER);
    }

    @Test
    void tieBreakerWhenTheIdIsNotLast() {
      FieldRef id = column("id", "uuid", ScalarKind.ID);
      assertThat(jdbc.select(list(USERS, null, List.of(key(id, Direction.DESC), key(AGE, Direction.ASC)), null, null)).sql())
          .isEqualTo(BASE + " ORDER BY t.\"id\" DESC, (t.\"data\"->>'age')::integer ASC, t.\"id\" ASC");
    }

    @Test
    void tieBreakerWhenTheIdIsReadFromJson() {
      FieldRef id = json(ScalarKind.ID, "id");
      assertThat(jdbc.select(list(USERS, null, List.of(key(id, Direction.ASC)), null, null)).sql())
          .isEqualTo(BASE + " ORDER BY t.\"data\"->>'id' ASC, t.\"id\" ASC");
    }

    @Test
    void tieBreakerUsesTheSourcesIdColumn() {
      Source src = new Source("v", "data", "pk", "bigint");
      FieldRef id = column("id", "uuid", ScalarKind.ID);
      assertThat(jdbc.select(list(src, null, List.of(key(id, Direction.ASC)), null, null)).sql())
          .isEqualTo("SELECT t.\"data\" FROM \"v\" t ORDER BY t.\"id\" ASC, t.\"pk\" ASC");
    }
  }
}
