package io.fraiseql.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.error.SqlStates;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Where;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.SessionSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiTypesTest {
  @Test
  void databaseUrlParsesAndRedacts() {
    DatabaseUrl u = DatabaseUrl.parse("postgresql://app:s%40cret@db.local:6543/shop?sslmode=require");
    assertThat(u.host()).isEqualTo("db.local");
    assertThat(u.port()).isEqualTo(6543);
    assertThat(u.database()).isEqualTo("shop");
    assertThat(u.user()).isEqualTo("app");
    assertThat(u.password()).isEqualTo("s@cret");
    assertThat(u.parameters()).containsEntry("sslmode", "require");
    assertThat(u.toString()).isEqualTo("postgresql://app:REDACTED@db.local:6543/shop").doesNotContain("cret");
    DatabaseUrl d = DatabaseUrl.parse("postgres://h/db");
    assertThat(d.port()).isEqualTo(5432);
    assertThat(d.user()).isNull();
    assertThat(d.toString()).isEqualTo("postgresql://h:5432/db");
    assertThat(DatabaseUrl.parse("postgresql://u@h/db").toString()).isEqualTo("postgresql://u@h:5432/db");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/shop");
    assertThat(u.jdbcProperties()).containsEntry("user", "app").containsEntry("password", "s@cret")
        .containsEntry("sslmode", "require").hasSize(3);
    assertThat(d.jdbcProperties()).isEmpty();
  }

  @Test
  void badDatabaseUrlsNeverEchoThePassword() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:secret@h/db")).hasMessageContaining("postgresql://")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:secret@h")).hasMessageContaining("no database");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:sec ret@h/db")).hasMessageNotContaining("sec");
  }

  @Test
  void sqlStatesMapToCodes() {
    assertThat(SqlStates.classify("23505")).isEqualTo(ErrorCode.CONFLICT);
    assertThat(SqlStates.classify("23503")).isEqualTo(ErrorCode.CONSTRAINT_VIOLATION);
    assertThat(SqlStates.classify("23514")).isEqualTo(ErrorCode.CONSTRAINT_VIOLATION);
    assertThat(SqlStates.classify("23502")).isEqualTo(ErrorCode.CONSTRAINT_VIOLATION);
    assertThat(SqlStates.classify("57014")).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(SqlStates.classify("57P01")).isEqualTo(ErrorCode.CONNECTION_ERROR);
    assertThat(SqlStates.classify("08006")).isEqualTo(ErrorCode.CONNECTION_ERROR);
    assertThat(SqlStates.classify("3D000")).isEqualTo(ErrorCode.CONNECTION_ERROR);
    assertThat(SqlStates.classify("28P01")).isEqualTo(ErrorCode.CONNECTION_ERROR);
    assertThat(SqlStates.classify(null)).isEqualTo(ErrorCode.CONNECTION_ERROR);
    assertThat(SqlStates.classify("40001")).isEqualTo(ErrorCode.DATABASE_ERROR);
    assertThat(SqlStates.classify("P0001")).isEqualTo(ErrorCode.DATABASE_ERROR);
    FraiseQLException e = SqlStates.toException("23505", "tb_user_email_key", new RuntimeException("detail"));
    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(e.constraint()).isEqualTo("tb_user_email_key");
    assertThat(e.getMessage()).doesNotContain("detail");
    GraphQLErrorEntry entry = GraphQLErrorEntry.of(e, List.of(), List.of("createUser"));
    assertThat(entry.extensions()).containsEntry("constraint", "tb_user_email_key").doesNotContainKey("sqlState");
    GraphQLErrorEntry db = GraphQLErrorEntry.of(SqlStates.toException("22012", null, null), List.of(), List.of("x"));
    assertThat(db.extensions()).containsEntry("sqlState", "22012");
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(SqlStates.toException(code == ErrorCode.CONFLICT ? "23505" : "XX000", null, null).getMessage()).isNotBlank();
    }
    assertThat(FraiseQLException.badInput("x").getStackTrace()).isEmpty();
  }

  @Test
  void valueTypesValidate() {
    assertThatThrownBy(() -> SessionSettings.of(Map.of("tenant", "x"))).hasMessageContaining("qualified");
    assertThat(SessionSettings.of(Map.of())).isSameAs(SessionSettings.empty());
    assertThat(SessionSettings.of(Map.of("app.t", "1")).toString()).isEqualTo("SessionSettings[app.t]");
    assertThatThrownBy(() -> new BackendConfig(null, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of()))
        .hasMessageContaining("database URL");
    assertThatThrownBy(() -> new BackendConfig(DatabaseUrl.parse("postgresql://h/d"), 0, Duration.ZERO, Duration.ZERO, Map.of()))
        .hasMessageContaining("poolSize");
    assertThat(new BackendConfig(DatabaseUrl.parse("postgresql://h/d"), 1, Duration.ofMillis(1500), Duration.ofSeconds(1), Map.of())
        .statementTimeoutMillis()).isEqualTo(1500);
    BackendConfig direct = new BackendConfig(DatabaseUrl.parse("postgresql://h/d"), 3, Duration.ofSeconds(2), Duration.ofSeconds(1),
        Map.of("x", "y"));
    assertThat(direct.transactionPooling()).isFalse();
    BackendConfig pooled = direct.withUrl(DatabaseUrl.parse("postgresql://pooler:6432/d")).withTransactionPooling(true);
    assertThat(pooled.transactionPooling()).isTrue();
    assertThat(pooled.url().port()).isEqualTo(6432);
    assertThat(pooled.poolSize()).isEqualTo(3);
    assertThat(pooled.options()).containsEntry("x", "y");
    assertThat(pooled.withTransactionPooling(false).transactionPooling()).isFalse();
    assertThatThrownBy(() -> FieldRef.json(List.of(), ScalarKind.INT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Where.Compare(FieldRef.json(List.of("a"), ScalarKind.INT), Where.Op.IN, 1))
        .hasMessageContaining("needs a list");
    assertThatThrownBy(() -> new Limits(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    SqlStatement s = new SqlStatement("SELECT ?", List.of("secret"));
    assertThat(s.toString()).doesNotContain("secret");
    assertThat(s).isEqualTo(new SqlStatement("SELECT ?", List.of("secret"))).hasSameHashCodeAs(new SqlStatement("SELECT ?", List.of("secret")));
    assertThat(s.maxRows()).isEqualTo(SqlStatement.UNBOUNDED);
    SqlStatement bounded = new SqlStatement("SELECT ?", List.of("secret"), 3);
    assertThat(bounded).isNotEqualTo(s).isEqualTo(new SqlStatement("SELECT ?", List.of("secret"), 3))
        .hasSameHashCodeAs(new SqlStatement("SELECT ?", List.of("secret"), 3));
    assertThat(bounded.toString()).contains("at most 3 rows").doesNotContain("secret");
    assertThatThrownBy(() -> new SqlStatement("SELECT 1", List.of(), -2)).isInstanceOf(IllegalArgumentException.class);
    assertThat(GraphQLRequest.of("{a}").withAttributes(Map.of("x-tenant-id", "t")).attributes()).containsEntry("x-tenant-id", "t");
    // variables: immutable maps are kept, any other map is copied (later changes do not leak in)
    Map<String, Object> given = Map.of("id", "1");
    assertThat(GraphQLRequest.of("{a}", given).variables()).isSameAs(given);
    Map<String, Object> two = Map.of("a", 1, "b", 2);
    assertThat(GraphQLRequest.of("{a}", two).variables()).isSameAs(two);
    Map<String, Object> mutable = new java.util.LinkedHashMap<>(given);
    GraphQLRequest copied = GraphQLRequest.of("{a}", mutable);
    mutable.put("id", "2");
    assertThat(copied.variables()).containsEntry("id", "1");
    assertThatThrownBy(() -> copied.variables().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(GraphQLRequest.of("{a}", new java.util.HashMap<>()).variables()).isEmpty();
    assertThat(ScalarKind.ID.forceString()).isTrue();
    assertThat(ScalarKind.INT.sqlType()).isEqualTo("integer");
  }
}
