package io.fraiseql.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.spi.SessionSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionSqlTest {
  @Test
  void timeoutAndTimeZoneOnly() {
    SqlStatement s = SessionSql.prelude(BindStyle.QUESTION_MARK, 1500, Map.of());
    assertThat(s.sql()).isEqualTo(
        "SELECT set_config('statement_timeout', CAST(? AS text), true), set_config('TimeZone', 'UTC', true)");
    assertThat(s.params()).containsExactly("1500");
  }

  @Test
  void settingsAreBoundInOrderWithDollarPlaceholders() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("app.tenant_id", "t'1");
    settings.put("app.user", "u");
    SqlStatement s = SessionSql.prelude(BindStyle.DOLLAR_NUMBERED, 30000, settings);
    assertThat(s.sql()).isEqualTo("SELECT set_config('statement_timeout', CAST($1 AS text), true),"
        + " set_config('TimeZone', 'UTC', true), set_config(CAST($2 AS text), CAST($3 AS text), true),"
        + " set_config(CAST($4 AS text), CAST($5 AS text), true)");
    assertThat(s.params()).containsExactly("30000", "app.tenant_id", "t'1", "app.user", "u");
  }

  @Test
  void theRoleIsBoundAndSetLast() {
    SqlStatement s = SessionSql.prelude(BindStyle.DOLLAR_NUMBERED, 500,
        SessionSettings.of(Map.of("app.user_id", "42"), "Viewer \"x\""));
    assertThat(s.sql()).isEqualTo("SELECT set_config('statement_timeout', CAST($1 AS text), true),"
        + " set_config('TimeZone', 'UTC', true), set_config(CAST($2 AS text), CAST($3 AS text), true),"
        + " set_config('role', CAST($4 AS text), true)");
    assertThat(s.params()).containsExactly("500", "app.user_id", "42", "Viewer \"x\"");
    SqlStatement roleOnly = SessionSql.prelude(BindStyle.QUESTION_MARK, 500, SessionSettings.of(Map.of(), "viewer"));
    assertThat(roleOnly.sql()).endsWith("set_config('TimeZone', 'UTC', true), set_config('role', CAST(? AS text), true)");
    assertThat(roleOnly.params()).containsExactly("500", "viewer");
  }

  @Test
  void beginWithTheDefaultsIsOneConstantText() {
    assertThat(SessionSql.beginWithDefaults(2500))
        .isEqualTo("BEGIN; SET LOCAL statement_timeout = 2500; SET LOCAL TimeZone = 'UTC'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SessionSql.beginWithDefaults(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
