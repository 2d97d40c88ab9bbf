package io.fraiseql.transform;

import java.io.IOException;

/**
 * A row handed to {@link FieldWriter#row(byte[], int, int)} was not a well-formed JSON document
 * (truncated, unbalanced, an invalid escape or literal, ...). The message names what was wrong and
 * the byte offset inside the row; it never contains the row's content, so it is safe to log.
 *
 * <p>When this is thrown the field writer has already restored the response to a valid state: the
 * partial row is discarded, the field is failed as described in {@link FieldWriter#fail} and an
 * {@code INTERNAL_ERROR} entry is recorded. Throwing it from the {@link io.fraiseql.spi.RowSink}
 * stops the backend's query.
 */
public final class MalformedRowException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  /**
   * @param problem what was wrong, e.g. {@code "unterminated string"}
   * @param offset the byte offset inside the row where the problem was found
   */
  public MalformedRowException(String problem, int offset) {
    super("Malformed JSON row: " + problem + " at byte " + offset);
    this.offset = offset;
  }

  /** The byte offset inside the row where the problem was found. */
  public int offset() {
    return offset;
  }
}
