package com.example.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Launches the application with {@code java --module-path ... -m com.example.modular/...}: the
 * module path is this project's runtime dependencies (written by maven-dependency-plugin) and its
 * own classes, with the jars of the other backends left out, as an application with one backend
 * has it. Also compiles code that imports FraiseQL's internal packages, which javac must refuse.
 */
class ModularExampleTest {
  /** Jars (file name prefixes) that only one backend brings. */
  static final Map<String, List<String>> BACKEND_JARS = Map.of(
      "jdbc", List.of("fraiseql-backend-jdbc-", "HikariCP-", "postgresql-"),
      "vertx", List.of("fraiseql-backend-vertx-", "vertx-"),
      "r2dbc", List.of("fraiseql-backend-r2dbc-", "r2dbc-", "reactor-"));
  static final String ANSWER =
      "{\"data\":{\"users\":[{\"id\":\"1\",\"email\":\"ann@example.com\"},{\"id\":\"2\",\"email\":\"bob@example.com\"}]}}";

  static String databaseUrl;

  @BeforeAll
  static void database() {
    DatabaseUrl url = TestDatabase.get().createDatabase("modular");
    TestDatabase.execute(url, """
        CREATE TABLE tb_user (id bigint PRIMARY KEY, email text NOT NULL);
        INSERT INTO tb_user VALUES (1, 'ann@example.com'), (2, 'bob@example.com');
        CREATE VIEW v_user AS SELECT id, jsonb_build_object('id', id, 'email', email) AS data FROM tb_user;
        """);
    databaseUrl = TestDatabase.urlString(url);
  }

  /** The runtime dependencies and the application's classes, without the other backends' jars. */
  static List<Path> modulePath(List<String> backends) throws IOException {
    String listed = Files.readString(Path.of("target/module-path.txt"), StandardCharsets.UTF_8).trim();
    List<Path> path = new ArrayList<>();
    path.add(Path.of("target/classes").toAbsolutePath());
    for (String entry : listed.split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      boolean otherBackend = BACKEND_JARS.entrySet().stream()
          .filter(e -> !backends.contains(e.getKey()))
          .anyMatch(e -> e.getValue().stream().anyMatch(name::startsWith));
      if (!otherBackend) {
        path.add(Path.of(entry));
      }
    }
    return path;
  }

  static String run(List<String> backends, String chosen, Path dir) throws Exception {
    Path schema = dir.resolve("schema.graphql");
    Files.writeString(schema, """
        type User @sqlSource(name: "v_user") { id: ID! email: String! }
        type Query { users: [User!]! }
        """);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", join(modulePath(backends)),
        "-m", "com.example.modular/com.example.modular.ModularExample",
        schema.toString(), databaseUrl));
    command.addAll(backends);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("FRAISEQL_DB_BACKEND");
    if (chosen != null) {
      builder.environment().put("FRAISEQL_DB_BACKEND", chosen);
    }
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the application ended");
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  static String join(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void runsOnTheModulePathWithOneBackend(String backend, @TempDir Path dir) throws Exception {
    String output = run(List.of(backend), null, dir);
    assertTrue(output.contains("backends: [" + backend + "]"), output);
    assertTrue(output.contains("chosen: " + backend), output);
    assertTrue(output.contains("internal packages closed: 4"), output);
    assertTrue(output.contains(ANSWER), output);
  }

  @Test
  void withEveryBackendTheEnvironmentVariableChooses(@TempDir Path dir) throws Exception {
    String output = run(List.of("jdbc", "r2dbc", "vertx"), "r2dbc", dir);
    assertTrue(output.contains("backends: [jdbc, r2dbc, vertx]"), output);
    assertTrue(output.contains("chosen: r2dbc"), output);
    assertTrue(output.contains(ANSWER), output);
  }

  @Test
  void javacRefusesTheInternalPackages(@TempDir Path dir) throws Exception {
    List<String> internal = List.of(
        "io.fraiseql.internal", "io.fraiseql.planner.internal", "io.fraiseql.sql.internal", "io.fraiseql.transform.internal");
    String refused = compile(dir.resolve("refused"), internal.stream()
        .map(p -> "import " + p + ".*;").collect(Collectors.joining("\n")));
    for (String p : internal) {
      assertTrue(refused.contains("package " + p + " is not visible")
          || refused.contains("package " + p + " is declared in module"), p + ":\n" + refused);
    }
    // the same module compiles against the exported packages: the refusal above is about encapsulation
    assertEquals("", compile(dir.resolve("allowed"),
        "import io.fraiseql.*;\nimport io.fraiseql.planner.*;\nimport io.fraiseql.api.*;\nimport io.fraiseql.spi.*;"));
  }

  /** Compiles a module {@code peek} that requires io.fraiseql; returns javac's diagnostics ("" when it compiled). */
  static String compile(Path dir, String imports) throws IOException {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("peek"));
    Files.writeString(src.resolve("module-info.java"), "module peek { requires io.fraiseql; }\n");
    Files.writeString(src.resolve("peek/Peek.java"), "package peek;\n" + imports + "\nclass Peek {}\n");
    List<String> args = new ArrayList<>(List.of(
        "-d", dir.resolve("classes").toString(), "--module-path", join(modulePath(List.of("jdbc")))));
    try (Stream<Path> files = Files.walk(src)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean ok = ToolProvider.getSystemJavaCompiler().run(null, out, out, args.toArray(String[]::new)) == 0;
    return ok ? "" : out.toString(StandardCharsets.UTF_8);
  }
}
