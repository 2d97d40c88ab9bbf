package io.fraiseql.internal;

import com.dslplatform.json.DslJson;
import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.planner.Catalog;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.SessionSettings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the columns of the schema's sources from {@code pg_catalog} once at startup, through the
 * chosen backend (one JSON array per row: relation as written in the SDL, column, type).
 */
public final class CatalogReader {
  private static final String SQL =
      "SELECT json_build_array(r.name, a.attname, format_type(a.atttypid, a.atttypmod))"
          + " FROM unnest(string_to_array(CAST(%s AS text), ',')) WITH ORDINALITY AS r(name, ord)"
          + " JOIN pg_attribute a ON a.attrelid = to_regclass(r.name)"
          + " WHERE a.attnum > 0 AND NOT a.attisdropped"
          + " ORDER BY r.ord, a.attnum";

  private CatalogReader() {}

  public static Catalog read(DatabaseBackend backend, Set<String> relations) {
    String sql = String.format(SQL, backend.bindStyle() == BindStyle.QUESTION_MARK ? "?" : "$1");
    SqlStatement statement = new SqlStatement(sql, List.of(String.join(",", relations)));
    DslJson<Object> json = new DslJson<>();
    Map<String, Map<String, String>> columns = new LinkedHashMap<>();
    backend
        .stream(SessionSettings.empty(), statement, (bytes, off, len) -> {
          byte[] row = off == 0 && len == bytes.length ? bytes : java.util.Arrays.copyOfRange(bytes, off, off + len);
          var reader = json.newReader(row, row.length);
          reader.getNextToken();
          Object parsed = com.dslplatform.json.ObjectConverter.deserializeObject(reader);
          if (!(parsed instanceof List<?> cells) || cells.size() != 3) {
            throw new IOException("unexpected catalog row");
          }
          columns.computeIfAbsent((String) cells.get(0), k -> new LinkedHashMap<>())
              .put((String) cells.get(1), (String) cells.get(2));
        })
        .toCompletableFuture()
        .join();
    return Catalog.of(columns);
  }
}
