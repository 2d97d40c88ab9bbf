package io.fraiseql.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.plan.CursorCodec;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.OrderKey.Direction;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;
import io.fraiseql.planner.internal.Connections;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConnectionsTest {
  static final Source SRC = new Source("v", "data", "id", "uuid");
  static final CursorCodec CODEC = new CursorCodec(new byte[16]);
  static final FieldRef AGE = FieldRef.json(List.of("age"), ScalarKind.INT);
  static final FieldRef ID = FieldRef.column("id", "uuid", List.of("id"), ScalarKind.ID);
  static final String U = "123e4567-e89b-12d3-a456-426614174000";

  static String cursor(List<OrderKey> order, String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return CODEC.encode(CursorCodec.fingerprint(order), b, 0, b.length);
  }

  @Test
  void totalOrderAppendsTheIdOnce() {
    List<OrderKey> order = Connections.totalOrder(SRC, List.of(new OrderKey(AGE, Direction.DESC)));
    assertThat(order).containsExactly(new OrderKey(AGE, Direction.DESC), new OrderKey(ID, Direction.ASC));
    assertThat(Connections.totalOrder(SRC, List.of(new OrderKey(ID, Direction.DESC)))).hasSize(1);
    assertThat(Connections.reverse(order)).extracting(OrderKey::direction)
        .containsExactly(Direction.ASC_NULLS_LAST, Direction.DESC_NULLS_FIRST);
    assertThat(Connections.reverse(List.of(new OrderKey(AGE, Direction.ASC_NULLS_FIRST)))
        .get(0).direction()).isEqualTo(Direction.DESC_NULLS_LAST);
    assertThat(Connections.reverse(List.of(new OrderKey(AGE, Direction.DESC_NULLS_LAST)))
        .get(0).direction()).isEqualTo(Direction.ASC_NULLS_FIRST);
  }

  @Test
  void afterAValueWithNullsLast() {
    List<OrderKey> order = Connections.totalOrder(SRC, List.of(new OrderKey(AGE, Direction.ASC)));
    Where w = Connections.after(order, cursor(order, "[30, \"" + U + "\"]"), CODEC, CursorCodec.fingerprint(order));
    UUID id = UUID.fromString(U);
    assertThat(w).isEqualTo(new Where.Or(List.of(
        new Where.Or(List.of(new Where.Compare(AGE, Where.Op.GT, 30), new Where.IsNull(AGE, true))),
        new Where.And(List.of(new Where.Compare(AGE, Where.Op.EQ, 30), new Where.Compare(ID, Where.Op.GT, id))))));
  }

  @Test
  void afterANullWithNullsFirstAndLast() {
    List<OrderKey> desc = Connections.totalOrder(SRC, List.of(new OrderKey(AGE, Direction.DESC)));
    Where w = Connections.after(desc, cursor(desc, "[null, \"" + U + "\"]"), CODEC, CursorCodec.fingerprint(desc));
    assertThat(w).isEqualTo(new Where.Or(List.of(
        new Where.IsNull(AGE, false),
        new Where.And(List.of(new Where.IsNull(AGE, true), new Where.Compare(ID, Where.Op.GT, UUID.fromString(U)))))));
    List<OrderKey> asc = Connections.totalOrder(SRC, List.of(new OrderKey(AGE, Direction.ASC)));
    Where last = Connections.after(asc, cursor(asc, "[null, \"" + U + "\"]"), CODEC, CursorCodec.fingerprint(asc));
    assertThat(((Where.Or) last).children()).hasSize(1);
  }

  @Test
  void cursorValuesTakeTheTypeOfTheirKey() {
    FieldRef at = FieldRef.json(List.of("at"), ScalarKind.DATE_TIME);
    FieldRef day = FieldRef.column("day", "date", List.of("day"), ScalarKind.DATE);
    FieldRef n = FieldRef.column("n", "bigint", List.of("n"), ScalarKind.INT);
    FieldRef price = FieldRef.column("price", "numeric(10,2)", List.of("price"), ScalarKind.FLOAT);
    FieldRef f = FieldRef.json(List.of("f"), ScalarKind.FLOAT);
    FieldRef b = FieldRef.json(List.of("b"), ScalarKind.BOOLEAN);
    FieldRef u = FieldRef.json(List.of("u"), ScalarKind.UUID);
    FieldRef d = FieldRef.json(List.of("d"), ScalarKind.BIG_DECIMAL);
    FieldRef ts = FieldRef.column("ts", "timestamp with time zone", List.of("ts"), ScalarKind.DATE_TIME);
    FieldRef flag = FieldRef.column("flag", "boolean", List.of("flag"), ScalarKind.BOOLEAN);
    FieldRef text = FieldRef.column("name", "text", List.of("name"), ScalarKind.STRING);
    FieldRef jd = FieldRef.json(List.of("jd"), ScalarKind.DATE);
    List<FieldRef> refs = List.of(at, day, n, price, f, b, u, d, ts, flag, text, jd);
    List<OrderKey> order = Connections.totalOrder(SRC, refs.stream().map(r -> new OrderKey(r, Direction.DESC_NULLS_LAST)).toList());
    String json = "[\"2026-01-01T00:00:00+00:00\", \"2026-01-02\", 7, 1.25, 0.5, true, \"" + U + "\", 3.5,"
        + " \"2026-01-01T00:00:00+00:00\", false, \"x\", \"2026-02-03\", \"" + U + "\"]";
    Where w = Connections.after(order, cursor(order, json), CODEC, CursorCodec.fingerprint(order));
    Where.Or first = (Where.Or) ((Where.Or) w).children().get(0);
    assertThat(((Where.Compare) first.children().get(0)).value()).isEqualTo(OffsetDateTime.parse("2026-01-01T00:00:00Z"));
    String all = w.toString();
    assertThat(all).contains("value=2026-01-02", "value=7", "value=1.25", "value=0.5", "value=true", "value=" + U,
        "value=3.5", "value=false", "value=x", "value=2026-02-03");
    assertThat(((Where.Compare) ((Where.Or) ((Where.And) ((Where.Or) w).children().get(2)).children().get(2)).children().get(0)).value())
        .isInstanceOf(Long.class);
    assertThat(LocalDate.parse("2026-01-02")).isNotNull();
    assertThat(new BigDecimal("3.5")).isNotNull();
  }

  @Test
  void malformedCursorValuesAreUserErrors() {
    List<OrderKey> order = Connections.totalOrder(SRC, List.of(new OrderKey(AGE, Direction.ASC)));
    int fp = CursorCodec.fingerprint(order);
    for (String json : List.of("[\"x\", \"" + U + "\"]", "[1]", "[1.5, \"" + U + "\"]", "[1, \"no-uuid\"]", "[1, 2]")) {
      assertThatThrownBy(() -> Connections.after(order, cursor(order, json), CODEC, fp)).as(json)
          .hasMessage("Invalid cursor");
    }
    assertThat(Map.of()).isEmpty();
  }

  @Test
  void cursorValuesAreCheckedAgainstTheirKeyTypes() {
    FieldRef name = FieldRef.json(List.of("name"), ScalarKind.STRING);
    FieldRef score = FieldRef.json(List.of("score"), ScalarKind.FLOAT);
    FieldRef price = FieldRef.column("price", "numeric", List.of("price"), ScalarKind.BIG_DECIMAL);
    FieldRef day = FieldRef.json(List.of("day"), ScalarKind.DATE);
    FieldRef at = FieldRef.column("created_at", "timestamp with time zone", List.of("created_at"), ScalarKind.DATE_TIME);
    Object[][] bad = {
        {name, "\"a\\u0000b\""}, // a NUL PostgreSQL could never have printed
        {name, "\"\\ud800\""}, // a lone surrogate
        {name, "12"}, // a number where a string belongs
        {AGE, "\"12\""}, // a string where a number belongs
        {AGE, "2147483648"}, // beyond Int
        {score, "1e400"}, // beyond double
        {price, "1e-20000"}, // beyond numeric's scale
        {day, "\"2026-13-01\""},
        {at, "\"yesterday\""},
        {at, "true"},
    };
    for (Object[] c : bad) {
      List<OrderKey> order = Connections.totalOrder(SRC, List.of(new OrderKey((FieldRef) c[0], Direction.ASC)));
      int fp = CursorCodec.fingerprint(order);
      String json = "[" + c[1] + ", \"" + U + "\"]";
      assertThatThrownBy(() -> Connections.after(order, cursor(order, json), CODEC, fp)).as(json)
          .isInstanceOf(io.fraiseql.api.error.FraiseQLException.class).hasMessage("Invalid cursor");
    }
    List<OrderKey> byName = Connections.totalOrder(SRC, List.of(new OrderKey(name, Direction.ASC)));
    assertThat(Connections.after(byName, cursor(byName, "[\"é😀\", \"" + U + "\"]"), CODEC,
        CursorCodec.fingerprint(byName)).toString()).contains("é😀");
    List<OrderKey> byPrice = Connections.totalOrder(SRC, List.of(new OrderKey(price, Direction.ASC)));
    assertThat(Connections.after(byPrice, cursor(byPrice, "[1e3, \"" + U + "\"]"), CODEC,
        CursorCodec.fingerprint(byPrice)).toString()).contains("1E+3");
  }
}
