package io.fraiseql.transform;

import static io.fraiseql.transform.Sel.id;
import static io.fraiseql.transform.Sel.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.error.GraphQLErrorEntry.Location;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResponseWriterTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ResponseWriter w = new ResponseWriter(out);

  private String output() {
    String s = out.toString(StandardCharsets.UTF_8);
    JsonValidator.validate(s);
    return s;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anEmptyResponse() throws IOException {
    w.finish();
    assertThat(output()).isEqualTo("{\"data\":{}}");
  }

  @Test
  void aFinishedResponseLeavesItsWriterToTheNextOneOnThisThread() throws Exception {
    w.finish(); // the writer of this test instance: the thread's slot now holds it
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ResponseWriter a = new ResponseWriter(first);
    ResponseWriter b = new ResponseWriter(new ByteArrayOutputStream()); // a is still open: b gets its own
    assertThat(b.json()).isNotSameAs(a.json());
    FieldWriter f = a.startField("user", type("User", id()), false, false, false);
    f.row(utf8("{\"id\": 7}"), 0, 9);
    a.finish();
    assertThat(first.toString(StandardCharsets.UTF_8)).isEqualTo("{\"data\":{\"user\":{\"id\":\"7\"}}}");
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    ResponseWriter c = new ResponseWriter(second);
    assertThat(c.json()).isSameAs(a.json()); // reused, and empty
    c.errorsOnly(List.of(GraphQLErrorEntry.of(ErrorCode.BAD_USER_INPUT, "no", List.of())));
    assertThat(second.toString(StandardCharsets.UTF_8)).startsWith("{\"errors\":[{\"message\":\"no\"");
    f.fail(GraphQLErrorEntry.of(ErrorCode.INTERNAL_ERROR, "late", List.of())); // an ended field of a finished response writes nothing
    ResponseWriter d = new ResponseWriter(new ByteArrayOutputStream());
    assertThat(d.json()).isSameAs(a.json());
    assertThat(d.json().size()).isZero();
    // a writer whose buffer grew large is dropped, not kept
    FieldWriter big = d.startField("users", type("User", id()), true, false, false);
    byte[] row = utf8("{\"id\": \"" + "x".repeat(40_000) + "\"}");
    big.row(row, 0, row.length);
    d.finish();
    assertThat(new ResponseWriter(new ByteArrayOutputStream()).json()).isNotSameAs(d.json());
    // another thread never takes the writer in this thread's slot
    ResponseWriter e = new ResponseWriter(new ByteArrayOutputStream());
    e.finish();
    Object[] seen = new Object[1];
    Thread t = new Thread(() -> seen[0] = new ResponseWriter(new ByteArrayOutputStream()).json());
    t.start();
    t.join();
    assertThat(seen[0]).isNotSameAs(e.json());
    // a response finished on another thread (as asynchronous backends do) leaves its writer where
    // this thread finds it once its own slot is empty
    ResponseWriter started = new ResponseWriter(new ByteArrayOutputStream()); // takes e's writer from the slot
    assertThat(started.json()).isSameAs(e.json());
    int sharedBefore = ResponseWriter.sharedIdle();
    Throwable[] failed = new Throwable[1];
    Thread finisher = new Thread(() -> {
      try {
        new ResponseWriter(new ByteArrayOutputStream()).finish(); // fills the finisher's own slot
        started.finish(); // the slot is full: goes to the shared pool
      } catch (Throwable x) {
        failed[0] = x;
      }
    });
    finisher.start();
    finisher.join();
    assertThat(failed[0]).isNull();
    assertThat(ResponseWriter.sharedIdle()).isEqualTo(sharedBefore + 1);
    ResponseWriter reusing = new ResponseWriter(new ByteArrayOutputStream());
    assertThat(ResponseWriter.sharedIdle()).isEqualTo(sharedBefore);
    if (sharedBefore == 0) {
      assertThat(reusing.json()).isSameAs(started.json());
    }
  }

  @Test
  void severalRootFieldsWithCommas() throws IOException {
    w.startData();
    FieldWriter users = w.startField("users", type("User", id()), true, true, true);
    users.row(utf8("{\"id\": 1}"), 0, 9);
    users.row(utf8("{\"id\": 2}"), 0, 9);
    users.end();
    users.end();
    w.nullField("broken");
    w.valueField("__typename", "Query");
    FieldWriter one = w.startField("user", type("User", id()), false, false, false);
    one.row(utf8("{\"id\": 3}"), 0, 9);
    one.end();
    w.finish();
    assertThat(output())
        .isEqualTo("{\"data\":{\"users\":[{\"id\":\"1\"},{\"id\":\"2\"}],\"broken\":null,"
            + "\"__typename\":\"Query\",\"user\":{\"id\":\"3\"}}}");
    assertThat(w.bytesFlushed()).isEqualTo(out.size());
  }

  @Test
  void closesAnOpenFieldWhenTheNextStartsOrTheResponseEnds() throws IOException {
    FieldWriter a = w.startField("a", type("User", id()), true, false, false);
    a.row(utf8("{}"), 0, 2);
    FieldWriter b = w.startField("b", type("User", id()), false, false, false);
    assertThatThrownBy(() -> a.row(utf8("{}"), 0, 2)).isInstanceOf(IllegalStateException.class);
    b.row(utf8("{}"), 0, 2);
    w.valueField("c", 1);
    FieldWriter d = w.startField("d", type("User", id()), true, false, false);
    w.nullField("e");
    FieldWriter f = w.startField("f", type("User", id()), false, false, false);
    w.finish();
    assertThat(output())
        .isEqualTo("{\"data\":{\"a\":[{\"id\":null}],\"b\":{\"id\":null},\"c\":1,\"d\":[],\"e\":null,"
            + "\"f\":null}}");
    d.end();
    f.end();
    assertThat(output()).endsWith("\"f\":null}}");
  }

  @Test
  void writesErrorsWithLocationsPathAndExtensions() throws IOException {
    w.startData();
    w.nullField("users");
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("constraint", "users_email_key");
    ext.put("count", 3);
    ext.put("retry", false);
    ext.put("none", null);
    w.addError(new GraphQLErrorEntry("Bad \"thing\"\n\u0001 é 😀",
        List.of(new Location(1, 3), new Location(2, 10)), List.of("users", 0, "email"),
        ErrorCode.CONFLICT, ext));
    w.addError(GraphQLErrorEntry.of(ErrorCode.TIMEOUT, "slow", List.of()));
    w.addError(GraphQLErrorEntry.of(
        new FraiseQLException(ErrorCode.DATABASE_ERROR, "db", "P0001", null, null), List.of(),
        List.of("x")));
    assertThat(w.errors()).hasSize(3);
    w.finish();
    assertThat(output())
        .isEqualTo("{\"data\":{\"users\":null},\"errors\":["
            + "{\"message\":\"Bad \\\"thing\\\"\\n\\u0001 é 😀\",\"locations\":[{\"line\":1,\"column\":3},"
            + "{\"line\":2,\"column\":10}],\"path\":[\"users\",0,\"email\"],\"extensions\":{\"code\":"
            + "\"CONFLICT\",\"constraint\":\"users_email_key\",\"count\":3,\"retry\":false,"
            + "\"none\":null}},"
            + "{\"message\":\"slow\",\"extensions\":{\"code\":\"TIMEOUT\"}},"
            + "{\"message\":\"db\",\"path\":[\"x\"],\"extensions\":{\"code\":\"DATABASE_ERROR\","
            + "\"sqlState\":\"P0001\"}}]}");
    assertThatThrownBy(() -> w.errors().add(null)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void errorsOnlyBeforeData() throws IOException {
    w.errorsOnly(List.of(new GraphQLErrorEntry("Syntax error", List.of(new Location(1, 1)),
        List.of(), ErrorCode.GRAPHQL_PARSE_FAILED, Map.of())));
    assertThat(output())
        .isEqualTo("{\"errors\":[{\"message\":\"Syntax error\",\"locations\":[{\"line\":1,"
            + "\"column\":1}],\"extensions\":{\"code\":\"GRAPHQL_PARSE_FAILED\"}}]}");
    assertThat(w.errors()).hasSize(1);
    assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.errorsOnly(List.of())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void errorsOnlyDiscardsUnflushedData() throws IOException {
    FieldWriter f = w.startField("users", type("User", id()), true, false, false);
    f.row(utf8("{\"id\": 1}"), 0, 9);
    w.errorsOnly(List.of(GraphQLErrorEntry.of(ErrorCode.GRAPHQL_VALIDATION_FAILED, "nope", List.of())));
    f.row(utf8("{\"id\": 1}"), 0, 9);
    f.end();
    assertThat(output())
        .isEqualTo("{\"errors\":[{\"message\":\"nope\",\"extensions\":{\"code\":"
            + "\"GRAPHQL_VALIDATION_FAILED\"}}]}");
  }

  @Test
  void errorsOnlyAfterStreamingFinishesTheData() throws IOException {
    ResponseWriter small = new ResponseWriter(out, 0);
    FieldWriter f = small.startField("users", type("User", id()), true, false, false);
    f.row(utf8("{\"id\": 1}"), 0, 9);
    small.errorsOnly(List.of(GraphQLErrorEntry.of(ErrorCode.BAD_USER_INPUT, "late", List.of())));
    assertThat(output())
        .isEqualTo("{\"data\":{\"users\":[{\"id\":\"1\"}]},\"errors\":[{\"message\":\"late\","
            + "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
  }

  enum Color { RED }

  @Test
  void valueFieldWritesGenericValues() throws IOException {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("z", 1);
    schema.put("a", List.of(Map.of("name", "Query"), "s", true, false));
    List<Object> mixed = new ArrayList<>();
    mixed.add(null);
    mixed.add(Long.MAX_VALUE);
    mixed.add((short) 3);
    mixed.add((byte) -4);
    mixed.add(1.5d);
    mixed.add(2.5f);
    mixed.add(Double.NaN);
    mixed.add(Float.POSITIVE_INFINITY);
    mixed.add(new BigDecimal("123456789012345678901234567890.5"));
    mixed.add(new BigInteger("-123456789012345678901234567890"));
    mixed.add(new AtomicLong(7));
    mixed.add(new StringBuilder("sb\"q"));
    mixed.add(Color.RED);
    mixed.add(new Object[] {1, "x"});
    mixed.add(new Location(1, 2));
    mixed.add(Map.of(5, "intKey"));
    schema.put("mixed", mixed);
    w.valueField("__schema", schema);
    w.valueField("nothing", null);
    w.valueField("odd", new Number() {
      private static final long serialVersionUID = 1L;

      @Override public int intValue() { return 0; }
      @Override public long longValue() { return 0; }
      @Override public float floatValue() { return 0; }
      @Override public double doubleValue() { return 0; }
      @Override public String toString() { return "zero"; }
    });
    w.finish();
    assertThat(output())
        .isEqualTo("{\"data\":{\"__schema\":{\"z\":1,\"a\":[{\"name\":\"Query\"},\"s\",true,false],"
            + "\"mixed\":[null,9223372036854775807,3,-4,1.5,2.5,null,null,"
            + "123456789012345678901234567890.5,-123456789012345678901234567890,7,\"sb\\\"q\","
            + "\"RED\",[1,\"x\"],\"Location[line=1, column=2]\",{\"5\":\"intKey\"}]},"
            + "\"nothing\":null,\"odd\":\"zero\"}}");
  }

  @Test
  void aCyclicValueBecomesNullAndTheResponseStaysValid() throws IOException {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    w.valueField("a", 1);
    assertThatThrownBy(() -> w.valueField("loop", cycle))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cycle");
    w.valueField("b", 2);
    w.finish();
    assertThat(output()).isEqualTo("{\"data\":{\"a\":1,\"loop\":null,\"b\":2}}");
  }

  @Test
  void callsOutOfOrderThrowWithoutWriting() throws IOException {
    w.startData();
    assertThatThrownBy(w::startData).isInstanceOf(IllegalStateException.class);
    FieldWriter f = w.startField("u", type("User", id()), true, false, false);
    f.end();
    assertThatThrownBy(() -> f.row(utf8("{}"), 0, 2)).isInstanceOf(IllegalStateException.class);
    w.finish();
    assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.startField("x", type("User", id()), true, false, false))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.nullField("x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.valueField("x", 1)).isInstanceOf(IllegalStateException.class);
    assertThat(output()).isEqualTo("{\"data\":{\"u\":[]}}");
    assertThatThrownBy(() -> new ResponseWriter(out, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failNullsTheFieldAndRecordsTheErrorOnce() throws IOException {
    FieldWriter f = w.startField("users", type("User", id()), true, false, false);
    f.row(utf8("{\"id\": 1}"), 0, 9);
    GraphQLErrorEntry err =
        GraphQLErrorEntry.of(ErrorCode.CONNECTION_ERROR, "The database connection failed",
            List.of("users"));
    f.fail(err);
    f.fail(err);
    f.row(utf8("{\"id\": 1}"), 0, 9);
    assertThat(f.responseKey()).isEqualTo("users");
    FieldWriter g = w.startField("more", type("User", id()), true, false, false);
    g.end();
    g.fail(GraphQLErrorEntry.of(ErrorCode.TIMEOUT, "late", List.of("more")));
    w.finish();
    assertThat(output()).startsWith("{\"data\":{\"users\":null,\"more\":[]},\"errors\":[");
    assertThat(w.errors())
        .extracting(GraphQLErrorEntry::message)
        .containsExactly("The database connection failed", "late");
  }

  @Test
  void failOfANonNullFieldNullsData() throws IOException {
    w.valueField("a", 1);
    FieldWriter f = w.startField("users", type("User", id()), true, true, false);
    f.fail(GraphQLErrorEntry.of(ErrorCode.TIMEOUT, "slow", List.of("users")));
    w.finish();
    assertThat(output())
        .isEqualTo("{\"data\":null,\"errors\":[{\"message\":\"slow\",\"path\":[\"users\"],"
            + "\"extensions\":{\"code\":\"TIMEOUT\"}}]}");
  }

  @Test
  void failAfterAFlushTruncatesTheList() throws IOException {
    ResponseWriter small = new ResponseWriter(out, 0);
    FieldWriter f = small.startField("users", type("User", id()), true, true, true);
    f.row(utf8("{\"id\": 1}"), 0, 9);
    f.row(utf8("{\"id\": 2}"), 0, 9);
    f.fail(GraphQLErrorEntry.of(ErrorCode.CONNECTION_ERROR, "lost", List.of("users")));
    FieldWriter g = small.startField("user", type("User", id()), false, false, false);
    g.row(utf8("{\"id\": 3}"), 0, 9);
    g.fail(GraphQLErrorEntry.of(ErrorCode.CONNECTION_ERROR, "lost too", List.of("user")));
    small.finish();
    assertThat(output())
        .startsWith("{\"data\":{\"users\":[{\"id\":\"1\"},{\"id\":\"2\"}],\"user\":{\"id\":\"3\"}},");
    assertThat(small.errors())
        .extracting(GraphQLErrorEntry::message)
        .containsExactly("lost",
            "Field Query.users: the list was truncated at index 2 because earlier rows were already"
                + " streamed",
            "lost too");
  }

  @Test
  void failAfterPropagationStillReportsTheCause() throws IOException {
    FieldWriter f = w.startField("users", type("User", id()), true, false, true);
    f.row(utf8("null"), 0, 4);
    f.fail(GraphQLErrorEntry.of(ErrorCode.TIMEOUT, "slow", List.of("users")));
    f.fail(GraphQLErrorEntry.of(ErrorCode.TIMEOUT, "slower", List.of("users")));
    w.finish();
    assertThat(w.errors())
        .extracting(GraphQLErrorEntry::message)
        .containsExactly("Cannot return null for non-nullable field Query.users", "slow");
    assertThat(output()).startsWith("{\"data\":{\"users\":null},");
  }

  @Test
  void aSecondRowForASingleFieldFailsIt() throws IOException {
    FieldWriter f = w.startField("user", type("User", id()), false, false, false);
    f.row(utf8("{\"id\": 1}"), 0, 9);
    f.row(utf8("{\"id\": 2}"), 0, 9);
    f.row(utf8("{\"id\": 3}"), 0, 9);
    w.finish();
    assertThat(output()).startsWith("{\"data\":{\"user\":null},\"errors\":[");
    assertThat(w.errors())
        .extracting(GraphQLErrorEntry::message)
        .containsExactly("Field Query.user: expected at most one row, the view returned more");
  }

  @Test
  void aNullRowReferenceIsANullRow() throws IOException {
    FieldWriter f = w.startField("users", type("User", id()), true, false, false);
    f.row(null, 0, 0);
    f.end();
    w.finish();
    assertThat(output()).isEqualTo("{\"data\":{\"users\":[null]}}");
  }

  @Test
  void fieldsAfterDataWasNulledAreIgnored() throws IOException {
    w.startField("a", type("User", id()), false, true, false).end();
    FieldWriter b = w.startField("b", type("User", id()), true, false, false);
    b.row(utf8("{}"), 0, 2);
    b.fail(GraphQLErrorEntry.of(ErrorCode.TIMEOUT, "b failed", List.of("b")));
    b.end();
    w.nullField("c");
    w.valueField("d", 1);
    w.finish();
    assertThat(output()).startsWith("{\"data\":null,\"errors\":[");
    assertThat(w.errors()).extracting(GraphQLErrorEntry::message)
        .containsExactly("Cannot return null for non-nullable field Query.a", "b failed");
  }

  @Test
  void aFailingStreamSurfacesAsIOException() throws IOException {
    OutputStream broken = new OutputStream() {
      @Override public void write(int b) throws IOException { throw new IOException("closed"); }
      @Override public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("closed");
      }
    };
    ResponseWriter bw = new ResponseWriter(broken, 0);
    FieldWriter f = bw.startField("users", type("User", id()), true, false, false);
    assertThatThrownBy(() -> f.row(utf8("{}"), 0, 2)).isInstanceOf(IOException.class);
    assertThatThrownBy(bw::finish).isInstanceOf(IOException.class);
  }
}
