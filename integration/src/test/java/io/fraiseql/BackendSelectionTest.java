package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.spi.Backends;
import io.fraiseql.tck.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a backend is chosen at startup, with the real providers: the builder option and
 * {@code FRAISEQL_DB_BACKEND} pick one of several; none, an unknown id or no choice among several
 * fail before any connection is made, listing what was found (id, version, jar). The class-path
 * and environment cases run in a forked JVM, so what is on the class path is really absent.
 */
class BackendSelectionTest {
  static DatabaseUrl url;

  @BeforeAll
  static void start() {
    url = BlogFixture.createDatabase("selection");
  }

  static FraiseQL.Builder engine() {
    return FraiseQL.builder().schema(BlogFixture.resource("schema.graphql")).databaseUrl(url).poolSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc", "R2DBC"})
  void theBuilderOptionPicksOneOfThree(String id) {
    try (FraiseQL engine = engine().backend(id).build()) {
      assertThat(engine.backendId()).isEqualTo(id.toLowerCase(java.util.Locale.ROOT));
      assertThat(BlogFixture.run(engine, "{ users(limit: 1) { id } }")).contains("00000000-0000-0000-0000-000000000001");
    }
  }

  @Test
  void threeWithoutAChoiceFailListingIdVersionAndJar() {
    Assumptions.assumeTrue(System.getenv(Backends.ENV) == null, "FRAISEQL_DB_BACKEND is set in this environment");
    assertThatThrownBy(() -> engine().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Several database backends are on the class path; choose one with FRAISEQL_DB_BACKEND")
        .hasMessageMatching("(?s).*jdbc \\(version [^,]+, [^)]*backend-jdbc[^)]*\\).*")
        .hasMessageMatching("(?s).*vertx \\(version [^,]+, [^)]*backend-vertx[^)]*\\).*")
        .hasMessageMatching("(?s).*r2dbc \\(version [^,]+, [^)]*backend-r2dbc[^)]*\\).*");
  }

  @Test
  void anUnknownIdFailsListingTheThree() {
    assertThatThrownBy(() -> engine().backend("mysql").build())
        .hasMessageContaining("Unknown database backend 'mysql'. Found: ")
        .hasMessageContaining("jdbc (version")
        .hasMessageContaining("vertx (version")
        .hasMessageContaining("r2dbc (version");
  }

  // ---------------------------------------------------------------- forked JVMs

  record Run(int exit, String out) {}

  static Run fork(List<String> excludedModules, Map<String, String> env, String... args) throws IOException, InterruptedException {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> excludedModules.stream().noneMatch(entry::contains))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-cp", classPath, BackendSelectionMain.class.getName(), TestDatabase.urlString(url)));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove(Backends.ENV);
    pb.environment().remove(TestDatabase.ENV);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  static final List<String> ALL_BACKENDS = List.of("backend-jdbc", "backend-vertx", "backend-r2dbc");

  @Test
  void noBackendOnTheClassPathFailsAtStartup() throws Exception {
    Run run = fork(ALL_BACKENDS, Map.of());
    assertThat(run.exit()).as(run.out()).isEqualTo(3);
    assertThat(run.out()).contains("failed=No FraiseQL database backend on the class path. Add one of "
        + "fraiseql-backend-jdbc, fraiseql-backend-vertx or fraiseql-backend-r2dbc");
  }

  @Test
  void theOnlyBackendOnTheClassPathIsUsedWithoutAChoice() throws Exception {
    Run run = fork(List.of("backend-jdbc", "backend-r2dbc"), Map.of());
    assertThat(run.out()).contains("backend=vertx");
    assertThat(run.exit()).isZero();
  }

  @Test
  void theEnvironmentVariablePicksAndTheBuilderOptionWins() throws Exception {
    assertThat(fork(List.of(), Map.of(Backends.ENV, "r2dbc")).out()).contains("backend=r2dbc");
    assertThat(fork(List.of(), Map.of(Backends.ENV, "r2dbc"), "jdbc").out()).contains("backend=jdbc");
    Run unknown = fork(List.of(), Map.of(Backends.ENV, "oracle"));
    assertThat(unknown.exit()).isEqualTo(3);
    assertThat(unknown.out()).contains("failed=Unknown database backend 'oracle'. Found: ", "jdbc (version", "vertx (version", "r2dbc (version");
    Run absent = fork(List.of("backend-vertx"), Map.of(Backends.ENV, "vertx"));
    assertThat(absent.out()).contains("failed=Unknown database backend 'vertx'. Found: ", "jdbc (version", "r2dbc (version")
        .doesNotContain("vertx (version");
  }
}
