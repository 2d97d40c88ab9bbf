package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.tck.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FraiseQL#executeAsync(GraphQLRequest, ResponseTarget)} never waits for its target: a
 * large answer pauses its rows while the target is behind and goes on when it calls back, a small
 * one is handed over whole, streams take turns in the stream slots, and a target that is gone
 * stops the request; on every backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncTargetTest {
  static final int ROWS = 5_000;
  static final String SDL = "type Row @sqlSource(name: \"v_row\") { id: ID! pad: String! }\n"
      + "type Hold @sqlSource(name: \"v_hold\") { id: ID! }\n"
      + "type Query { rows: [Row!]! row(id: ID!): Row hold: [Hold!]! }";
  static final String LARGE = "{ rows { id pad } }";

  DatabaseUrl url;
  final java.util.Map<String, FraiseQL> engines = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  void database() {
    url = TestDatabase.get().createDatabase("async_target");
    TestDatabase.execute(url, "CREATE VIEW v_row AS SELECT n::bigint AS id, jsonb_build_object('id', n, 'pad', repeat('x', 200)) AS data"
        + " FROM generate_series(1, " + ROWS + ") n;"
        + "CREATE VIEW v_hold AS SELECT s.id, jsonb_build_object('id', s.id) AS data FROM (SELECT 1::bigint AS id, pg_sleep(2) AS slept) s");
  }

  @AfterAll
  void close() {
    engines.values().forEach(FraiseQL::close);
  }

  /** One engine per backend: two connections, one stream slot. */
  FraiseQL engine(String backend) {
    return engines.computeIfAbsent(backend, b -> FraiseQL.builder().schema(SDL).databaseUrl(url).backend(b).poolSize(2)
        .streamSlots(1).build());
  }

  /** A target whose consumer is behind until {@link #release()}; then always writable. */
  static final class Target implements ResponseTarget {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Runnable> waiting = new ArrayList<>();
    volatile boolean writable;
    volatile boolean gone;
    volatile int callbacks;

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      if (gone) {
        throw new IOException("the client went away");
      }
      bytes.write(b, off, len);
    }

    @Override
    public boolean writable() {
      return writable || gone;
    }

    @Override
    public void onWritable(Runnable action) {
      synchronized (this) {
        callbacks++;
        if (!writable && !gone) {
          waiting.add(action);
          return;
        }
      }
      action.run();
    }

    synchronized int size() {
      return bytes.size();
    }

    void release(boolean asGone) {
      List<Runnable> run;
      synchronized (this) {
        if (asGone) {
          gone = true;
        } else {
          writable = true;
        }
        run = new ArrayList<>(waiting);
        waiting.clear();
      }
      run.forEach(Runnable::run);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  static void settle() throws InterruptedException {
    Thread.sleep(400);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void aLargeAnswerWaitsForItsTargetWithoutAThread(String backend) throws Exception {
    FraiseQL engine = engine(backend);
    Target target = new Target();
    CompletableFuture<ExecutionSummary> done = engine.executeAsync(GraphQLRequest.of(LARGE), target).toCompletableFuture();
    settle();
    int whilePaused = target.size();
    settle();
    assertThat(target.size()).as("no bytes while the target is behind").isEqualTo(whilePaused);
    assertThat(whilePaused).isBetween(1, 96 * 1024);
    assertThat(done).isNotDone();
    // the paused stream holds one connection: the other serves a small answer meanwhile
    assertThat(new String(engine.execute(GraphQLRequest.of("{ row(id: \"7\") { id } }")), StandardCharsets.UTF_8))
        .isEqualTo("{\"data\":{\"row\":{\"id\":\"7\"}}}");
    target.release(false);
    done.get(30, TimeUnit.SECONDS);
    String answer = target.text();
    assertThat(answer).startsWith("{\"data\":{\"rows\":[{\"id\":\"1\",").endsWith("{\"id\":\"" + ROWS + "\",\"pad\":\"" + "x".repeat(200) + "\"}]}}");
    assertThat(answer.split("\"pad\"").length - 1).isEqualTo(ROWS);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void aSmallAnswerGoesOutWholeWhateverTheTarget(String backend) throws Exception {
    FraiseQL engine = engine(backend);
    Target target = new Target();
    engine.executeAsync(GraphQLRequest.of("{ row(id: \"7\") { id } a: rows(limit: 3) { id } }"), target)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(target.text()).isEqualTo("{\"data\":{\"row\":{\"id\":\"7\"},\"a\":[{\"id\":\"1\"},{\"id\":\"2\"},{\"id\":\"3\"}]}}");
    assertThat(target.callbacks).isZero();
    // errors found before any SQL: answered at once as well
    Target invalid = new Target();
    engine.executeAsync(GraphQLRequest.of("{ nope }"), invalid).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(invalid.text()).startsWith("{\"errors\":[").contains("GRAPHQL_VALIDATION_FAILED");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void streamsTakeTurnsInTheirSlots(String backend) throws Exception {
    FraiseQL engine = engine(backend);
    Target first = new Target();
    Target second = new Target();
    CompletableFuture<ExecutionSummary> a = engine.executeAsync(GraphQLRequest.of(LARGE), first).toCompletableFuture();
    CompletableFuture<ExecutionSummary> b = engine.executeAsync(GraphQLRequest.of(LARGE), second).toCompletableFuture();
    settle();
    assertThat(first.size()).isPositive();
    assertThat(second.size()).as("the second waits for the only slot").isZero();
    first.release(false);
    a.get(30, TimeUnit.SECONDS);
    settle();
    assertThat(second.size()).as("its turn came").isPositive();
    second.release(false);
    b.get(30, TimeUnit.SECONDS);
    assertThat(second.text()).isEqualTo(first.text());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void aTargetThatIsGoneStopsTheStreamAndFreesItsSlot(String backend) throws Exception {
    FraiseQL engine = engine(backend);
    Target target = new Target();
    CompletableFuture<ExecutionSummary> done = engine.executeAsync(GraphQLRequest.of(LARGE), target).toCompletableFuture();
    settle();
    target.release(true);
    assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class)
        .hasRootCauseMessage("the client went away");
    Target next = new Target();
    next.writable = true;
    engine.executeAsync(GraphQLRequest.of(LARGE), next).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(next.text()).endsWith("]}}");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void readyWhileEveryConnectionIsBusy(String backend) throws Exception {
    FraiseQL engine = engine(backend);
    List<CompletableFuture<ExecutionSummary>> holds = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Target target = new Target();
      target.writable = true;
      // a blocking backend runs a small answer on the calling thread: call from threads of their own
      holds.add(CompletableFuture.supplyAsync(() -> engine.executeAsync(GraphQLRequest.of("{ hold(limit: 1) { id } }"), target))
          .thenCompose(stage -> stage));
    }
    Thread.sleep(300);
    long t0 = System.nanoTime();
    assertThat(engine.ready().toCompletableFuture().get(30, TimeUnit.SECONDS)).isTrue();
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1_800);
    assertThat(holds).as("both connections were busy meanwhile").noneMatch(CompletableFuture::isDone);
    // concurrent checks share one; a second right after reuses the outside check
    CompletableFuture<Boolean> x = engine.ready().toCompletableFuture();
    CompletableFuture<Boolean> y = engine.ready().toCompletableFuture();
    assertThat(x.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(y.get(30, TimeUnit.SECONDS)).isTrue();
    for (CompletableFuture<ExecutionSummary> h : holds) {
      h.get(30, TimeUnit.SECONDS);
    }
  }

  @org.junit.jupiter.api.Test
  void aClosedEngineIsNotReadyAndRunsNothing() throws Exception {
    FraiseQL engine = FraiseQL.builder().schema(SDL).databaseUrl(url).backend("jdbc").poolSize(1).build();
    assertThat(engine.ready().toCompletableFuture().get(30, TimeUnit.SECONDS)).isTrue();
    engine.close();
    assertThat(engine.ready().toCompletableFuture().get(30, TimeUnit.SECONDS)).isFalse();
    assertThatThrownBy(() -> engine.executeAsync(GraphQLRequest.of(LARGE), new Target()).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class);
    assertThatThrownBy(() -> FraiseQL.builder().schema(SDL).databaseUrl(url).poolSize(2).streamSlots(3).build())
        .hasMessageContaining("streamSlots (3) must not exceed poolSize (2)");
    assertThatThrownBy(() -> FraiseQL.builder().streamSlots(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
