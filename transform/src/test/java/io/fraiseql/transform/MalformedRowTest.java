package io.fraiseql.transform;

import static io.fraiseql.transform.Sel.id;
import static io.fraiseql.transform.Sel.list;
import static io.fraiseql.transform.Sel.obj;
import static io.fraiseql.transform.Sel.str;
import static io.fraiseql.transform.Sel.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.plan.Selection.ObjectSelection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MalformedRowTest {
  private static final ObjectSelection USER =
      type("User", id(), str("name"), obj("author", "author", type("Author", str("name"))),
          list("posts", "posts", type("Post", str("title")), false, false),
          list("pinned", "pinned", type("Post", str("title")), false, true));

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "   ",
      "{",
      "{\"id\": \"a1\"",
      "{\"id\": \"a1",
      "{\"id\": \"a1\\",
      "{\"id\": \"a1\\u12",
      "{\"id\": \"a1\\u12zz\"}",
      "{\"id\": \"bad \\x escape\"}",
      "{\"id\": \"raw \t tab\"}",
      "{\"id\": tru}",
      "{\"id\": nul}",
      "{\"id\": fals}",
      "{\"id\": t",
      "{\"id\": 1.}",
      "{\"id\": 1.e5}",
      "{\"id\": 1e}",
      "{\"id\": 1e+}",
      "{\"id\": -}",
      "{\"id\": -x}",
      "{\"id\": 01}",
      "{\"id\": +1}",
      "{\"id\": 1",
      "{\"id\": -",
      "{\"id\" \"x\"}",
      "{id: 1}",
      "{\"id\": 1,}",
      "{\"id\": 1 \"name\": 2}",
      "{\"id\": }",
      "{\"name\": [1, 2}",
      "{\"name\": [1, 2,]}",
      "{\"name\": [,]}",
      "{\"name\": [}",
      "{\"name\": {]}",
      "{\"name\": {\"a\": 1]}",
      "{\"name\": {\"a\" 1}}",
      "{\"name\": {\"a\": 1,}}",
      "{\"name\": {1: 2}}",
      "{\"name\": [[[[",
      "{\"name\": [\"a\" \"b\"]}",
      "{\"author\": {\"name\": }}",
      "{\"author\": {\"name\": \"x\"",
      "{\"author\": {\"name\" \"x\"}}",
      "{\"author\": {\"name\": 1 2}}",
      "{\"author\": {\"name\": 1,}}",
      "{\"posts\": [{\"title\": \"a\"}, {\"title\": }]}",
      "{\"posts\": [{\"title\": \"a\"} {\"title\": \"b\"}]}",
      "{\"pinned\": [{\"title\": \"a\"}, {\"title\": ]}",
      "{\"pinned\": [{\"title\": \"a\"} {}]}",
      "{\"id\": 1} x",
      "{\"id\": 1}}",
      "nulls",
      "x",
      "}",
      "\"unterminated"
  })
  void rejectsMalformedRowsAndKeepsTheResponseValid(String bad) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter w = new ResponseWriter(out);
    w.valueField("before", 1);
    FieldWriter f = w.startField("users", USER, true, false, false);
    Harness.feed(f, "{\"id\": 1}");
    assertThatThrownBy(() -> Harness.feed(f, bad))
        .isInstanceOf(MalformedRowException.class)
        .hasMessageStartingWith("Malformed JSON row: ");
    Harness.feed(f, "{\"id\": 2}");
    f.end();
    w.valueField("after", 2);
    w.finish();
    String json = out.toString(StandardCharsets.UTF_8);
    JsonValidator.validate(json);
    assertThat(json).startsWith("{\"data\":{\"before\":1,\"users\":null,\"after\":2},\"errors\":[");
    assertThat(w.errors()).singleElement().satisfies(e -> {
      assertThat(e.message()).isEqualTo("Field Query.users: the view returned a malformed JSON document");
      assertThat(e.path()).isEqualTo(List.of("users", 1));
      assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    });
  }

  @Test
  void reportsTheOffsetInsideTheRow() throws IOException {
    ResponseWriter w = new ResponseWriter(new ByteArrayOutputStream());
    FieldWriter f = w.startField("users", USER, false, false, false);
    byte[] buf = "XXXX{\"id\": tru}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> f.row(buf, 4, buf.length - 4))
        .isInstanceOfSatisfying(MalformedRowException.class, e -> {
          assertThat(e.offset()).isEqualTo(7);
          assertThat(e.getMessage()).isEqualTo("Malformed JSON row: invalid literal at byte 7");
        });
  }

  @Test
  void aMalformedRowAfterAFlushTruncatesTheList() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter w = new ResponseWriter(out, 0);
    FieldWriter f = w.startField("users", USER, true, true, true);
    Harness.feed(f, "{\"id\": 1}");
    assertThatThrownBy(() -> Harness.feed(f, "{\"id\": ")).isInstanceOf(MalformedRowException.class);
    f.end();
    w.finish();
    String json = out.toString(StandardCharsets.UTF_8);
    JsonValidator.validate(json);
    assertThat(json).startsWith("{\"data\":{\"users\":[{\"id\":\"1\",");
    assertThat(w.errors())
        .extracting(GraphQLErrorEntry::message)
        .containsExactly(
            "Field Query.users: the view returned a malformed JSON document",
            "Field Query.users: the list was truncated at index 1 because earlier rows were already"
                + " streamed");
  }

  @Test
  void badBoundsAreRejectedWithoutCorruptingTheResponse() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter w = new ResponseWriter(out);
    FieldWriter f = w.startField("user", USER, false, true, false);
    assertThatThrownBy(() -> f.row(new byte[4], 2, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    w.finish();
    String json = out.toString(StandardCharsets.UTF_8);
    JsonValidator.validate(json);
    assertThat(json).startsWith("{\"data\":null,\"errors\":[");
  }

  @Test
  void deeplyNestedValuesAreSkippedWithoutRecursion() throws IOException {
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      deep.append(i % 2 == 0 ? "[" : "{\"k\": ");
    }
    deep.append('1');
    for (int i = 100_000 - 1; i >= 0; i--) {
      deep.append(i % 2 == 0 ? "]" : "}");
    }
    Harness.Result r = Harness.list(type("User", id()), false, false,
        "{\"skip\": " + deep + ", \"id\": 1}");
    assertThat(r.json()).isEqualTo("{\"data\":{\"users\":[{\"id\":\"1\"}]}}");
  }
}
