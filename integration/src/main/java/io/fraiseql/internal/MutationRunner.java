package io.fraiseql.internal;

import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.plan.MutationDef;
import io.fraiseql.api.plan.Parameter;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.RowSink;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.spi.Transaction;
import io.fraiseql.sql.SqlRenderer;
import io.fraiseql.sql.internal.JsonText;
import io.fraiseql.transform.Projection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Runs one root mutation field in its own transaction and produces the document its selection
 * projects: the re-read row of the view (DML), or the success or error document built from the
 * function's {@code mutation_response}. Nothing is written to the response until the transaction
 * has committed or rolled back.
 */
public final class MutationRunner {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MutationRunner.class);

  private final DatabaseBackend backend;
  private final SqlRenderer renderer;

  public MutationRunner(DatabaseBackend backend, SqlRenderer renderer) {
    this.backend = backend;
    this.renderer = renderer;
  }

  /**
   * The outcome: the document to project (null for a null field) in {@code document[0, length)},
   * and the projection to use.
   */
  public record Outcome(byte[] document, int length, Projection projection) {
    Outcome(byte[] document, Projection projection) {
      this(document, document == null ? 0 : document.length, projection);
    }
  }

  /** A buffer whose bytes are handed over as they are, without the copy of {@code toByteArray}. */
  private static final class Document extends ByteArrayOutputStream {
    Document(int size) {
      super(size);
    }

    Outcome outcome(Projection projection) {
      return new Outcome(buf, count, projection);
    }
  }

  /**
   * A root mutation field ready to run: its compiled projections and rendered statements. A plan
   * template's field is prepared once and serves every request of the template, each with its own
   * values for the template's parameters.
   */
  public static final class Prepared {
    final MutationDef def;
    /** DML: the re-read's projection; a function: the success document's. */
    final Projection projection;
    /** A function: the error document's projection; DML: null. */
    final Projection error;
    /** DML: the statement; a function: its call with the transaction id. */
    final SqlStatement write;
    /** The re-read by id with the id as parameter 0, plain and with the transaction id; built on first use. */
    private volatile ById byId;

    Prepared(MutationDef def, Projection projection, Projection error, SqlStatement write) {
      this.def = def;
      this.projection = projection;
      this.error = error;
      this.write = write;
    }
  }

  private record ById(Class<?> idClass, SqlStatement plain, SqlStatement withXid) {}

  /** Compiles the projections and renders the statements of a mutation field (the planner's checks passed). */
  public Prepared prepare(MutationDef mutation) {
    if (mutation instanceof MutationDef.Dml dml) {
      return new Prepared(dml, Projection.compile(dml.reread().selection()), null, renderer.mutation(dml));
    }
    MutationDef.FunctionCall f = (MutationDef.FunctionCall) mutation;
    return new Prepared(f, Projection.compile(f.success()), Projection.compile(f.error()),
        renderer.withTransactionId(renderer.function(f)));
  }

  /**
   * Runs a prepared mutation field.
   *
   * @param parameters the request's values for a plan template's parameters, or null for a plan of its own
   */
  public CompletionStage<Outcome> run(Prepared mutation, Object[] parameters, SessionSettings settings) {
    if (mutation.def instanceof MutationDef.Dml) {
      return dml(mutation, parameters, settings);
    }
    return function(mutation, parameters, settings);
  }

  /** The re-read of the written row by {@code id}, from the statements rendered for its class. */
  private SqlStatement byId(Prepared p, Object id, boolean withXid) {
    ById kept = p.byId;
    if (kept == null || kept.idClass() != id.getClass()) {
      SqlStatement plain = renderer.select(byIdQuery(((MutationDef.Dml) p.def).reread(), new Parameter(0, id)));
      kept = new ById(id.getClass(), plain, renderer.withTransactionId(plain));
      p.byId = kept;
    }
    return (withXid ? kept.withXid() : kept.plain()).bind(new Object[] {id});
  }

  private static QueryDef byIdQuery(QueryDef q, Object id) {
    return new QueryDef(q.responseKey(), q.source(), QueryDef.Shape.BY_ID, q.selection(), null,
        List.of(), null, null, id, q.nonNull(), false);
  }

  /** A value of the plan for this request: a template's parameter is replaced by the request's value. */
  private static Object valueOf(Object planned, Object[] parameters) {
    return planned instanceof Parameter p ? p.valueIn(parameters) : planned;
  }

  /**
   * What a write transaction decided before it ended: its transaction id (read with its last
   * statement before the commit), the outcome, and whether it asked to commit.
   */
  private static final class Decided {
    String xid;
    Outcome outcome;
    boolean commit;

    /** Records the id from a {@code [value, "xid"]} row and returns the value (a copy), or null. */
    byte[] value(byte[] row) {
      JsonSlices.Slice value = valueSlice(row);
      return value == null ? null : value.copy();
    }

    /** Records the id from a {@code [value, "xid"]} row and returns the value's slice, or null. */
    JsonSlices.Slice valueSlice(byte[] row) {
      if (row == null) {
        return null;
      }
      try {
        List<JsonSlices.Slice> pair = JsonSlices.elements(JsonSlices.Slice.of(row));
        xid = JsonSlices.string(pair.get(1));
        return pair.get(0).isNull() ? null : pair.get(0);
      } catch (IOException | RuntimeException e) {
        throw new FraiseQLException(ErrorCode.INTERNAL_ERROR, "The transaction id could not be read");
      }
    }
  }

  /**
   * A transaction that failed with {@code CONNECTION_ERROR} after it had decided may still have
   * committed: the connection can die after PostgreSQL committed but before its answer arrived. The
   * database knows: {@code pg_xact_status} of its transaction id, asked on another connection,
   * settles it, and the field answers what really happened (the decided outcome when the
   * transaction ended as it asked), never a failure for a write that was saved.
   */
  private CompletionStage<Outcome> settled(CompletionStage<Outcome> attempt, Decided decided) {
    return attempt.exceptionallyCompose(failure -> {
      Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (!(cause instanceof FraiseQLException fe) || fe.code() != ErrorCode.CONNECTION_ERROR
          || decided.xid == null || decided.outcome == null) {
        return java.util.concurrent.CompletableFuture.failedFuture(cause);
      }
      byte[][] status = new byte[1][];
      return backend.stream(SessionSettings.empty(), renderer.transactionStatus(decided.xid),
              (b, off, len) -> keepFirst(status, b, off, len))
          .handle((v, statusFailure) -> {
            String state = null;
            try {
              state = statusFailure == null && status[0] != null ? JsonSlices.string(status[0]) : null;
            } catch (IOException e) {
              state = null;
            }
            if (decided.commit ? "committed".equals(state) : "aborted".equals(state)) {
              LOG.info("The connection failed as a transaction ended; the database says it {}: answering that",
                  decided.commit ? "committed" : "rolled back");
              return decided.outcome;
            }
            throw fe;
          });
    });
  }

  // -------------------------------------------------------------------------------------- DML

  private CompletionStage<Outcome> dml(Prepared p, Object[] parameters, SessionSettings settings) {
    MutationDef.Dml m = (MutationDef.Dml) p.def;
    Object known = knownId(m, parameters);
    if (known != null) {
      return dmlScript(p, known, parameters, settings);
    }
    Decided decided = new Decided();
    decided.commit = true;
    return settled(backend.transaction(settings, tx -> {
      if (m.kind() == MutationDef.Kind.DELETE) {
        // the entity is read before it is deleted
        return single(tx, renderer.withTransactionId(renderer.select(m.reread())).bind(parameters))
            .thenCompose(before -> {
              decided.outcome = new Outcome(decided.value(before), p.projection);
              return single(tx, p.write.bind(parameters));
            }).thenApply(id -> {
              if (id == null) {
                decided.outcome = null;
                throw notFound(m);
              }
              return Boolean.TRUE;
            });
      }
      return single(tx, p.write.bind(parameters)).thenCompose(id -> {
        if (id == null) {
          throw notFound(m);
        }
        return single(tx, byId(p, idValue(id, m.reread().source().idSqlType()), true));
      }).thenApply(after -> {
        decided.outcome = new Outcome(decided.value(after), p.projection);
        return Boolean.TRUE;
      });
    }).thenApply(v -> decided.outcome), decided);
  }

  /**
   * The id of the written row when it is known before the statement runs (the {@code id}
   * argument of an update or delete, an insert's {@code id} input), as the view's id column binds
   * it; null otherwise, or when it does not convert (the statement then reports the problem).
   */
  private static Object knownId(MutationDef.Dml m, Object[] parameters) {
    Object raw;
    if (m.kind() == MutationDef.Kind.INSERT) {
      MutationDef.ColumnValue v = m.values().get(m.idColumn());
      raw = v == null ? null : valueOf(v.value(), parameters);
    } else {
      raw = valueOf(m.idValue(), parameters);
    }
    if (raw == null || raw instanceof String text && text.isEmpty()) {
      return null;
    }
    try {
      return io.fraiseql.planner.internal.Arguments.idValue(m.reread().source().idSqlType(), String.valueOf(raw), "id");
    } catch (FraiseQLException e) {
      return null;
    }
  }

  /**
   * A write whose id is known up front: the statement and the re-read by that id (for a delete,
   * the read first) as one script, which a backend may send in a single round trip. The script
   * commits when both succeed; a statement that matched no row wrote nothing, and the field is
   * then {@code NOT_FOUND}.
   */
  private CompletionStage<Outcome> dmlScript(Prepared p, Object id, Object[] parameters, SessionSettings settings) {
    MutationDef.Dml m = (MutationDef.Dml) p.def;
    byte[][] written = new byte[1][];
    byte[][] row = new byte[1][];
    RowSink writes = (b, off, len) -> keepFirst(written, b, off, len);
    RowSink reads = (b, off, len) -> keepFirst(row, b, off, len);
    boolean delete = m.kind() == MutationDef.Kind.DELETE;
    SqlStatement read = byId(p, id, false);
    SqlStatement write = p.write.bind(parameters);
    return backend.script(settings, delete ? List.of(read, write) : List.of(write, read),
            delete ? List.of(reads, writes) : List.of(writes, reads))
        .thenApply(v -> {
          if (written[0] == null || JsonSlices.isNull(written[0])) {
            throw notFound(m);
          }
          return new Outcome(row[0] == null || JsonSlices.isNull(row[0]) ? null : row[0], p.projection);
        });
  }

  private static void keepFirst(byte[][] slot, byte[] b, int off, int len) {
    if (slot[0] == null) {
      slot[0] = Arrays.copyOfRange(b, off, off + len);
    }
  }

  private static FraiseQLException notFound(MutationDef.Dml m) {
    return new FraiseQLException(ErrorCode.NOT_FOUND, "No " + m.reread().selection().typeName()
        + " with this id exists");
  }

  /** The id as JSON (a string or a number) in the Java type its view column binds as. */
  private static Object idValue(byte[] json, String sqlType) {
    String text = new String(json, StandardCharsets.UTF_8);
    try {
      String id = text.startsWith("\"") ? JsonSlices.string(json) : text;
      return io.fraiseql.planner.internal.Arguments.idValue(sqlType, id, "id");
    } catch (IOException e) {
      throw new FraiseQLException(ErrorCode.INTERNAL_ERROR, "The table returned an unreadable id");
    }
  }

  /** The only row of a statement (copied), or null when there is none. */
  private static CompletionStage<byte[]> single(Transaction tx, SqlStatement statement) {
    byte[][] first = new byte[1][];
    return tx.stream(statement, (b, off, len) -> keepFirst(first, b, off, len))
        .thenApply(v -> first[0] == null || JsonSlices.isNull(first[0]) ? null : first[0]);
  }

  // -------------------------------------------------------------------------------- functions

  private CompletionStage<Outcome> function(Prepared p, Object[] parameters, SessionSettings settings) {
    MutationDef.FunctionCall f = (MutationDef.FunctionCall) p.def;
    Decided decided = new Decided();
    Outcome[] outcome = new Outcome[1];
    return settled(backend.transaction(settings, tx -> single(tx, p.write.bind(parameters))
        .thenApply(decided::valueSlice).thenApply(row -> {
      try {
        if (row == null) {
          throw invalid("returned no row");
        }
        Map<String, JsonSlices.Slice> r = JsonSlices.members(row);
        String status = JsonSlices.string(r.get("status"));
        int code = MutationStatus.code(status);
        if (code == MutationStatus.UNKNOWN) {
          throw invalid("returned the unknown status " + (status == null ? "null" : "'" + status + "'"));
        }
        if (code == MutationStatus.SUCCESS) {
          outcome[0] = successDocument(f, r).outcome(p.projection);
          decided.commit = true;
        } else {
          outcome[0] = errorDocument(f, r, status, code).outcome(p.error);
          decided.commit = false; // every error status rolls the function's writes back
        }
        decided.outcome = outcome[0];
        return decided.commit;
      } catch (IOException e) {
        throw invalid("returned a response that is not a mutation_response row");
      }
    })).thenApply(v -> outcome[0]), decided);
  }

  private static FraiseQLException invalid(String what) {
    return new FraiseQLException(ErrorCode.INVALID_MUTATION_RESPONSE, "The mutation function " + what);
  }

  private static final byte[] STATUS = ascii("{\"status\": ");
  private static final byte[] MESSAGE = ascii(", \"message\": ");
  private static final byte[] UPDATED_FIELDS = ascii(", \"updated_fields\": [");
  private static final byte[] SEPARATOR = ascii(", ");
  private static final byte[] NULL = ascii("null");

  private static Document successDocument(MutationDef.FunctionCall f, Map<String, JsonSlices.Slice> r)
      throws IOException {
    JsonSlices.Slice entity = r.get("entity");
    Document out = new Document(128 + (entity == null ? 0 : entity.length()));
    out.writeBytes(STATUS);
    writeOrNull(out, r.get("status"));
    out.writeBytes(MESSAGE);
    writeOrNull(out, r.get("message"));
    out.writeBytes(UPDATED_FIELDS);
    JsonSlices.Slice updated = r.get("updated_fields");
    if (updated != null && !updated.isNull()) {
      List<JsonSlices.Slice> fields = JsonSlices.elements(updated);
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          out.writeBytes(SEPARATOR);
        }
        JsonSlices.Slice field = fields.get(i);
        String name = JsonSlices.string(field);
        if (name == null) {
          throw new IOException("expected a JSON string");
        }
        if (field.contains((byte) '_') || field.contains((byte) '\\')) {
          write(out, JsonText.of(camelCase(name)));
        } else {
          field.writeTo(out); // already a camelCase name, written as JsonText would write it
        }
      }
    }
    out.write(']');
    if (f.entityKey() != null) {
      write(out, ", " + JsonText.of(f.entityKey()) + ": ");
      writeOrNull(out, entity);
    }
    out.write('}');
    return out;
  }

  private static Document errorDocument(MutationDef.FunctionCall f, Map<String, JsonSlices.Slice> r, String status,
      int code) throws IOException {
    JsonSlices.Slice meta = r.get("metadata");
    Map<String, JsonSlices.Slice> metadata = meta == null || meta.isNull() ? Map.of() : JsonSlices.members(meta);
    Document out = new Document(256);
    JsonSlices.Slice message = r.get("message");
    out.writeBytes(STATUS);
    writeOrNull(out, r.get("status"));
    out.writeBytes(MESSAGE);
    writeOrNull(out, message);
    write(out, ", \"code\": " + code + ", \"errors\": ");
    JsonSlices.Slice errors = metadata.get("errors");
    if (errors != null && !errors.isNull()) {
      errors.writeTo(out);
    } else {
      write(out, "[{\"code\": " + code + ", \"identifier\": " + JsonText.of(MutationStatus.identifier(status))
          + ", \"message\": ");
      writeOrNull(out, message);
      write(out, ", \"details\": null}]");
    }
    for (String field : f.errorMetadataKeys()) {
      String key = io.fraiseql.planner.internal.Names.snakeCase(field);
      JsonSlices.Slice value = metadata.get(key);
      if (value != null) {
        write(out, ", " + JsonText.of(key) + ": ");
        value.writeTo(out);
      }
    }
    out.write('}');
    return out;
  }

  static String camelCase(String snake) {
    StringBuilder sb = new StringBuilder(snake.length());
    boolean upper = false;
    for (int i = 0; i < snake.length(); i++) {
      char c = snake.charAt(i);
      if (c == '_' && sb.length() > 0) {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  private static void writeOrNull(ByteArrayOutputStream out, JsonSlices.Slice value) {
    if (value == null) {
      out.writeBytes(NULL);
    } else {
      value.writeTo(out);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
