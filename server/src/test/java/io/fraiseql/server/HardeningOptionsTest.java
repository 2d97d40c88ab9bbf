package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.Limits;
import io.fraiseql.planner.PlannerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The input-hardening options: pattern limits, introspection, cursor secret, document cache. */
class HardeningOptionsTest {
  static final Path SCHEMA = Fixture.schemaFile();

  static ServerConfig serve(Map<String, String> env, String... flags) {
    List<String> args = new java.util.ArrayList<>(List.of("serve", "--schema", SCHEMA.toString(),
        "--database-url", "postgresql://u:p@db/app"));
    args.addAll(List.of(flags));
    return ((Cli.Serve) Cli.parse(args, env)).config();
  }

  @Test
  void defaults() {
    ServerConfig c = serve(Map.of());
    assertThat(c.limits().maxPatternOperators()).isEqualTo(20);
    assertThat(c.limits().maxPatternLength()).isEqualTo(1000);
    assertThat(c.engineOptions()).isEqualTo(EngineOptions.DEFAULTS);
    assertThat(c.engineOptions().introspection()).isTrue();
    assertThat(c.engineOptions().cursorSecret()).isNull();
    assertThat(c.engineOptions().documentCacheSize()).isEqualTo(1000);
    assertThat(c.engineOptions().documentCacheBytes()).isEqualTo(64L << 20);
  }

  @Test
  void fromTheEnvironmentAndFlagsWin() {
    Map<String, String> env = new HashMap<>();
    env.put("FRAISEQL_MAX_PATTERN_OPERATORS", "0");
    env.put("FRAISEQL_MAX_PATTERN_LENGTH", "200");
    env.put("FRAISEQL_INTROSPECTION", "false");
    env.put("FRAISEQL_CURSOR_SECRET", "0123456789abcdef-from-env");
    env.put("FRAISEQL_DOCUMENT_CACHE_SIZE", "50");
    env.put("FRAISEQL_DOCUMENT_CACHE_BYTES", "8m");
    ServerConfig e = serve(env);
    assertThat(e.limits()).isEqualTo(Limits.DEFAULTS.withPatternLimits(0, 200));
    assertThat(e.engineOptions()).isEqualTo(new EngineOptions(false, CursorSecret.of("0123456789abcdef-from-env"), 50, 8L << 20));
    ServerConfig f = serve(env, "--max-pattern-operators", "5", "--max-pattern-length=64", "--introspection", "true",
        "--cursor-secret", "another-secret-of-enough-bytes", "--document-cache-size", "0", "--document-cache-bytes", "1024");
    assertThat(f.limits().maxPatternOperators()).isEqualTo(5);
    assertThat(f.limits().maxPatternLength()).isEqualTo(64);
    assertThat(f.engineOptions().introspection()).isTrue();
    assertThat(f.engineOptions().cursorSecret().bytes())
        .isEqualTo("another-secret-of-enough-bytes".getBytes(StandardCharsets.UTF_8));
    assertThat(f.engineOptions().documentCacheSize()).isZero();
    assertThat(f.engineOptions().documentCacheBytes()).isEqualTo(1024);
  }

  @Test
  void theSecretFromAFileAndNeverPrinted() throws IOException {
    Path file = Files.createTempFile("cursor", ".secret");
    file.toFile().deleteOnExit();
    Files.writeString(file, "secret-from-a-file-0123456789\n");
    ServerConfig c = serve(Map.of("FRAISEQL_CURSOR_SECRET_FILE", file.toString()));
    assertThat(new String(c.engineOptions().cursorSecret().bytes(), StandardCharsets.UTF_8))
        .isEqualTo("secret-from-a-file-0123456789");
    assertThat(c.toString()).contains("REDACTED").doesNotContain("secret-from-a-file");
    assertThat(serve(Map.of(), "--cursor-secret-file", file.toString()).engineOptions().cursorSecret())
        .isEqualTo(c.engineOptions().cursorSecret()).hasSameHashCodeAs(c.engineOptions().cursorSecret());
  }

  @Test
  void badValuesAreUsageErrorsNamingTheFlagOrVariable() {
    assertThatThrownBy(() -> serve(Map.of(), "--cursor-secret", "short"))
        .isInstanceOf(Cli.UsageException.class).hasMessageContaining("--cursor-secret").hasMessageContaining("16 bytes")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> serve(Map.of("FRAISEQL_CURSOR_SECRET", "0123456789abcdef"), "--cursor-secret-file", "/etc/hostname"))
        .isInstanceOf(Cli.UsageException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> serve(Map.of(), "--cursor-secret-file", "/nonexistent/secret"))
        .isInstanceOf(Cli.UsageException.class).hasMessageContaining("--cursor-secret-file").hasMessageContaining("cannot read");
    assertThatThrownBy(() -> serve(Map.of("FRAISEQL_INTROSPECTION", "maybe")))
        .isInstanceOf(Cli.UsageException.class).hasMessageContaining("FRAISEQL_INTROSPECTION");
    assertThatThrownBy(() -> serve(Map.of(), "--max-pattern-operators", "-1"))
        .isInstanceOf(Cli.UsageException.class).hasMessageContaining("--max-pattern-operators");
    assertThatThrownBy(() -> serve(Map.of(), "--max-pattern-length", "0"))
        .isInstanceOf(Cli.UsageException.class).hasMessageContaining("--max-pattern-length");
    assertThatThrownBy(() -> serve(Map.of(), "--document-cache-bytes", "lots"))
        .isInstanceOf(Cli.UsageException.class).hasMessageContaining("--document-cache-bytes");
    assertThatThrownBy(() -> new EngineOptions(true, null, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Limits(1, 1, 1, 1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Limits(1, 1, 1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void helpListsTheNewOptions() {
    assertThat(Cli.help()).contains("--max-pattern-operators N", "FRAISEQL_MAX_PATTERN_OPERATORS",
        "--max-pattern-length N", "FRAISEQL_MAX_PATTERN_LENGTH", "--introspection BOOL", "FRAISEQL_INTROSPECTION",
        "--cursor-secret S", "FRAISEQL_CURSOR_SECRET", "--cursor-secret-file FILE", "FRAISEQL_CURSOR_SECRET_FILE",
        "--document-cache-size N", "FRAISEQL_DOCUMENT_CACHE_SIZE", "--document-cache-bytes BYTES",
        "FRAISEQL_DOCUMENT_CACHE_BYTES");
    assertThat(PlannerOptions.DEFAULTS.documentCacheBytes()).isEqualTo(EngineOptions.DEFAULTS.documentCacheBytes());
  }

  @Test
  void theDemoSignsWithAFixedKeyDerivedFromItsSchema() {
    assertThat(Demo.demoCursorSecret()).isEqualTo(Demo.demoCursorSecret());
    assertThat(Demo.demoCursorSecret().bytes()).hasSize(64);
  }
}
