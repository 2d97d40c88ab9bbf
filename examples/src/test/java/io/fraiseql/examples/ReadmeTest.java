package io.fraiseql.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README shows the examples' code as it is: the embedding example (compiled and run by the
 * embedded consumer project), the modular example's module-info (compiled and run by the modular
 * one) and the Maven snippets (used by the consumer projects).
 */
class ReadmeTest {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  static String read(String path) throws IOException {
    return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
  }

  /** The lines between the {@code tag::NAME[]} and {@code end::NAME[]} markers. */
  static String region(String path, String tag, int dedent) throws IOException {
    String text = read(path);
    int start = text.indexOf('\n', text.indexOf("tag::" + tag + "[]")) + 1;
    int end = text.lastIndexOf('\n', text.indexOf("end::" + tag + "[]")) + 1;
    assertThat(start).as(path + " tag::" + tag).isPositive();
    return text.substring(start, end).lines()
        .map(l -> l.startsWith(" ".repeat(dedent)) ? l.substring(dedent) : l)
        .collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void theEmbeddingExampleIsTheCompiledOne() throws IOException {
    String code = region("examples/embedded/src/main/java/com/example/EmbeddingExample.java", "embedding", 0);
    assertThat(code).contains("import io.fraiseql.FraiseQL;", ".withAttributes(", "throws IOException");
    assertThat(read("README.md")).contains("```java\n" + code + "```\n");
  }

  @Test
  void theModuleDescriptorIsTheModularExamplesOwn() throws IOException {
    String descriptor = region("examples/modular/src/main/java/module-info.java", "module", 0);
    assertThat(descriptor).contains("requires io.fraiseql;");
    assertThat(read("README.md")).contains("```java\n" + descriptor + "```\n");
  }

  @Test
  void theMavenSnippetsAreTheConsumerProjectsOwn() throws IOException {
    String readme = read("README.md");
    String bom = region("examples/embedded/pom.xml", "bom", 2);
    assertThat(bom).contains("<artifactId>fraiseql-bom</artifactId>", "<scope>import</scope>");
    assertThat(readme).contains("```xml\n" + bom + "</dependencies>\n```\n");
    String starter = region("examples/spring-boot/pom.xml", "starter", 2);
    assertThat(starter).contains("<artifactId>fraiseql-spring-boot-starter</artifactId>");
    assertThat(readme).contains("```xml\n" + starter + "</dependencies>\n```\n");
  }

  @Test
  void theReadmeCarriesNoIssueNumbersOrHistory() throws IOException {
    assertThat(read("README.md")).doesNotContainPattern("(?i)\\bissue\\s*#?\\d").doesNotContainPattern("(?i)\\bround \\d");
  }
}
