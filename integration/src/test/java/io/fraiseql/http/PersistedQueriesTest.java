package io.fraiseql.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of persisted queries, without a server: hashes, the bounded APQ cache, the only mode. */
class PersistedQueriesTest {
  static Map<String, Object> ext(Object version, Object hash) {
    java.util.HashMap<String, Object> pq = new java.util.HashMap<>();
    pq.put("version", version);
    pq.put("sha256Hash", hash);
    return Map.of("persistedQuery", pq);
  }

  static ErrorCode refusal(PersistedQueries pq, Object query, Object extensions) {
    try {
      pq.resolve(query, extensions);
    } catch (PersistedQueries.Refusal e) {
      return e.code();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void sha256IsTheLowercaseHexOfTheUtf8Text() {
    assertThat(PersistedQueries.sha256("{ __typename }"))
        .isEqualTo("7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b");
    assertThat(PersistedQueries.sha256("é")).isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
  }

  @Test
  void requestsWithoutAPersistedQueryPassThrough() {
    PersistedQueries pq = PersistedQueries.automatic();
    assertThat(pq.resolve("{ a }", null)).isEqualTo("{ a }");
    assertThat(pq.resolve("{ a }", Map.of("other", 1))).isEqualTo("{ a }");
    assertThat(pq.resolve(null, null)).isNull(); // the caller says the request has no query
    assertThat(pq.resolve(42, null)).isEqualTo(42);
    assertThat(refusal(pq, "{ a }", List.of())).isEqualTo(ErrorCode.BAD_USER_INPUT);
  }

  @Test
  void aMissIsNotFoundAndTheTextWithItsHashIsKept() {
    PersistedQueries pq = PersistedQueries.automatic();
    String hash = PersistedQueries.sha256("{ a }");
    assertThat(refusal(pq, null, ext(1, hash))).isEqualTo(ErrorCode.PERSISTED_QUERY_NOT_FOUND);
    assertThat(pq.resolve("{ a }", ext(1, hash))).isEqualTo("{ a }");
    assertThat(pq.resolve(null, ext(1.0, hash.toUpperCase(java.util.Locale.ROOT)))).isEqualTo("{ a }");
    assertThat(pq.kept()).isEqualTo(1);
    assertThat(pq.resolve("{ a }", ext(1, hash))).isEqualTo("{ a }");
    assertThat(pq.kept()).isEqualTo(1);
    assertThat(pq.resolve(7, ext(1, hash))).isEqualTo(7); // not text: the caller refuses it
  }

  @Test
  void malformedPersistedQueriesAreBadUserInput() {
    PersistedQueries pq = PersistedQueries.automatic();
    String hash = PersistedQueries.sha256("{ a }");
    assertThat(refusal(pq, "{ b }", ext(1, hash))).isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(refusal(pq, null, ext(2, hash))).isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(refusal(pq, null, ext("1", hash))).isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(refusal(pq, null, ext(1, "abc"))).isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(refusal(pq, null, ext(1, 5))).isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(refusal(pq, null, Map.of("persistedQuery", "x"))).isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(pq.kept()).isZero();
  }

  @Test
  void theCacheKeepsTheMostRecentlyUsedWithinItsBounds() {
    PersistedQueries pq = new PersistedQueries(List.of(), false, 2);
    String a = "{ a }";
    String b = "{ b }";
    String c = "{ c }";
    pq.resolve(a, ext(1, PersistedQueries.sha256(a)));
    pq.resolve(b, ext(1, PersistedQueries.sha256(b)));
    pq.resolve(null, ext(1, PersistedQueries.sha256(a))); // a is used again: b is now the oldest
    pq.resolve(c, ext(1, PersistedQueries.sha256(c)));
    assertThat(pq.kept()).isEqualTo(2);
    assertThat(pq.resolve(null, ext(1, PersistedQueries.sha256(a)))).isEqualTo(a);
    assertThat(refusal(pq, null, ext(1, PersistedQueries.sha256(b)))).isEqualTo(ErrorCode.PERSISTED_QUERY_NOT_FOUND);
    // a document larger than the whole cache is run but not kept
    String huge = "{ a }" + " ".repeat((int) PersistedQueries.APQ_CACHE_CHARS);
    assertThat(pq.resolve(huge, ext(1, PersistedQueries.sha256(huge)))).isEqualTo(huge);
    assertThat(pq.kept()).isEqualTo(2);
    // characters bound the cache too
    String half = "{ h }" + " ".repeat((int) (PersistedQueries.APQ_CACHE_CHARS / 2));
    String half2 = "{ i }" + " ".repeat((int) (PersistedQueries.APQ_CACHE_CHARS / 2));
    PersistedQueries big = PersistedQueries.automatic();
    big.resolve(half, ext(1, PersistedQueries.sha256(half)));
    big.resolve(half2, ext(1, PersistedQueries.sha256(half2)));
    assertThat(big.kept()).isEqualTo(1);
    PersistedQueries none = new PersistedQueries(List.of(), false, 0);
    none.resolve(a, ext(1, PersistedQueries.sha256(a)));
    assertThat(none.kept()).isZero();
    assertThatThrownBy(() -> new PersistedQueries(List.of(), false, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyPersistedDocumentsRunInTheOnlyMode() {
    PersistedQueries pq = new PersistedQueries(List.of("{ a }"), true, 100);
    assertThat(pq.only()).isTrue();
    assertThat(pq.documents()).containsEntry(PersistedQueries.sha256("{ a }"), "{ a }");
    assertThat(pq.resolve(null, ext(1, PersistedQueries.sha256("{ a }")))).isEqualTo("{ a }");
    assertThat(pq.resolve("{ a }", null)).isEqualTo("{ a }");
    assertThat(pq.resolve("{ a }", ext(1, PersistedQueries.sha256("{ a }")))).isEqualTo("{ a }");
    assertThat(refusal(pq, "{ b }", null)).isEqualTo(ErrorCode.ARBITRARY_QUERY_NOT_ALLOWED);
    assertThat(refusal(pq, null, null)).isEqualTo(ErrorCode.ARBITRARY_QUERY_NOT_ALLOWED);
    assertThat(refusal(pq, "{ b }", ext(1, PersistedQueries.sha256("{ b }")))).isEqualTo(ErrorCode.ARBITRARY_QUERY_NOT_ALLOWED);
    assertThat(pq.kept()).isZero();
    assertThatThrownBy(() -> new PersistedQueries(List.of(), true, 0)).hasMessageContaining("no persisted documents");
  }

  @Test
  void aDirectoryGivesItsGraphqlFilesInNameOrder(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("b.graphql"), "{ b }");
    Files.writeString(dir.resolve("a.graphql"), "{ a }");
    Files.writeString(dir.resolve("notes.md"), "no");
    Files.createDirectory(dir.resolve("sub.graphql"));
    Map<Path, String> docs = PersistedQueries.readDirectory(dir);
    assertThat(docs.keySet()).containsExactly(dir.resolve("a.graphql"), dir.resolve("b.graphql"));
    assertThat(docs.values()).containsExactly("{ a }", "{ b }");
    assertThatThrownBy(() -> PersistedQueries.readDirectory(dir.resolve("notes.md"))).hasMessageContaining("is not a directory");
    assertThatThrownBy(() -> PersistedQueries.readDirectory(Files.createDirectory(dir.resolve("empty"))))
        .hasMessageContaining("has no .graphql files");
  }
}
