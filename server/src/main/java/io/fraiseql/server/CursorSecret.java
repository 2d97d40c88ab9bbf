package io.fraiseql.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The secret that signs Relay cursors, from {@code --cursor-secret} or a file. Prints as
 * {@code REDACTED}; never logged.
 */
public final class CursorSecret {
  /** The shortest secret accepted, in bytes (UTF-8). */
  static final int MIN_BYTES = 16;

  private final byte[] bytes;

  private CursorSecret(byte[] bytes) {
    if (bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException("a cursor secret needs at least " + MIN_BYTES + " bytes, got " + bytes.length);
    }
    this.bytes = bytes;
  }

  /** A secret given as text (its UTF-8 bytes). */
  public static CursorSecret of(String text) {
    return new CursorSecret(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A secret read from a file; a trailing line break (as editors and {@code echo} write) is dropped. */
  public static CursorSecret read(String file) {
    byte[] content;
    try {
      content = Files.readAllBytes(Path.of(file));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the cursor secret file " + file + " ("
          + e.getClass().getSimpleName() + ")");
    }
    int end = content.length;
    while (end > 0 && (content[end - 1] == '\n' || content[end - 1] == '\r')) {
      end--;
    }
    return new CursorSecret(Arrays.copyOf(content, end));
  }

  /** A copy of the secret's bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CursorSecret other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "REDACTED";
  }
}
