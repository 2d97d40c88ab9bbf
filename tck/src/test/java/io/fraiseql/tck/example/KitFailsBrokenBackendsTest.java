package io.fraiseql.tck.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.BackendProvider;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.RowSink;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.spi.TransactionWork;
import io.fraiseql.tck.BackendContractTest;
import io.fraiseql.tck.Capability;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit must be able to fail: run parts of it against a deliberately broken backend and check
 * that they fail, and that an opted-out capability is reported as skipped with its reason.
 */
class KitFailsBrokenBackendsTest {
  static final String[] STREAMING_TESTS = {"largeAnswerStreamsBeforeTheQueryCompletes", "slowSinkHoldsTheServerBack"};

  /** Runs the named kit tests of a kit subclass; returns display name -> outcome (or skip reason). */
  static Map<String, String> run(Class<?> kit, String... methods) {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (String m : methods) {
      int paren = m.indexOf('(');
      request.selectors(paren < 0
          ? selectMethod(kit, m)
          : selectMethod(kit, m.substring(0, paren), m.substring(paren + 1, m.length() - 1)));
    }
    Map<String, String> outcomes = new LinkedHashMap<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request.build(), new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        outcomes.put(id.getDisplayName(), "SKIPPED: " + reason);
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
          outcomes.put(id.getDisplayName(), result.getStatus() + result.getThrowable().map(t -> ": " + t.getMessage()).orElse(""));
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
          outcomes.put(id.getDisplayName(), "CONTAINER " + result.getStatus());
        }
      }
    });
    return outcomes;
  }

  @Test
  void aBackendThatBuffersTheWholeAnswerFailsTheStreamingTests() {
    Map<String, String> outcomes = run(BufferingKit.class, STREAMING_TESTS);
    assertEquals(2, outcomes.size(), outcomes.toString());
    for (String outcome : outcomes.values()) {
      assertTrue(outcome.startsWith("FAILED"), outcomes.toString());
    }
  }

  @Test
  void anOptedOutCapabilityIsReportedAsSkippedWithItsReason() {
    Map<String, String> outcomes = run(OptedOutKit.class, STREAMING_TESTS);
    assertEquals(2, outcomes.size(), outcomes.toString());
    for (String outcome : outcomes.values()) {
      assertTrue(outcome.contains("opted out of STREAMING: reads every row before returning"), outcomes.toString());
    }
  }

  @Test
  void aBackendThatCommitsAfterTheSinkThrewFailsTheRollbackTest() {
    Map<String, String> outcomes = run(SwallowingKit.class, "sinkFailureRollsBackAndSuccessCommits",
        "aThrowingSinkCancels(io.fraiseql.tck.BackendContractTest$Read)");
    assertEquals(3, outcomes.size(), outcomes.toString()); // the second runs STREAMED and BOUNDED
    for (String outcome : outcomes.values()) {
      assertTrue(outcome.startsWith("FAILED"), outcomes.toString());
    }
  }

  static final String[] TRANSACTION_TESTS = {"transactionCommitMakesWritesVisible", "transactionRollbackLeavesNothing"};

  @Test
  void aBackendWithoutWriteTransactionsFailsTheTransactionTests() {
    Map<String, String> outcomes = run(NoTransactionsKit.class, TRANSACTION_TESTS);
    assertEquals(2, outcomes.size(), outcomes.toString());
    for (String outcome : outcomes.values()) {
      assertTrue(outcome.startsWith("FAILED") && outcome.contains("does not support write transactions"), outcomes.toString());
    }
  }

  @Test
  void aBackendThatCommitsWhatTheWorkRolledBackFailsTheRollbackTest() {
    Map<String, String> outcomes = run(AlwaysCommittingKit.class, TRANSACTION_TESTS);
    assertEquals(2, outcomes.size(), outcomes.toString());
    assertTrue(outcomes.values().stream().anyMatch(o -> o.startsWith("SUCCESSFUL")), "commit still passes: " + outcomes);
    assertTrue(outcomes.values().stream().anyMatch(o -> o.startsWith("FAILED") && o.contains("rolled back")), outcomes.toString());
  }

  @Test
  void aBackendWhoseScriptIsNotAtomicFailsTheScriptRollbackTest() {
    Map<String, String> outcomes = run(PiecemealScriptKit.class, "scriptCommits", "scriptFailureRollsBack");
    assertEquals(2, outcomes.size(), outcomes.toString());
    assertTrue(outcomes.get("a script runs its statements in order in one transaction: later ones see earlier writes; it commits")
        .startsWith("SUCCESSFUL"), outcomes.toString());
    assertTrue(outcomes.get("a failing statement rolls the whole script back and stops it; the error is mapped")
        .startsWith("FAILED"), outcomes.toString());
  }

  @Test
  void aBackendThatIgnoresPauseFailsTheFlowControlTest() {
    Map<String, String> outcomes = run(IgnoringPauseKit.class, "pauseHoldsTheRowsBackAndResumeDeliversTheRest");
    assertEquals(1, outcomes.size(), outcomes.toString());
    assertTrue(outcomes.values().iterator().next().startsWith("FAILED"), outcomes.toString());
  }

  /** Hands the sink a flow control whose pause() does nothing. */
  static final class IgnoringPause extends Broken {
    @Override
    DatabaseBackend wrap(DatabaseBackend inner) {
      return new Wrapper(inner) {
        @Override
        public CompletionStage<Void> stream(SessionSettings s, SqlStatement st, RowSink sink) {
          return inner.stream(s, st, new RowSink() {
            @Override
            public void onStart(io.fraiseql.spi.FlowControl flow) {
              sink.onStart(new io.fraiseql.spi.FlowControl() {
                @Override
                public void pause() {
                  // ignored: the broken part
                }

                @Override
                public void resume() {
                  flow.resume();
                }
              });
            }

            @Override
            public void onRow(byte[] b, int o, int l) throws IOException {
              sink.onRow(b, o, l);
            }
          });
        }
      };
    }
  }

  static class IgnoringPauseKit extends BackendContractTest {
    @Override
    protected BackendProvider provider() {
      return new IgnoringPause();
    }
  }

  @Test
  void aBackendThatIgnoresTheRoleFailsTheRoleTests() {
    Map<String, String> outcomes = run(RoleIgnoringKit.class, "roleRunsTheStatementUnderThatRole(io.fraiseql.tck.BackendContractTest$Read)",
        "refusedRoleIsForbidden(io.fraiseql.tck.BackendContractTest$Read)", "transactionsAndScriptsRunUnderTheRole");
    // the parameterized runs share their display names (STREAMED, BOUNDED): the later one is kept
    assertEquals(3, outcomes.size(), outcomes.toString());
    for (String outcome : outcomes.values()) {
      assertTrue(outcome.startsWith("FAILED"), outcomes.toString());
    }
  }

  /** Sets the session variables but drops the role: everything runs as the login role. */
  static final class RoleIgnoring extends Broken {
    @Override
    DatabaseBackend wrap(DatabaseBackend inner) {
      return new Wrapper(inner) {
        @Override
        public CompletionStage<Void> stream(SessionSettings s, SqlStatement st, RowSink sink) {
          return inner.stream(SessionSettings.of(s.values()), st, sink); // the broken part
        }

        @Override
        public CompletionStage<Void> transaction(SessionSettings s, TransactionWork work) {
          return inner.transaction(SessionSettings.of(s.values()), work);
        }
      };
    }
  }

  static class RoleIgnoringKit extends BackendContractTest {
    @Override
    protected BackendProvider provider() {
      return new RoleIgnoring();
    }
  }

  /** Runs a script's statements each in its own transaction: the first one's writes outlive a later failure. */
  static final class PiecemealScript extends Broken {
    @Override
    DatabaseBackend wrap(DatabaseBackend inner) {
      return new Wrapper(inner) {
        @Override
        public CompletionStage<Void> script(SessionSettings s, List<SqlStatement> statements, List<RowSink> sinks) {
          CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
          for (int i = 0; i < statements.size(); i++) {
            SqlStatement st = statements.get(i);
            RowSink sink = sinks.get(i);
            chain = chain.thenCompose(v -> inner.transaction(s, tx -> tx.stream(st, sink).thenApply(done -> Boolean.TRUE)));
          }
          return chain; // the broken part: no transaction around the whole script
        }
      };
    }
  }

  static class PiecemealScriptKit extends BackendContractTest {
    @Override
    protected BackendProvider provider() {
      return new PiecemealScript();
    }
  }

  /** Keeps the SPI's default transaction(): fails every write transaction as unsupported. */
  static final class NoTransactions extends Broken {
    @Override
    DatabaseBackend wrap(DatabaseBackend inner) {
      return new Wrapper(inner) {
        @Override
        public CompletionStage<Void> transaction(SessionSettings s, TransactionWork work) {
          return CompletableFuture.failedFuture(new UnsupportedOperationException(
              "The " + id() + " backend does not support write transactions")); // what the SPI's default does
        }
      };
    }
  }

  /** Commits even when the work answers false. */
  static final class AlwaysCommitting extends Broken {
    @Override
    DatabaseBackend wrap(DatabaseBackend inner) {
      return new Wrapper(inner) {
        @Override
        public CompletionStage<Void> transaction(SessionSettings s, TransactionWork work) {
          return inner.transaction(s, tx -> work.run(tx).thenApply(commit -> Boolean.TRUE)); // the broken part
        }
      };
    }
  }

  /** Reads the whole answer into memory, then hands it to the sink. */
  static final class Buffering extends Broken {
    @Override
    DatabaseBackend wrap(DatabaseBackend inner) {
      return new Wrapper(inner) {
        @Override
        public CompletionStage<Void> stream(SessionSettings s, SqlStatement st, RowSink sink) {
          List<byte[]> all = new ArrayList<>();
          return inner.stream(s, st, (b, o, l) -> all.add(java.util.Arrays.copyOfRange(b, o, o + l))).thenRun(() -> {
            try {
              for (byte[] row : all) {
                sink.onRow(row, 0, row.length);
              }
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
        }
      };
    }
  }

  /** Ignores the sink's exceptions: keeps reading and commits. */
  static final class Swallowing extends Broken {
    @Override
    DatabaseBackend wrap(DatabaseBackend inner) {
      return new Wrapper(inner) {
        @Override
        public CompletionStage<Void> stream(SessionSettings s, SqlStatement st, RowSink sink) {
          return inner.stream(s, st, (b, o, l) -> {
            try {
              sink.onRow(b, o, l);
            } catch (IOException | RuntimeException e) {
              // swallowed: the broken part
            }
          });
        }
      };
    }
  }

  /** The example backend with one part broken by {@link #wrap}. */
  abstract static class Broken implements BackendProvider {
    @Override
    public String id() {
      return "plain-jdbc";
    }

    @Override
    public DatabaseBackend create(BackendConfig config) {
      return wrap(new PlainJdbcBackend(config));
    }

    abstract DatabaseBackend wrap(DatabaseBackend inner);
  }

  static class Wrapper implements DatabaseBackend {
    final DatabaseBackend inner;

    Wrapper(DatabaseBackend inner) {
      this.inner = inner;
    }

    @Override
    public String id() {
      return inner.id();
    }

    @Override
    public BindStyle bindStyle() {
      return inner.bindStyle();
    }

    @Override
    public boolean blocking() {
      return inner.blocking();
    }

    @Override
    public CompletionStage<Void> stream(SessionSettings s, SqlStatement st, RowSink sink) {
      return inner.stream(s, st, sink);
    }

    @Override
    public CompletionStage<Void> transaction(SessionSettings s, TransactionWork work) {
      return inner.transaction(s, work);
    }

    @Override
    public CompletionStage<Boolean> ping() {
      return CompletableFuture.completedFuture(true);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  static class BufferingKit extends BackendContractTest {
    @Override
    protected BackendProvider provider() {
      return new Buffering();
    }
  }

  static class OptedOutKit extends BufferingKit {
    @Override
    protected String unsupported(Capability capability) {
      return capability == Capability.STREAMING ? "reads every row before returning" : null;
    }
  }

  static class NoTransactionsKit extends BackendContractTest {
    @Override
    protected BackendProvider provider() {
      return new NoTransactions();
    }
  }

  static class AlwaysCommittingKit extends BackendContractTest {
    @Override
    protected BackendProvider provider() {
      return new AlwaysCommitting();
    }
  }

  static class SwallowingKit extends BackendContractTest {
    @Override
    protected BackendProvider provider() {
      return new Swallowing();
    }
  }
}
