package io.fraiseql.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class BackendsTest {
  record Fake(String id) implements BackendProvider {
    @Override
    public DatabaseBackend create(BackendConfig config) {
      return new DatabaseBackend() {
        @Override
        public String id() {
          return id;
        }

        @Override
        public BindStyle bindStyle() {
          return BindStyle.DOLLAR_NUMBERED;
        }

        @Override
        public CompletionStage<Void> stream(SessionSettings s, SqlStatement st, RowSink sink) {
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Boolean> ping() {
          return CompletableFuture.completedFuture(true);
        }

        @Override
        public void close() {}
      };
    }
  }

  final BackendProvider jdbc = new Fake("jdbc");
  final BackendProvider vertx = new Fake("vertx");

  @Test
  void theOnlyProviderIsUsed() {
    assertThat(Backends.select(List.of(jdbc), null, null)).isSameAs(jdbc);
    assertThat(Backends.select(List.of(jdbc), " ", "")).isSameAs(jdbc);
  }

  @Test
  void anIdPicksOneOfSeveral() {
    assertThat(Backends.select(List.of(jdbc, vertx), null, "vertx")).isSameAs(vertx);
    assertThat(Backends.select(List.of(jdbc, vertx), "JDBC", "vertx")).isSameAs(jdbc);
  }

  @Test
  void noProviderIsAnError() {
    assertThatThrownBy(() -> Backends.select(List.of(), null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No FraiseQL database backend on the class path");
  }

  @Test
  void severalWithoutAChoiceIsAnErrorListingThem() {
    assertThatThrownBy(() -> Backends.select(List.of(jdbc, vertx), null, null))
        .hasMessageContaining("Several database backends")
        .hasMessageContaining(Backends.ENV)
        .hasMessageContaining("jdbc (version unknown, ")
        .hasMessageContaining("vertx (version");
  }

  @Test
  void unknownAndDuplicateIdsAreErrors() {
    assertThatThrownBy(() -> Backends.select(List.of(jdbc), null, "r2dbc"))
        .hasMessageContaining("Unknown database backend 'r2dbc'. Found: jdbc");
    assertThatThrownBy(() -> Backends.select(List.of(jdbc, new Fake("jdbc")), "jdbc", null))
        .hasMessageContaining("Several providers share the backend id 'jdbc'");
  }

  @Test
  void discoveryWithNoServiceFilesFindsNothing() {
    assertThat(Backends.discover(BackendsTest.class.getClassLoader())).isEmpty();
    assertThatThrownBy(() -> Backends.select((String) null)).hasMessageContaining("No FraiseQL database backend");
    assertThat(new Fake("x").create(null).ping().toCompletableFuture().join()).isTrue();
  }
}
