package io.fraiseql.transform;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;
import com.dslplatform.json.ObjectConverter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A strict JSON validator for test output (RFC 8259 grammar, valid UTF-8, one value), cross-checked
 * with DSL-JSON's own reader.
 */
final class JsonValidator {
  private static final DslJson<Object> DSL = new DslJson<>(new DslJson.Settings<>());

  private final byte[] b;

  private JsonValidator(byte[] b) {
    this.b = b;
  }

  static void validate(String s) {
    validate(s.getBytes(StandardCharsets.UTF_8));
  }

  static void validate(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new AssertionError("invalid UTF-8 in output", e);
    }
    JsonValidator v = new JsonValidator(bytes);
    int i = v.value(v.ws(0), 0);
    i = v.ws(i);
    if (i != bytes.length) {
      throw v.fail("trailing content", i);
    }
    try {
      JsonReader<Object> reader = DSL.newReader(bytes);
      reader.getNextToken();
      ObjectConverter.deserializeObject(reader);
      if (reader.getCurrentIndex() != bytes.length) {
        throw new AssertionError("DSL-JSON stopped at " + reader.getCurrentIndex());
      }
    } catch (IOException | RuntimeException e) {
      throw new AssertionError("DSL-JSON cannot read the output: " + text(bytes), e);
    }
  }

  private static String text(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
  }

  private AssertionError fail(String what, int i) {
    return new AssertionError("invalid JSON: " + what + " at " + i + " in " + text(b));
  }

  private int ws(int i) {
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  private byte at(int i) {
    if (i >= b.length) {
      throw fail("unexpected end", i);
    }
    return b[i];
  }

  private int value(int i, int depth) {
    if (depth > 10_000) {
      throw fail("too deep", i);
    }
    byte c = at(i);
    switch (c) {
      case '{': {
        i = ws(i + 1);
        if (at(i) == '}') {
          return i + 1;
        }
        for (;;) {
          if (at(i) != '"') {
            throw fail("expected key", i);
          }
          i = ws(string(i));
          if (at(i) != ':') {
            throw fail("expected ':'", i);
          }
          i = ws(value(ws(i + 1), depth + 1));
          if (at(i) == ',') {
            i = ws(i + 1);
          } else if (at(i) == '}') {
            return i + 1;
          } else {
            throw fail("expected ',' or '}'", i);
          }
        }
      }
      case '[': {
        i = ws(i + 1);
        if (at(i) == ']') {
          return i + 1;
        }
        for (;;) {
          i = ws(value(i, depth + 1));
          if (at(i) == ',') {
            i = ws(i + 1);
          } else if (at(i) == ']') {
            return i + 1;
          } else {
            throw fail("expected ',' or ']'", i);
          }
        }
      }
      case '"':
        return string(i);
      case 't':
        return literal(i, "true");
      case 'f':
        return literal(i, "false");
      case 'n':
        return literal(i, "null");
      default:
        return number(i);
    }
  }

  private int literal(int i, String lit) {
    for (int k = 0; k < lit.length(); k++) {
      if (at(i + k) != lit.charAt(k)) {
        throw fail("bad literal", i);
      }
    }
    return i + lit.length();
  }

  private int string(int i) {
    i++;
    for (;;) {
      byte c = at(i);
      if (c == '"') {
        return i + 1;
      }
      if ((c & 0xFF) < 0x20) {
        throw fail("control character in string", i);
      }
      if (c == '\\') {
        byte e = at(i + 1);
        if (e == 'u') {
          for (int k = 2; k < 6; k++) {
            if (Character.digit(at(i + k), 16) < 0) {
              throw fail("bad \\u escape", i);
            }
          }
          i += 6;
        } else if ("\"\\/bfnrt".indexOf(e) >= 0) {
          i += 2;
        } else {
          throw fail("bad escape", i);
        }
      } else {
        i++;
      }
    }
  }

  private int number(int i) {
    int start = i;
    if (at(i) == '-') {
      i++;
    }
    if (at(i) == '0') {
      i++;
    } else if (at(i) >= '1' && at(i) <= '9') {
      while (i < b.length && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
    } else {
      throw fail("bad value", start);
    }
    if (i < b.length && b[i] == '.') {
      i++;
      int d = i;
      while (i < b.length && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (d == i) {
        throw fail("bad fraction", i);
      }
    }
    if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < b.length && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int d = i;
      while (i < b.length && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (d == i) {
        throw fail("bad exponent", i);
      }
    }
    return i;
  }
}
