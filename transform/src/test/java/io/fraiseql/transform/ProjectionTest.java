package io.fraiseql.transform;

import static io.fraiseql.transform.Sel.id;
import static io.fraiseql.transform.Sel.list;
import static io.fraiseql.transform.Sel.obj;
import static io.fraiseql.transform.Sel.scalar;
import static io.fraiseql.transform.Sel.str;
import static io.fraiseql.transform.Sel.type;
import static io.fraiseql.transform.Sel.typename;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Selection.ObjectSelection;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectionTest {

  private static final ObjectSelection AUTHOR = type("Author", str("fullName", "full_name"));

  @Test
  void writesFieldsInSelectionOrderWhateverTheKeyOrder() {
    ObjectSelection user = type("User", id(), str("email"), scalar("age", ScalarKind.INT));
    Harness.Result r =
        Harness.list(user, false, false, "{\"age\": 3, \"email\": \"x@y\", \"zzz\": [1, {\"a\": null}], \"id\": \"a1\"}");
    assertThat(r.json()).isEqualTo("{\"data\":{\"users\":[{\"id\":\"a1\",\"email\":\"x@y\",\"age\":3}]}}");
    assertThat(r.errors()).isEmpty();
  }

  @Test
  void givesEveryAliasOfAKeyItsValue() {
    ObjectSelection user =
        type("User", str("a", "email"), str("b", "email"), id(), str("c", "email"));
    Harness.Result r = Harness.list(user, false, false, "{\"id\": \"1\", \"email\": \"e\"}");
    assertThat(r.json())
        .isEqualTo("{\"data\":{\"users\":[{\"a\":\"e\",\"b\":\"e\",\"id\":\"1\",\"c\":\"e\"}]}}");
  }

  @Test
  void absentKeysAndJsonNullAreNull() {
    ObjectSelection user = type("User", id(), str("email"), obj("author", "author", AUTHOR),
        list("posts", "posts", type("Post", str("title")), false, false));
    Harness.Result r = Harness.list(user, false, false, "{\"email\": null}", "{}");
    assertThat(r.json())
        .isEqualTo("{\"data\":{\"users\":["
            + "{\"id\":null,\"email\":null,\"author\":null,\"posts\":null},"
            + "{\"id\":null,\"email\":null,\"author\":null,\"posts\":null}]}}");
    assertThat(r.errors()).isEmpty();
  }

  @Test
  void keysThatOnlyShareAPrefixDoNotMatch() {
    ObjectSelection user = type("User", str("id"), str("idx"), str("i"));
    Harness.Result r =
        Harness.list(user, false, false, "{\"i\": 1, \"id_\": 2, \"idx\": 3, \"ix\": 4, \"id\": 5}");
    assertThat(r.json()).isEqualTo("{\"data\":{\"users\":[{\"id\":5,\"idx\":3,\"i\":1}]}}");
  }

  @Test
  void projectsNestedObjectsAndListsOfObjects() {
    ObjectSelection comment = type("Comment", str("body"), typename("Comment"));
    ObjectSelection post =
        type("Post", str("title"), list("comments", "comments", comment, false, false));
    ObjectSelection user =
        type(
            "User",
            typename("User"),
            obj("writer", "author", AUTHOR),
            list("posts", "posts", post, true, false),
            str("tags"),
            obj("same", "author", type("Author", str("name", "full_name"), str("nick"))));
    String row =
        "{\"tags\": [\"a\", \"b\"], \"posts\": [{\"title\": \"P1\", \"extra\": {\"x\": [1, 2]},"
            + " \"comments\": [{\"body\": \"c1\"}, {\"body\": \"c2\"}]}, {\"title\": \"P2\","
            + " \"comments\": []}], \"author\": {\"nick\": \"an\", \"full_name\": \"Ann\"}}";
    Harness.Result r = Harness.list(user, false, false, row, row);
    String expected =
        "{\"__typename\":\"User\",\"writer\":{\"fullName\":\"Ann\"},\"posts\":[{\"title\":\"P1\","
            + "\"comments\":[{\"body\":\"c1\",\"__typename\":\"Comment\"},{\"body\":\"c2\","
            + "\"__typename\":\"Comment\"}]},{\"title\":\"P2\",\"comments\":[]}],"
            + "\"tags\":[\"a\", \"b\"],\"same\":{\"name\":\"Ann\",\"nick\":\"an\"}}";
    assertThat(r.json()).isEqualTo("{\"data\":{\"users\":[" + expected + "," + expected + "]}}");
  }

  @Test
  void keepsNullsInsideLists() {
    ObjectSelection user = type("User", list("posts", "posts", type("Post", str("title")), false, false));
    Harness.Result r =
        Harness.list(user, false, false, "{\"posts\": [null, {\"title\": \"a\"}, null]}", "null");
    assertThat(r.json())
        .isEqualTo("{\"data\":{\"users\":[{\"posts\":[null,{\"title\":\"a\"},null]},null]}}");
    assertThat(r.errors()).isEmpty();
  }

  @Test
  void emptyNestedListsAndObjects() {
    ObjectSelection user =
        type("User", list("posts", "posts", type("Post", str("title")), false, false),
            obj("author", "author", type("Author")));
    Harness.Result r = Harness.list(user, false, false, "{\"posts\": [ ], \"author\": { }}");
    assertThat(r.json()).isEqualTo("{\"data\":{\"users\":[{\"posts\":[],\"author\":{}}]}}");
  }

  @Test
  void typenameAtEveryLevel() {
    ObjectSelection user =
        type("User", typename("User"), new io.fraiseql.api.plan.Selection.Typename("kind", "User"),
            obj("author", "author", type("Author", typename("Author"))));
    Harness.Result r = Harness.single(user, true, "{\"author\": {}}");
    assertThat(r.json())
        .isEqualTo("{\"data\":{\"users\":{\"__typename\":\"User\",\"kind\":\"User\","
            + "\"author\":{\"__typename\":\"Author\"}}}}");
  }

  @Test
  void idNumbersAreWrittenAsStrings() {
    ObjectSelection user = type("User", id(), scalar("n", ScalarKind.INT),
        new io.fraiseql.api.plan.Selection.Scalar("ref", "ref", ScalarKind.ID, false));
    Harness.Result r =
        Harness.list(user, false, false,
            "{\"id\": 12, \"n\": 12, \"ref\": \"x1\"}",
            "{\"id\": -1.5e3, \"n\": -0, \"ref\": 9223372036854775807}",
            "{\"id\": \"7\", \"ref\": null}");
    assertThat(r.json())
        .isEqualTo("{\"data\":{\"users\":[{\"id\":\"12\",\"n\":12,\"ref\":\"x1\"},"
            + "{\"id\":\"-1.5e3\",\"n\":-0,\"ref\":\"9223372036854775807\"},"
            + "{\"id\":\"7\",\"n\":null,\"ref\":null}]}}");
  }

  @Test
  void copiesUnicodeAndEscapesVerbatim() {
    ObjectSelection user = type("User", str("name"), str("note"), str("raw"));
    String row =
        "{\"name\": \"Zoë 😀 漢字テスト\", \"note\": \"q\\\"b\\\\s\\/n\\n\\t\\r\\b\\f\\u0000\\u001f"
            + "\\ud83d\\ude00\\u00e9\", \"raw\": \"\\\\\"}";
    Harness.Result r = Harness.list(user, false, false, row);
    assertThat(r.json())
        .isEqualTo("{\"data\":{\"users\":[{\"name\":\"Zoë 😀 漢字テスト\",\"note\":\"q\\\"b\\\\s\\/n\\n"
            + "\\t\\r\\b\\f\\u0000\\u001f\\ud83d\\ude00\\u00e9\",\"raw\":\"\\\\\"}]}}");
  }

  @Test
  void copiesNumbersVerbatimAtTheLimits() {
    ObjectSelection t = type("T", scalar("a", ScalarKind.INT), scalar("b", ScalarKind.INT),
        scalar("c", ScalarKind.FLOAT), scalar("d", ScalarKind.FLOAT),
        scalar("e", ScalarKind.BIG_DECIMAL), scalar("f", ScalarKind.FLOAT),
        scalar("g", ScalarKind.BOOLEAN), scalar("h", ScalarKind.BOOLEAN));
    String values =
        "\"a\":9223372036854775807,\"b\":-9223372036854775808,\"c\":1.7976931348623157e308,"
            + "\"d\":4.9E-324,\"e\":123456789012345678901234567890.123456789012345678901234567890,"
            + "\"f\":-0.000001e+5,\"g\":true,\"h\":false";
    Harness.Result r = Harness.list(t, false, false, "{" + values.replace(",", ", ") + "}");
    assertThat(r.json()).isEqualTo("{\"data\":{\"users\":[{" + values + "}]}}");
  }

  @Test
  void jsonValuesAreCopiedVerbatim() {
    ObjectSelection t = type("T", scalar("meta", ScalarKind.JSON), scalar("list", ScalarKind.JSON),
        scalar("s", ScalarKind.JSON));
    Harness.Result r =
        Harness.list(t, false, false,
            "{\"meta\": {\"a\": [1, {\"b\": \"}\"}], \"c\": null}, \"list\": [], \"s\": \"x\"}");
    assertThat(r.json())
        .isEqualTo("{\"data\":{\"users\":[{\"meta\":{\"a\": [1, {\"b\": \"}\"}], \"c\": null},"
            + "\"list\":[],\"s\":\"x\"}]}}");
  }

  @Test
  void emptyAnswers() {
    ObjectSelection user = type("User", id());
    assertThat(Harness.list(user, true, true).json()).isEqualTo("{\"data\":{\"users\":[]}}");
    assertThat(Harness.single(user, false).json()).isEqualTo("{\"data\":{\"users\":null}}");
    assertThat(Harness.single(user, false, "null").json()).isEqualTo("{\"data\":{\"users\":null}}");
    assertThat(Harness.single(type("Empty"), false, "{\"a\": 1}").json())
        .isEqualTo("{\"data\":{\"users\":{}}}");
  }

  @Test
  void singleFieldWithOneRow() {
    Harness.Result r = Harness.single(type("User", id()), true, "  {\"id\": \"u\"}\n ");
    assertThat(r.json()).isEqualTo("{\"data\":{\"users\":{\"id\":\"u\"}}}");
  }

  @Test
  void matchesKeysWithEscapesAndNonAsciiAsPostgresPrintsThem() {
    ObjectSelection t = type("T", str("a", "we\"ird\\key"), str("b", "名前"), str("c", "tab\there"),
        str("d", "ctl\u0001"), str("e", "\b\f\n\r"));
    Harness.Result r =
        Harness.list(t, false, false,
            "{\"名前\": \"n\", \"we\\\"ird\\\\key\": 1, \"tab\\there\": 2, \"ctl\\u0001\": 3,"
                + " \"\\b\\f\\n\\r\": 4}");
    assertThat(r.json())
        .isEqualTo("{\"data\":{\"users\":[{\"a\":1,\"b\":\"n\",\"c\":2,\"d\":3,\"e\":4}]}}");
  }

  @Test
  void escapesResponseKeys() {
    ObjectSelection t = type("T", str("quote\"d", "a"));
    assertThat(Harness.list(t, false, false, "{\"a\": 1}").json())
        .isEqualTo("{\"data\":{\"users\":[{\"quote\\\"d\":1}]}}");
  }

  @Test
  void theLastOfDuplicateKeysWins() {
    ObjectSelection t = type("T", str("a"), obj("o", "o", type("O", str("x"))));
    Harness.Result r =
        Harness.list(t, false, false, "{\"a\": 1, \"o\": {\"x\": 1}, \"a\": 2, \"o\": {\"x\": 2}}",
            "{\"o\": {\"x\": 1}, \"o\": \"str\"}");
    assertThat(r.withoutErrors())
        .isEqualTo("{\"data\":{\"users\":[{\"a\":2,\"o\":{\"x\":2}},{\"a\":null,\"o\":null}]}}");
    assertThat(r.messages()).containsExactly("Field T.o: expected an object in the view's data");
  }

  @Test
  void wrongShapesAreNullWithAnError() {
    ObjectSelection user =
        type("User", obj("author", "author", AUTHOR),
            list("posts", "posts", type("Post", str("title")), false, false),
            list("more", "more", type("Post", str("title")), false, true));
    Harness.Result r =
        Harness.list(user, false, false,
            "{\"author\": \"Ann\", \"posts\": {\"title\": \"x\"}, \"more\": 3}",
            "{\"author\": [], \"posts\": [\"x\", {\"title\": \"t\"}, 1, true, null]}",
            "{\"more\": [{\"title\": \"ok\"}, \"bad\"]}");
    assertThat(r.withoutErrors())
        .isEqualTo("{\"data\":{\"users\":["
            + "{\"author\":null,\"posts\":null,\"more\":null},"
            + "{\"author\":null,\"posts\":[null,{\"title\":\"t\"},null,null,null],\"more\":null},"
            + "{\"author\":null,\"posts\":null,\"more\":null}]}}");
    assertThat(r.messages())
        .containsExactly(
            "Field User.author: expected an object in the view's data",
            "Field User.posts: expected a list in the view's data",
            "Field User.more: expected a list in the view's data",
            "Field User.author: expected an object in the view's data",
            "Field User.posts: expected a list of objects in the view's data",
            "Field User.posts: expected a list of objects in the view's data",
            "Field User.posts: expected a list of objects in the view's data",
            "Field User.more: expected a list of objects in the view's data");
    assertThat(r.errors()).allMatch(e -> e.code() == ErrorCode.INTERNAL_ERROR);
    assertThat(r.errors().get(0).path()).containsExactly("users", 0, "author");
    assertThat(r.errors().get(4).path()).containsExactly("users", 1, "posts", 0);
    assertThat(r.errors().get(6).path()).containsExactly("users", 1, "posts", 3);
    assertThat(r.errors().get(7).path()).containsExactly("users", 2, "more", 1);
  }

  @Test
  void aRowThatIsNotAnObjectIsNullWithAnError() {
    Harness.Result r = Harness.list(type("User", id()), false, false, "\"text\"", "[1]", "{}");
    assertThat(r.withoutErrors()).isEqualTo("{\"data\":{\"users\":[null,null,{\"id\":null}]}}");
    assertThat(r.errors())
        .extracting(GraphQLErrorEntry::message, GraphQLErrorEntry::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Field Query.users: expected an object in the view's data", List.of("users", 0)),
            org.assertj.core.groups.Tuple.tuple(
                "Field Query.users: expected an object in the view's data", List.of("users", 1)));
  }

  @Test
  void deepSelections() {
    ObjectSelection leaf = type("L", str("v"));
    ObjectSelection sel = leaf;
    StringBuilder row = new StringBuilder("{\"v\": 0}");
    StringBuilder expected = new StringBuilder("{\"v\":0}");
    for (int i = 1; i <= 40; i++) {
      sel = type("L" + i, str("v"), list("c", "c", sel, false, true));
      row.insert(0, "{\"v\": " + i + ", \"c\": [").append("]}");
      expected.insert(0, "{\"v\":" + i + ",\"c\":[").append("]}");
    }
    Harness.Result r = Harness.single(sel, false, row.toString());
    assertThat(r.json()).isEqualTo("{\"data\":{\"users\":" + expected + "}}");
  }

  @Test
  void projectionIsReusableAcrossWriters() throws Exception {
    Projection p = Projection.compile(type("User", id(), str("email")));
    assertThat(p.selection().typeName()).isEqualTo("User");
    assertThat(p.toString()).contains("User");
    for (int i = 0; i < 3; i++) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      ResponseWriter w = new ResponseWriter(out);
      FieldWriter f = w.startField("u" + i, p, true, false, false);
      f.onRow("{\"id\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, 9);
      w.finish();
      assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("{\"data\":{\"u" + i + "\":[{\"id\":\"1\",\"email\":null}]}}");
    }
  }
}
