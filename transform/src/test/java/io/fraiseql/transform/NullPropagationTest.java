package io.fraiseql.transform;

import static io.fraiseql.transform.Sel.id;
import static io.fraiseql.transform.Sel.list;
import static io.fraiseql.transform.Sel.obj;
import static io.fraiseql.transform.Sel.objNN;
import static io.fraiseql.transform.Sel.str;
import static io.fraiseql.transform.Sel.strNN;
import static io.fraiseql.transform.Sel.type;
import static io.fraiseql.transform.Sel.typename;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.plan.Selection.ObjectSelection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NullPropagationTest {

  private static final ObjectSelection AUTHOR = type("Author", strNN("name"), str("nick"));

  @Test
  void aNullNonNullScalarNullsItsNullableParent() {
    ObjectSelection user = type("User", id(), obj("author", "author", AUTHOR));
    Harness.Result r =
        Harness.list(user, false, false, "{\"id\": \"1\", \"author\": {\"nick\": \"x\"}}",
            "{\"id\": \"2\", \"author\": {\"name\": null}}",
            "{\"id\": \"3\", \"author\": {\"name\": \"ok\"}}");
    assertThat(r.withoutErrors())
        .isEqualTo("{\"data\":{\"users\":[{\"id\":\"1\",\"author\":null},"
            + "{\"id\":\"2\",\"author\":null},{\"id\":\"3\",\"author\":{\"name\":\"ok\",\"nick\":null}}]}}");
    assertThat(r.errors()).hasSize(2);
    GraphQLErrorEntry e = r.errors().get(0);
    assertThat(e.message()).isEqualTo("Cannot return null for non-nullable field Author.name");
    assertThat(e.path()).containsExactly("users", 0, "author", "name");
    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(r.errors().get(1).path()).containsExactly("users", 1, "author", "name");
  }

  @Test
  void propagatesThroughNonNullObjectsToTheRow() {
    ObjectSelection user =
        type("User", id(), objNN("author", "author", type("Author", objNN("home", "home",
            type("Home", strNN("city"))))));
    Harness.Result r =
        Harness.list(user, false, false,
            "{\"id\": \"1\", \"author\": {\"home\": {}}}",
            "{\"id\": \"2\", \"author\": {\"home\": {\"city\": \"c\"}}}",
            "{\"id\": \"3\"}",
            "{\"id\": \"4\", \"author\": {\"home\": null}}",
            "{\"id\": \"5\", \"author\": {\"home\": 7}}");
    assertThat(r.withoutErrors())
        .isEqualTo("{\"data\":{\"users\":[null,{\"id\":\"2\",\"author\":{\"home\":{\"city\":\"c\"}}},"
            + "null,null,null]}}");
    assertThat(r.messages())
        .containsExactly(
            "Cannot return null for non-nullable field Home.city",
            "Cannot return null for non-nullable field User.author",
            "Cannot return null for non-nullable field Author.home",
            "Field Author.home: expected an object in the view's data");
    assertThat(r.errors().get(0).path()).containsExactly("users", 0, "author", "home", "city");
    assertThat(r.errors().get(1).path()).containsExactly("users", 2, "author");
    assertThat(r.errors().get(2).path()).containsExactly("users", 3, "author", "home");
    assertThat(r.errors().get(3).path()).containsExactly("users", 4, "author", "home");
  }

  @Test
  void aNullItemInAListOfNonNullItemsNullsTheList() {
    ObjectSelection user = type("User", id());
    Harness.Result r =
        Harness.list(user, false, true, "{\"id\": \"1\"}", "null", "{\"id\": \"3\"}", "null");
    assertThat(r.withoutErrors()).isEqualTo("{\"data\":{\"users\":null}}");
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.message()).isEqualTo("Cannot return null for non-nullable field Query.users");
      assertThat(e.path()).containsExactly("users", 1);
    });
  }

  @Test
  void aRowResolvingToNullInAListOfNonNullItemsNullsTheListWithOneError() {
    ObjectSelection user = type("User", id(), strNN("email"));
    Harness.Result r =
        Harness.list(user, false, true, "{\"id\": \"1\", \"email\": \"e\"}", "{\"id\": \"2\"}",
            "{\"id\": \"3\"}");
    assertThat(r.withoutErrors()).isEqualTo("{\"data\":{\"users\":null}}");
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.message()).isEqualTo("Cannot return null for non-nullable field User.email");
      assertThat(e.path()).containsExactly("users", 1, "email");
    });
  }

  @Test
  void nullItemsInANullableItemListStayNullWithoutError() {
    Harness.Result r = Harness.list(type("User", id()), true, false, "null", "{\"id\": 1}");
    assertThat(r.json()).isEqualTo("{\"data\":{\"users\":[null,{\"id\":\"1\"}]}}");
    assertThat(r.errors()).isEmpty();
  }

  @Test
  void aNonNullRootFieldNullsData() {
    ObjectSelection user = type("User", strNN("email"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter w = new ResponseWriter(out);
    try {
      w.startData();
      w.valueField("first", "x");
      FieldWriter f = w.startField("users", user, true, true, true);
      Harness.feed(f, "{\"email\": \"a\"}");
      Harness.feed(f, "{}");
      Harness.feed(f, "{\"email\": \"b\"}");
      f.end();
      FieldWriter g = w.startField("more", user, true, false, false);
      Harness.feed(g, "{\"email\": \"a\"}");
      g.end();
      w.nullField("third");
      w.valueField("fourth", 4);
      w.finish();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    String json = out.toString(StandardCharsets.UTF_8);
    JsonValidator.validate(json);
    assertThat(json)
        .isEqualTo("{\"data\":null,\"errors\":[{\"message\":\"Cannot return null for non-nullable"
            + " field User.email\",\"path\":[\"users\",1,\"email\"],\"extensions\":{\"code\":"
            + "\"INTERNAL_ERROR\"}}]}");
  }

  @Test
  void aNonNullSingleFieldWithoutRowNullsData() {
    Harness.Result r = Harness.single(type("User", id()), true);
    assertThat(r.json())
        .isEqualTo("{\"data\":null,\"errors\":[{\"message\":\"Cannot return null for non-nullable"
            + " field Query.users\",\"path\":[\"users\"],\"extensions\":{\"code\":\"INTERNAL_ERROR\"}}]}");
  }

  @Test
  void aNonNullSingleFieldWhoseRowIsNullNullsData() {
    Harness.Result r = Harness.single(type("User", id()), true, "null");
    assertThat(r.json()).startsWith("{\"data\":null,\"errors\":[");
    assertThat(r.messages()).containsExactly("Cannot return null for non-nullable field Query.users");
  }

  @Test
  void aNonNullSingleFieldWhoseRowResolvesToNullNullsDataWithTheCauseOnly() {
    Harness.Result r = Harness.single(type("User", id(), strNN("email")), true, "{\"id\": 1}");
    assertThat(r.json()).startsWith("{\"data\":null,\"errors\":[");
    assertThat(r.messages()).containsExactly("Cannot return null for non-nullable field User.email");
  }

  @Test
  void aNullableSingleFieldWhoseRowResolvesToNullIsNull() {
    Harness.Result r = Harness.single(type("User", strNN("email")), false, "{}");
    assertThat(r.json()).isEqualTo("{\"data\":{\"users\":null},\"errors\":[{\"message\":\"Cannot"
        + " return null for non-nullable field User.email\",\"path\":[\"users\",\"email\"],"
        + "\"extensions\":{\"code\":\"INTERNAL_ERROR\"}}]}");
  }

  @Test
  void nestedListsWithNonNullItems() {
    ObjectSelection post = type("Post", strNN("title"), obj("meta", "meta", type("Meta", strNN("k"))));
    ObjectSelection user =
        type("User", id(), list("posts", "posts", post, false, true),
            list("pinned", "pinned", post, true, true));
    Harness.Result r =
        Harness.list(user, false, false,
            // a null element nulls the nullable list
            "{\"id\": 1, \"posts\": [{\"title\": \"a\"}, null], \"pinned\": []}",
            // an element resolving to null nulls the nullable list
            "{\"id\": 2, \"posts\": [{\"title\": \"a\"}, {\"meta\": {}}], \"pinned\": []}",
            // a nested error below a nullable field inside the list is recorded once
            "{\"id\": 3, \"posts\": [{\"title\": \"a\", \"meta\": {}}], \"pinned\": []}",
            // the non-null list nulls the row
            "{\"id\": 4, \"posts\": [], \"pinned\": [{\"x\": 1}]}",
            "{\"id\": 5, \"posts\": [], \"pinned\": null}");
    assertThat(r.withoutErrors())
        .isEqualTo("{\"data\":{\"users\":["
            + "{\"id\":\"1\",\"posts\":null,\"pinned\":[]},"
            + "{\"id\":\"2\",\"posts\":null,\"pinned\":[]},"
            + "{\"id\":\"3\",\"posts\":[{\"title\":\"a\",\"meta\":null}],\"pinned\":[]},"
            + "null,null]}}");
    assertThat(r.errors())
        .extracting(GraphQLErrorEntry::message, GraphQLErrorEntry::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Cannot return null for non-nullable field User.posts",
                java.util.List.of("users", 0, "posts", 1)),
            org.assertj.core.groups.Tuple.tuple(
                "Cannot return null for non-nullable field Post.title",
                java.util.List.of("users", 1, "posts", 1, "title")),
            org.assertj.core.groups.Tuple.tuple(
                "Cannot return null for non-nullable field Meta.k",
                java.util.List.of("users", 2, "posts", 0, "meta", "k")),
            org.assertj.core.groups.Tuple.tuple(
                "Cannot return null for non-nullable field Post.title",
                java.util.List.of("users", 3, "pinned", 0, "title")),
            org.assertj.core.groups.Tuple.tuple(
                "Cannot return null for non-nullable field User.pinned",
                java.util.List.of("users", 4, "pinned")));
  }

  @Test
  void errorsInsideNestedNonNullItemListsAreRecordedOnce() {
    ObjectSelection c = type("C", strNN("v"));
    ObjectSelection b = type("B", list("cs", "cs", c, false, true), obj("o", "o", c));
    ObjectSelection a = type("A", list("bs", "bs", b, true, true), typename("A"));
    Harness.Result r =
        Harness.list(a, true, true,
            "{\"bs\": [{\"cs\": [{\"v\": 1}, {}], \"o\": {}}, {\"cs\": [], \"o\": {\"v\": 2}}]}");
    assertThat(r.withoutErrors())
        .isEqualTo("{\"data\":{\"users\":[{\"bs\":[{\"cs\":null,\"o\":null},"
            + "{\"cs\":[],\"o\":{\"v\":2}}],\"__typename\":\"A\"}]}}");
    assertThat(r.errors())
        .extracting(GraphQLErrorEntry::path)
        .containsExactly(
            java.util.List.of("users", 0, "bs", 0, "cs", 1, "v"),
            java.util.List.of("users", 0, "bs", 0, "o", "v"));
  }

  @Test
  void aNonNullFieldOfTheWrongShapeIsReportedOnce() {
    ObjectSelection user = type("User", objNN("author", "author", AUTHOR));
    Harness.Result r = Harness.list(user, false, false, "{\"author\": \"Ann\"}");
    assertThat(r.withoutErrors()).isEqualTo("{\"data\":{\"users\":[null]}}");
    assertThat(r.messages()).containsExactly("Field User.author: expected an object in the view's data");
  }

  @Test
  void truncatesAListWhoseStartWasAlreadyStreamed() {
    ObjectSelection user = type("User", id(), strNN("email"));
    Harness.Result r =
        Harness.run(user, true, true, true, 1,
            "{\"id\": 0, \"email\": \"e\"}", "{\"id\": 1, \"email\": \"e\"}", "{\"id\": 2}",
            "{\"id\": 3, \"email\": \"e\"}", "null");
    assertThat(r.json())
        .startsWith("{\"data\":{\"users\":[{\"id\":\"0\",\"email\":\"e\"},{\"id\":\"1\",\"email\":\"e\"}]},"
            + "\"errors\":[");
    assertThat(r.messages())
        .containsExactly(
            "Cannot return null for non-nullable field User.email",
            "Cannot return null for non-nullable field Query.users; the list was truncated at index 2"
                + " because earlier rows were already streamed");
    assertThat(r.errors().get(1).path()).containsExactly("users", 2);
  }

  @Test
  void aDirectNullRowAfterAFlushGivesOneTruncationError() {
    Harness.Result r =
        Harness.run(type("User", id()), true, false, true, 0, "{\"id\": 0}", "null", "{\"id\": 2}");
    assertThat(r.json()).startsWith("{\"data\":{\"users\":[{\"id\":\"0\"}]},\"errors\":[");
    assertThat(r.messages())
        .containsExactly("Cannot return null for non-nullable field Query.users; the list was"
            + " truncated at index 1 because earlier rows were already streamed");
  }

  @Test
  void nullsTheFieldWhenDataWasAlreadyStreamed() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter w = new ResponseWriter(out, 0);
    FieldWriter a = w.startField("a", type("User", id()), true, false, false);
    Harness.feed(a, "{\"id\": 1}");
    a.end();
    assertThat(w.bytesFlushed()).isPositive();
    FieldWriter b = w.startField("b", type("User", id()), false, true, false);
    b.end();
    FieldWriter c = w.startField("c", type("User", id(), strNN("x")), true, true, true);
    Harness.feed(c, "{}");
    c.end();
    FieldWriter d = w.startField("d", type("User", id()), true, true, true);
    Harness.feed(d, "null");
    d.end();
    w.finish();
    String json = out.toString(StandardCharsets.UTF_8);
    JsonValidator.validate(json);
    assertThat(json).startsWith("{\"data\":{\"a\":[{\"id\":\"1\"}],\"b\":null,\"c\":null,\"d\":null},");
    assertThat(w.errors())
        .extracting(GraphQLErrorEntry::message)
        .containsExactly(
            "Cannot return null for non-nullable field Query.b; data could not be set to null"
                + " because earlier fields were already streamed",
            "Cannot return null for non-nullable field User.x",
            "Cannot return null for non-nullable field Query.c; data could not be set to null"
                + " because earlier fields were already streamed",
            "Cannot return null for non-nullable field Query.d; data could not be set to null"
                + " because earlier fields were already streamed");
  }

  @Test
  void rowsAfterPropagationAreIgnored() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter w = new ResponseWriter(out);
    FieldWriter f = w.startField("users", type("User", id()), true, false, true);
    Harness.feed(f, "null");
    for (int i = 0; i < 1000; i++) {
      Harness.feed(f, "{\"id\": 1}");
    }
    assertThat(f.rowsReceived()).isEqualTo(1001);
    f.end();
    w.finish();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"data\":{\"users\":null},");
  }

  @Test
  void usesTheRootTypeNameInMessages() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter w = new ResponseWriter(out, 1024, "Mutation");
    w.startField("createUser", type("User", id()), false, false, false).end();
    FieldWriter f = w.startField("deleteUser", type("User", id()), false, true, false);
    f.end();
    w.finish();
    assertThat(w.errors())
        .extracting(GraphQLErrorEntry::message)
        .containsExactly("Cannot return null for non-nullable field Mutation.deleteUser");
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"data\":null,");
  }
}
