package io.fraiseql.transform;

import static io.fraiseql.transform.Sel.id;
import static io.fraiseql.transform.Sel.list;
import static io.fraiseql.transform.Sel.obj;
import static io.fraiseql.transform.Sel.str;
import static io.fraiseql.transform.Sel.strNN;
import static io.fraiseql.transform.Sel.type;

import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.plan.Selection.ObjectSelection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Whatever the calls and rows, the output is one valid JSON document. */
class RandomCallSequenceTest {
  private static final ObjectSelection USER =
      type("User", id(), strNN("email"),
          obj("author", "author", type("Author", strNN("name"))),
          list("posts", "posts", type("Post", strNN("title")), false, true));

  private static final String[] ROWS = {
    "{\"id\": 1, \"email\": \"a\"}",
    "{\"id\": 2, \"email\": \"b\", \"author\": {\"name\": \"n\"}, \"posts\": [{\"title\": \"t\"}]}",
    "{\"id\": 3, \"email\": \"c\", \"author\": {}, \"posts\": [{}]}",
    "{\"id\": 4}",
    "null",
    "\"oops\"",
    "{\"id\": 5, \"email\": ",
    "{\"id\": 6, \"email\": \"d\", \"posts\": [null]}",
    "{\"id\": \"\\u00e9\\\"\", \"email\": \"\\\\\"}",
  };

  @RepeatedTest(300)
  void anyCallSequenceGivesValidJson(RepetitionInfo info) throws Exception {
    Random random = new Random(info.getCurrentRepetition());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter w = new ResponseWriter(out, random.nextInt(4) == 0 ? 0 : random.nextInt(400));
    FieldWriter f = null;
    int steps = random.nextInt(40);
    boolean finished = false;
    for (int s = 0; s < steps && !finished; s++) {
      int op = random.nextInt(20);
      try {
        if (op < 3) {
          f = w.startField("f" + s, USER, random.nextBoolean(), random.nextBoolean(),
              random.nextBoolean());
        } else if (op < 12) {
          if (f != null) {
            Harness.feed(f, ROWS[random.nextInt(ROWS.length)]);
          }
        } else if (op == 12) {
          if (f != null) {
            f.end();
          }
        } else if (op == 13) {
          if (f != null) {
            f.fail(GraphQLErrorEntry.of(ErrorCode.DATABASE_ERROR, "db", List.of("x")));
          }
        } else if (op == 14) {
          w.nullField("n" + s);
        } else if (op == 15) {
          w.valueField("v" + s, Map.of("k", List.of(1, "two")));
        } else if (op == 16) {
          w.addError(GraphQLErrorEntry.of(ErrorCode.NOT_FOUND, "nf", List.of("n" + s)));
        } else if (op == 17) {
          w.startData();
        } else if (op == 18) {
          w.errorsOnly(List.of(GraphQLErrorEntry.of(ErrorCode.GRAPHQL_PARSE_FAILED, "p", List.of())));
          finished = true;
        } else {
          w.finish();
          finished = true;
        }
      } catch (MalformedRowException | IllegalStateException expected) {
        // the writer stays usable
      }
    }
    if (!finished) {
      w.finish();
    }
    JsonValidator.validate(out.toByteArray());
    if (out.toString(StandardCharsets.UTF_8).isEmpty()) {
      throw new AssertionError("nothing written");
    }
  }
}
