package io.fraiseql.tableview;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The table-view fixture (tableview/blog.sql): a database of its own per test class. */
final class TableViewFixture {
  private TableViewFixture() {}

  static DatabaseUrl create(String name) {
    DatabaseUrl url = TestDatabase.get().createDatabase(name);
    TestDatabase.execute(url, resource("/tableview/blog.sql"));
    return url;
  }

  static String resource(String name) {
    try (InputStream in = TableViewFixture.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Generates and applies table views; returns what was generated. */
  static List<TableView> apply(DatabaseUrl url, List<TableViewTarget> targets, List<Dependency> declared)
      throws SQLException {
    try (Connection c = TestDatabase.connect(url)) {
      List<TableView> views = TableViews.generate(c, targets, declared);
      TableViews.apply(c, views);
      return views;
    }
  }

  /**
   * Rows in one relation and not in the other, both ways (EXCEPT ALL, compared with the types'
   * own equality): empty when the table view equals its view.
   */
  static List<String> except(Connection c, String table, String view) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("(SELECT 'only in " + table + "', t::text FROM (TABLE " + table
             + " EXCEPT ALL SELECT * FROM " + view + ") t) UNION ALL (SELECT 'only in " + view + "', v::text FROM"
             + " (SELECT * FROM " + view + " EXCEPT ALL TABLE " + table + ") v)")) {
      while (rs.next()) {
        out.add(rs.getString(1) + ": " + rs.getString(2));
      }
    }
    return out;
  }
}
