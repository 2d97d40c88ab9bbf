package io.fraiseql.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.plan.CursorCodec;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.ScalarKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorCodecTest {
  final CursorCodec codec = new CursorCodec(CursorCodec.deriveSecret("schema"));

  String encode(String json, int fp) {
    byte[] b = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
    return codec.encode(fp, b, 2, b.length - 4);
  }

  @Test
  void roundTripsPostgresPrintedKeys() {
    String c = encode("[\"a\\\"b\\\\\\n\\u00e9\", 12.50, -3, 1e3, null, true, false]", 7);
    assertThat(c).matches("[A-Za-z0-9_-]+");
    assertThat(codec.decode(c, 7)).containsExactly("a\"b\\\né", new BigDecimal("12.50"), new BigDecimal("-3"),
        new BigDecimal("1e3"), null, true, false);
    assertThat(codec.decode(encode("[]", 7), 7)).isEmpty();
    assertThat(encode("[1]", 7)).isEqualTo(encode("[1]", 7));
  }

  @Test
  void rejectsTamperingForeignSecretsAndOtherOrderings() {
    String c = encode("[1, \"x\"]", 7);
    char[] chars = c.toCharArray();
    chars[8] = chars[8] == 'A' ? 'B' : 'A';
    for (String bad : List.of(new String(chars), "", "%%%", c.substring(0, 5), c + "A")) {
      assertThatThrownBy(() -> codec.decode(bad, 7)).isInstanceOf(FraiseQLException.class).hasMessage("Invalid cursor");
    }
    CursorCodec other = new CursorCodec(CursorCodec.deriveSecret("other"));
    assertThatThrownBy(() -> other.decode(c, 7)).hasMessage("Invalid cursor");
    assertThatThrownBy(() -> codec.decode(c, 8)).hasMessageContaining("another ordering");
    assertThatThrownBy(() -> codec.decode(encode("[1, ", 7), 7)).hasMessage("Invalid cursor");
    assertThatThrownBy(() -> codec.decode(encode("{1}", 7), 7)).hasMessage("Invalid cursor");
    assertThatThrownBy(() -> codec.decode(encode("[1] x", 7), 7)).hasMessage("Invalid cursor");
    assertThatThrownBy(() -> new CursorCodec(new byte[8])).hasMessageContaining("16 bytes");
  }

  @Test
  void fingerprintsDependOnPathsAndDirections() {
    FieldRef age = FieldRef.json(List.of("age"), ScalarKind.INT);
    FieldRef name = FieldRef.json(List.of("name"), ScalarKind.STRING);
    int a = CursorCodec.fingerprint(List.of(new OrderKey(age, OrderKey.Direction.ASC)));
    assertThat(a).isEqualTo(CursorCodec.fingerprint(List.of(new OrderKey(age, OrderKey.Direction.ASC))));
    assertThat(a).isNotEqualTo(CursorCodec.fingerprint(List.of(new OrderKey(age, OrderKey.Direction.DESC))));
    assertThat(a).isNotEqualTo(CursorCodec.fingerprint(List.of(new OrderKey(name, OrderKey.Direction.ASC))));
    assertThat(Arrays.equals(CursorCodec.deriveSecret("a"), CursorCodec.deriveSecret("a"))).isTrue();
  }
}
