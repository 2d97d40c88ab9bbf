package io.fraiseql.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.error.SqlStates;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;

/** Database errors caused by the client's values, the column of a not-null violation, log lines. */
class InputErrorsTest {
  @ParameterizedTest
  @ValueSource(strings = {"2201B", "22025", "22019", "2200D", "22021", "22P05", "22P02", "22007", "22032", "22008",
      "22003", "22001", "22026", "54000", "54001", "54023"})
  void dataErrorsFromRequestValuesAreBadUserInputKeepingTheirSqlState(String sqlState) {
    FraiseQLException e = SqlStates.toException(sqlState, null, new RuntimeException("value 'abc' is bad"));
    assertThat(e.code()).isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(e.getMessage()).isNotBlank().doesNotContain("abc").isNotEqualTo("The database reported an error");
    GraphQLErrorEntry entry = GraphQLErrorEntry.of(e, List.of(), List.of("posts"));
    assertThat(entry.extensions()).containsEntry("sqlState", sqlState);
  }

  @Test
  void otherDataErrorsStayDatabaseErrors() {
    assertThat(SqlStates.classify("22012")).isEqualTo(ErrorCode.DATABASE_ERROR); // a view dividing by zero
    assertThat(SqlStates.classify("P0001")).isEqualTo(ErrorCode.DATABASE_ERROR);
    assertThat(SqlStates.classify("08006")).isEqualTo(ErrorCode.CONNECTION_ERROR);
    assertThat(GraphQLErrorEntry.of(FraiseQLException.badInput("x"), List.of(), List.of()).extensions()).isEmpty();
  }

  @Test
  void aNotNullViolationNamesItsColumn() {
    FraiseQLException e = SqlStates.toException("23502", null, "body", null);
    assertThat(e.code()).isEqualTo(ErrorCode.CONSTRAINT_VIOLATION);
    assertThat(e.column()).isEqualTo("body");
    assertThat(GraphQLErrorEntry.of(e, List.of(), List.of("updateComment")).extensions())
        .containsExactly(java.util.Map.entry("column", "body"));
    assertThat(SqlStates.toException("23505", "k", null).column()).isNull();
  }

  /** A logger that records the formatted lines of info and warn. */
  static Logger recording(List<String> lines, boolean enabled) {
    return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, m, args) -> {
      switch (m.getName()) {
        case "isInfoEnabled", "isWarnEnabled" -> {
          return enabled;
        }
        case "info", "warn" -> {
          StringBuilder line = new StringBuilder(m.getName()).append(':');
          Object[] values = args.length == 2 && args[1] instanceof Object[] a ? a : java.util.Arrays.copyOfRange(args, 1, args.length);
          String format = (String) args[0];
          int v = 0;
          for (int i = 0; i < format.length(); i++) {
            if (format.startsWith("{}", i)) {
              line.append(values[v++]);
              i++;
            } else {
              line.append(format.charAt(i));
            }
          }
          lines.add(line.toString());
          return null;
        }
        default -> {
          return m.getReturnType() == boolean.class ? false : null;
        }
      }
    });
  }

  @Test
  void logLinesCutTheSqlAndTheMessageAndNeverCarryValues() {
    String sql = "SELECT t.\"data\" FROM \"v_post\" t WHERE " + "t.\"id\" = CAST(? AS bigint) OR ".repeat(60_000) + "FALSE";
    List<String> lines = new ArrayList<>();
    SqlStates.log(recording(lines, true), SqlStates.toException("2201B", null, null), "ERROR: invalid regular expression", sql);
    SqlStates.log(recording(lines, true), SqlStates.toException("57014", null, null), "x".repeat(100_000), "SELECT 1");
    SqlStates.log(recording(lines, false), SqlStates.toException("57014", null, null), "not logged", "SELECT 1");
    SqlStates.log(recording(lines, false), SqlStates.toException("2201B", null, null), "not logged", "SELECT 1");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("info:Statement failed (BAD_USER_INPUT, SQLSTATE 2201B)")
        .endsWith("... (" + sql.length() + " characters)").hasSizeLessThan(2 * SqlStates.LOGGED_TEXT + 200);
    assertThat(lines.get(1)).startsWith("warn:Statement failed (TIMEOUT, SQLSTATE 57014)")
        .contains("... (100000 characters)").endsWith("-- SELECT 1");
    assertThat(SqlStates.abbreviate(null)).isNull();
    assertThat(SqlStates.abbreviate("short")).isEqualTo("short");
    // a surrogate pair at the cut is never split
    String pairs = "a" + "😀".repeat(SqlStates.LOGGED_TEXT);
    String cut = SqlStates.abbreviate(pairs);
    assertThat(Character.isHighSurrogate(cut.charAt(cut.indexOf("...") - 1))).isFalse();
  }

  @Test
  void limitsKeepTheirFourArgumentConstructorAndGrowPatternLimits() {
    Limits l = new Limits(1000, 5, 4, 300);
    assertThat(l.maxPatternOperators()).isEqualTo(Limits.DEFAULT_MAX_PATTERN_OPERATORS);
    assertThat(l.maxPatternLength()).isEqualTo(Limits.DEFAULT_MAX_PATTERN_LENGTH);
    assertThat(l.withPatternLimits(0, 5)).isEqualTo(new Limits(1000, 5, 4, 300, 0, 5));
    assertThat(Limits.DEFAULTS.maxPatternOperators()).isEqualTo(20);
  }

  @Test
  void randomCursorSecretsDiffer() {
    assertThat(io.fraiseql.api.plan.CursorCodec.randomSecret()).hasSize(32)
        .isNotEqualTo(io.fraiseql.api.plan.CursorCodec.randomSecret());
  }
}
