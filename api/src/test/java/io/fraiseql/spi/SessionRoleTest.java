package io.fraiseql.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.error.SqlStates;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class SessionRoleTest {
  @Test
  void aRoleMakesTheSettingsNonEmpty() {
    SessionSettings role = SessionSettings.of(Map.of(), "viewer");
    assertThat(role.isEmpty()).isFalse();
    assertThat(role.role()).isEqualTo("viewer");
    assertThat(role.values()).isEmpty();
    assertThat(role.toString()).isEqualTo("SessionSettings[] role viewer");
    assertThat(SessionSettings.of(Map.of(), null)).isSameAs(SessionSettings.empty());
    assertThat(SessionSettings.of(Map.of("app.a", "1")).role()).isNull();
    assertThat(SessionSettings.of(Map.of("app.a", "1")).toString()).isEqualTo("SessionSettings[app.a]");
    assertThatThrownBy(() -> SessionSettings.of(Map.of(), "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionSettings.of(Map.of("tenant", "1"), "r")).hasMessageContaining("qualified");
  }

  @Test
  void aRefusedRoleInThePreludeIsForbiddenWithoutItsCause() {
    SQLException cause = new SQLException("role \"x\" does not exist", "22023");
    for (String state : List.of("22023", "42704", "42501")) {
      FraiseQLException e = SqlStates.toPreludeException(state, "x", cause);
      assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(e.sqlState()).isEqualTo(state);
      assertThat(e.getCause()).isNull();
      assertThat(e.getMessage()).doesNotContain("\"x\"");
    }
    // without a role, or another state: the usual mapping
    assertThat(SqlStates.toPreludeException("22023", null, cause).code()).isEqualTo(ErrorCode.DATABASE_ERROR);
    assertThat(SqlStates.toPreludeException("57014", "x", cause).code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(SqlStates.toPreludeException(null, "x", cause).code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
    assertThat(SqlStates.refusesRole("42501")).isTrue();
    assertThat(SqlStates.refusesRole("42P01")).isFalse();
    assertThat(SqlStates.refusesRole(null)).isFalse();
  }

  @Test
  void theLogContextFollowsTheWorkToAnotherThread() throws Exception {
    assertThat(LogContext.capture().isEmpty()).isTrue();
    LogContext.none().run(() -> assertThat(MDC.get("request_id")).isNull());
    ExecutorService io = Executors.newSingleThreadExecutor();
    try {
      MDC.put("request_id", "r-1");
      LogContext captured = LogContext.capture();
      MDC.clear();
      assertThat(captured.isEmpty()).isFalse();
      String[] seen = new String[2];
      io.submit(() -> {
        MDC.put("request_id", "other");
        captured.run(() -> seen[0] = MDC.get("request_id"));
        seen[1] = MDC.get("request_id"); // the thread's own context is back
        MDC.clear();
        captured.run(() -> { });
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
      }).get(10, TimeUnit.SECONDS);
      assertThat(seen).containsExactly("r-1", "other");
    } finally {
      io.shutdownNow();
      MDC.clear();
    }
  }

  @Test
  void poolStatisticsDefaultToUnknown() {
    DatabaseBackend b = new DatabaseBackend() {
      @Override
      public String id() {
        return "x";
      }

      @Override
      public io.fraiseql.api.BindStyle bindStyle() {
        return io.fraiseql.api.BindStyle.QUESTION_MARK;
      }

      @Override
      public CompletionStage<Void> stream(SessionSettings settings, io.fraiseql.api.SqlStatement statement, RowSink sink) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Boolean> ping() {
        return CompletableFuture.completedFuture(true);
      }

      @Override
      public void close() {}
    };
    assertThat(b.poolStatistics()).isEmpty();
    assertThat(new PoolStatistics(1, 2, 3, 4).pending()).isEqualTo(3);
    assertThatThrownBy(() -> new PoolStatistics(-1, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMeterRegistryAloneIsNoConnectionSource() {
    assertThatThrownBy(() -> new BackendConfig(null, 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
        Map.of(BackendConfig.METER_REGISTRY, new Object()))).hasMessageContaining("connection source");
  }
}
