package io.fraiseql.backend.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.SessionSettings;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.client.SSLMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What only the R2DBC backend does; the shared contract is {@link R2dbcBackendContractTest}. */
class R2dbcBackendTest {

  @Test
  void urlParametersMapToTheConnectionConfiguration() {
    PostgresqlConnectionConfiguration c = R2dbcBackend.connectionConfiguration(
        DatabaseUrl.parse("postgresql://app:pw@db.example:6543/shop?sslmode=disable&ApplicationName=shop-api&connect_timeout=3"),
        Duration.ofSeconds(2));
    String text = c.toString();
    assertThat(text).contains("db.example", "6543", "shop", "app", "shop-api", "PT2S");
    assertThat(text).doesNotContain("'pw'", "=pw");
  }

  @Test
  void unknownBindClassesAreRejectedAndAUrlIsRequired() {
    DatabaseBackend b = new R2dbcBackendProvider().create(new BackendConfig(DatabaseUrl.parse("postgresql://u@127.0.0.1:1/x"),
        1, Duration.ofSeconds(5), Duration.ofSeconds(1), Map.of()));
    {
      CompletableFuture<Void> f = b.stream(SessionSettings.empty(),
          new SqlStatement("SELECT to_jsonb(CAST($1 AS text))", List.of(new StringBuilder("x"))), (x, o, l) -> { }).toCompletableFuture();
      assertThatThrownBy(f::join).hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("StringBuilder");
      assertThat(b.blocking()).isFalse();
      b.close();
      b.close(); // idempotent
      assertThat(b.ping().toCompletableFuture().join()).isFalse();
    }
    assertThatThrownBy(() -> new R2dbcBackendProvider().create(new BackendConfig(null, 1, Duration.ofSeconds(5),
        Duration.ofSeconds(1), Map.of("dataSource", new Object()))))
        .hasMessageContaining("needs a database URL");
  }
}
