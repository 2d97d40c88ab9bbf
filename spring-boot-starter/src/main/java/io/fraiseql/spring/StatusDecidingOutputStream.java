package io.fraiseql.spring;

import io.fraiseql.http.GraphQLOverHttp;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Holds back the first bytes of the engine's answer until they decide the HTTP status
 * ({@link GraphQLOverHttp#status}), then commits and passes everything through unbuffered.
 */
final class StatusDecidingOutputStream extends OutputStream {
  /** Called once, before the first byte reaches the client. */
  interface Commit {
    OutputStream commit(int status) throws IOException;
  }

  private final String mediaType;
  private final Commit commit;
  private byte[] head = new byte[GraphQLOverHttp.STATUS_PREFIX_LENGTH];
  private int headLength;
  private OutputStream out;
  private int status;
  private boolean startedWithErrors;

  StatusDecidingOutputStream(String mediaType, Commit commit) {
    this.mediaType = mediaType;
    this.commit = commit;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (out != null) {
      out.write(b, off, len);
      return;
    }
    int take = Math.min(len, head.length - headLength);
    System.arraycopy(b, off, head, headLength, take);
    headLength += take;
    if (headLength == head.length) {
      commitHead();
      out.write(b, off + take, len - take);
    }
  }

  private void commitHead() throws IOException {
    status = GraphQLOverHttp.status(mediaType, head, headLength);
    startedWithErrors = GraphQLOverHttp.status(GraphQLOverHttp.GRAPHQL_RESPONSE_JSON, head, headLength) == 400;
    out = commit.commit(status);
    out.write(head, 0, headLength);
    head = null;
  }

  /** True once the status is decided and bytes went out. */
  boolean committed() {
    return out != null;
  }

  /** The outcome for metrics: {@code errors} when the answer has no data, else {@code data}. */
  String outcome() {
    return startedWithErrors ? "errors" : "data";
  }

  @Override
  public void flush() throws IOException {
    if (out != null) {
      out.flush();
    }
  }

  /** Commits what is held back (a short answer) and flushes. */
  @Override
  public void close() throws IOException {
    if (out == null) {
      commitHead();
    }
    out.flush();
  }

  int status() {
    return status;
  }
}
