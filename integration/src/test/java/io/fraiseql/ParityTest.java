package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;

import com.dslplatform.json.DslJson;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.error.ErrorCode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same corpus of requests (data files under {@code parity/}) on every backend: the response
 * bodies must be byte-identical. See {@code parity/README.md} for the file format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParityTest {
  static final List<String> BACKENDS = List.of("jdbc", "vertx", "r2dbc");
  static final byte[] SECRET = "parity-corpus-cursor-secret".getBytes(StandardCharsets.UTF_8);
  final Map<String, FraiseQL> engines = new LinkedHashMap<>();
  DatabaseUrl url;

  @BeforeAll
  void start() {
    url = BlogFixture.createDatabase("parity");
    for (String id : BACKENDS) {
      engines.put(id, corpusEngine(connect(FraiseQL.builder(), url), id).build());
    }
  }

  /** Everything but the connection of an engine that answers the corpus. */
  static FraiseQL.Builder corpusEngine(FraiseQL.Builder builder, String backend) {
    return builder
        .schema(BlogFixture.resource("schema.graphql"))
        .backend(backend)
        .poolSize(2)
        .statementTimeout(Duration.ofMillis(700))
        .cursorSecret(SECRET) // one secret for every engine, so cursors are byte-identical
        .sessionVariable(SessionVariable.parse("app.tenant_id=header:X-Tenant-Id"))
        .role(r -> r.attributes().get("claim:role"));
  }

  /** How the engines reach the corpus database: directly here; a subclass may go through a pooler. */
  FraiseQL.Builder connect(FraiseQL.Builder builder, DatabaseUrl url) {
    return builder.databaseUrl(url);
  }

  @AfterAll
  void stop() {
    engines.values().forEach(FraiseQL::close);
    engines.clear();
  }

  /** One request of the corpus. */
  record Case(String name, String query, List<String> expectations, GraphQLRequest request) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Path corpus() {
    return corpus("/parity");
  }

  /** A corpus folder on the test class path. */
  static Path corpus(String folder) {
    try {
      return Path.of(ParityTest.class.getResource(folder).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Case> cases() throws IOException {
    return load(corpus()).stream();
  }

  /** The cases of a corpus folder, in file name order. */
  @SuppressWarnings("unchecked")
  static List<Case> load(Path folder) throws IOException {
    DslJson<Object> json = new DslJson<>();
    List<Case> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".graphql")).sorted().toList()) {
        String name = file.getFileName().toString().replace(".graphql", "");
        String query = Files.readString(file, StandardCharsets.UTF_8);
        List<String> expectations = new ArrayList<>();
        for (String line : query.split("\n")) {
          if (line.startsWith("# expect: ")) {
            expectations.add(line.substring("# expect: ".length()));
          }
        }
        Map<String, Object> meta = Map.of();
        Path metaFile = file.resolveSibling(name + ".json");
        if (Files.exists(metaFile)) {
          byte[] bytes = Files.readAllBytes(metaFile);
          meta = json.deserialize(Map.class, bytes, bytes.length);
        }
        GraphQLRequest request = new GraphQLRequest(query, (String) meta.get("operationName"),
            (Map<String, Object>) meta.get("variables"), (Map<String, String>) meta.get("attributes"));
        out.add(new Case(name, query, expectations, request));
      }
    }
    return out;
  }

  @Test
  void theCorpusHasAtLeastSixtyCases() throws IOException {
    assertThat(cases().count()).isGreaterThanOrEqualTo(60);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyBackendAnswersTheSameBytes(Case c) {
    Map<String, String> answers = new LinkedHashMap<>();
    for (Map.Entry<String, FraiseQL> e : engines.entrySet()) {
      answers.put(e.getKey(), new String(e.getValue().execute(c.request()), StandardCharsets.UTF_8));
    }
    assertParity(c, answers);
    checkAgainstReference(c, answers.get("jdbc"));
    // the second time a request runs from its kept plan (without variables) or plan template
    // (with variables), SQL and projections
    for (Map.Entry<String, FraiseQL> e : engines.entrySet()) {
      assertThat(new String(e.getValue().execute(c.request()), StandardCharsets.UTF_8))
          .as("%s on %s, asked again", c.name(), e.getKey()).isEqualTo(answers.get(e.getKey()));
    }
    // with variables: the same bytes as the literal form (the variables written into the document);
    // a value refused as a variable is refused with the same codes as a literal (unless the
    // literal does not even validate, as a value of the wrong type)
    String reference = answers.get("jdbc");
    if (!c.request().variables().isEmpty()) {
      FraiseQL jdbc = engines.get("jdbc");
      String literal = LiteralForm.inline(jdbc.schema().graphQLSchema(), c.query(), c.request().operationName(),
          c.request().variables());
      String literalAnswer = new String(jdbc.execute(new GraphQLRequest(literal, c.request().operationName(),
          Map.of(), c.request().attributes())), StandardCharsets.UTF_8);
      if (reference.startsWith("{\"data\"") && !reference.contains("\"errors\"")) {
        assertThat(literalAnswer).as("%s, literal form %s", c.name(), literal).isEqualTo(reference);
      } else if (!literalAnswer.contains("GRAPHQL_VALIDATION_FAILED")) {
        assertThat(codes(literalAnswer)).as("%s, literal form %s", c.name(), literal).isEqualTo(codes(reference));
      }
    }
  }

  /** The error codes of an answer, in order. */
  static List<String> codes(String answer) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"code\":\"([A-Z_]+)\"").matcher(answer);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** More checks of a case's answer; none here. */
  void checkAgainstReference(Case c, String answer) {
  }

  /**
   * The checks every parity case gets once the backends answered: byte-identical to jdbc, never
   * INTERNAL_ERROR or CONNECTION_ERROR, every expectation present, no errors unless expected.
   */
  static void assertParity(Case c, Map<String, String> answers) {
    String reference = answers.get("jdbc");
    for (String id : BACKENDS) {
      assertThat(answers.get(id)).as("%s on %s vs jdbc", c.name(), id).isEqualTo(reference);
    }
    assertThat(reference).as(c.name()).doesNotContain("INTERNAL_ERROR", "CONNECTION_ERROR");
    for (String expected : c.expectations()) {
      assertThat(reference).as(c.name()).contains(expected);
    }
    boolean errorExpected = c.expectations().stream().anyMatch(e -> e.contains("errors")
        || Arrays.stream(ErrorCode.values()).anyMatch(code -> e.contains(code.name())));
    if (!errorExpected) {
      assertThat(reference).as("%s answers without errors", c.name()).doesNotContain("\"errors\"");
    }
  }
}
