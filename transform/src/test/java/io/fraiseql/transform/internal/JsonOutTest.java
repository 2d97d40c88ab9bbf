package io.fraiseql.transform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonOutTest {
  private static final DslJson<Object> DSL = new DslJson<>(new DslJson.Settings<>());

  private static byte[] reference(String s) {
    JsonWriter w = DSL.newWriter(64);
    w.writeString(s);
    return w.toByteArray();
  }

  @Test
  void encodeStringMatchesDslJsonForEveryCharacterClass() {
    for (char c = 0; c < 0x300; c++) {
      for (String s : new String[] {String.valueOf(c), "key" + c, c + "key" + c}) {
        assertThat(JsonOut.encodeString(s)).as("U+%04X", (int) c).isEqualTo(reference(s));
      }
    }
    for (String s : new String[] {"", "fullName", "a\"b", "a\\b", "tab\there", "é", "😀", "\u2028", "</script>"}) {
      assertThat(JsonOut.encodeString(s)).as(s).isEqualTo(reference(s));
    }
    assertThat(new String(JsonOut.encodeString("createdAt"), StandardCharsets.UTF_8)).isEqualTo("\"createdAt\"");
  }
}
