package io.fraiseql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small JSON readers behind mutation responses, and the status taxonomy. */
class JsonSlicesAndStatusTest {
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static JsonSlices.Slice s(String s) {
    return JsonSlices.Slice.of(b(s));
  }

  @Test
  void membersAreRawSlicesInOrder() throws IOException {
    Map<String, JsonSlices.Slice> m = JsonSlices.members(s(" {\"status\": \"ok\", \"entity\": {\"a\": [1, \"]\"]}, \"n\": null, \"x\": 1.5e3} "));
    assertThat(m.keySet()).containsExactly("status", "entity", "n", "x");
    assertThat(new String(m.get("entity").copy(), StandardCharsets.UTF_8)).isEqualTo("{\"a\": [1, \"]\"]}");
    assertThat(m.get("n").isNull()).isTrue();
    assertThat(m.get("x").isNull()).isFalse();
    assertThat(new String(m.get("x").copy(), StandardCharsets.UTF_8)).isEqualTo("1.5e3");
    assertThat(m.get("entity").contains((byte) ']')).isTrue();
    assertThat(m.get("entity").contains((byte) '_')).isFalse();
    assertThat(JsonSlices.members(s("{}"))).isEmpty();
    JsonSlices.Slice inner = JsonSlices.members(s("{\"m\": {\"k\": [\"v\"]}}")).get("m");
    assertThat(JsonSlices.strings(JsonSlices.members(inner).get("k"))).containsExactly("v");
    for (String bad : new String[] {"[1]", "{\"a\" 1}", "{\"a\": 1 \"b\": 2}", "{\"a\": 1", "{\"a\": \"x"}) {
      assertThatThrownBy(() -> JsonSlices.members(s(bad))).as(bad).isInstanceOf(IOException.class);
    }
  }

  @Test
  void stringsAreUnescaped() throws IOException {
    assertThat(JsonSlices.string(b("\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u00e9\\/\""))).isEqualTo("a\"b\\c\n\t\r\b\féé".substring(0, 11) + "/");
    assertThat(JsonSlices.string(b("null"))).isNull();
    assertThat(JsonSlices.string((byte[]) null)).isNull();
    assertThat(JsonSlices.string((JsonSlices.Slice) null)).isNull();
    assertThat(JsonSlices.string(s("null"))).isNull();
    assertThatThrownBy(() -> JsonSlices.string(b("12"))).isInstanceOf(IOException.class);
    assertThat(JsonSlices.strings(s("[\"member_id\", \"note\"]"))).containsExactly("member_id", "note");
    assertThat(JsonSlices.strings(s("[]"))).isEmpty();
    assertThat(JsonSlices.strings(null)).isEmpty();
    assertThatThrownBy(() -> JsonSlices.strings(s("[1]"))).isInstanceOf(IOException.class);
    assertThat(JsonSlices.strings(s("null"))).isEmpty();
    assertThatThrownBy(() -> JsonSlices.strings(s("{}"))).isInstanceOf(IOException.class);
    assertThat(io.fraiseql.sql.internal.JsonText.of("a\"b\\c\u0001")).isEqualTo("\"a\\\"b\\\\c\\u0001\"");
    assertThat(MutationRunner.camelCase("member_id")).isEqualTo("memberId");
    assertThat(MutationRunner.camelCase("_private_x")).isEqualTo("_privateX");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "success, 0", "Created, 0", "updated, 0", "DELETED, 0", "success:partial, 0",
    "noop:unchanged, 422", "validation:email, 422", "failed:validation, 422",
    "not_found:Post, 404", "failed:not_found, 404", "conflict:duplicate, 409", "failed:conflict_x, 409",
    "unauthorized:token, 401", "forbidden:role, 403", "timeout:lock, 408", "failed:anything, 500",
    "weird, -1", "'', -1",
  })
  void statusesMapToCodes(String status, int code) {
    assertThat(MutationStatus.code(status)).isEqualTo(code);
  }

  @Test
  void identifiersAreTheTextAfterTheFirstColon() {
    assertThat(MutationStatus.code(null)).isEqualTo(MutationStatus.UNKNOWN);
    assertThat(MutationStatus.identifier("validation:email:format")).isEqualTo("email:format");
    assertThat(MutationStatus.identifier("weird")).isEqualTo("weird");
  }

  @Test
  void connectionRowsAreSplitSafely() throws IOException {
    assertThat(ConnectionPage.skipValue(b("\"a\\\"]\" x"), 0, 8)).isEqualTo(6);
    assertThat(ConnectionPage.skipValue(b("[1, [2], {\"a\": \"]\"}], 3"), 0, 24)).isEqualTo(20);
    assertThat(ConnectionPage.skipValue(b("123, 4"), 0, 6)).isEqualTo(3);
    assertThatThrownBy(() -> ConnectionPage.skipValue(b("[1, 2"), 0, 5)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ConnectionPage.skipValue(b("\"abc"), 0, 4)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ConnectionPage.skipValue(b(""), 0, 0)).isInstanceOf(IOException.class);
  }
}
