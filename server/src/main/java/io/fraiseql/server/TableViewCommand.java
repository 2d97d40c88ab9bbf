package io.fraiseql.server;

import io.fraiseql.tableview.TableView;
import io.fraiseql.tableview.TableViewException;
import io.fraiseql.tableview.TableViewTarget;
import io.fraiseql.tableview.TableViews;
import io.fraiseql.tableview.VerifyReport;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code table-view}: generates the table views of the {@code --view}s and prints their SQL, or
 * runs it in one transaction ({@code --apply}), and/or compares each with its view ({@code
 * --verify}). Exit status: 0 done (and in sync), 1 refused or failed, 3 a table view differs.
 */
final class TableViewCommand {
  static final int DRIFT = 3;
  private static final int SAMPLE = 20;

  private TableViewCommand() {}

  static int run(Cli.TableViewRun cmd, PrintStream out, PrintStream err) {
    try (Connection c = DriverManager.getConnection(cmd.databaseUrl().jdbcUrl(), cmd.databaseUrl().jdbcProperties())) {
      if (cmd.apply() || !cmd.verify()) {
        List<TableView> views = TableViews.generate(c, cmd.views(), cmd.depends());
        if (!cmd.apply()) {
          out.print(TableViews.script(views));
          out.flush();
          return 0;
        }
        TableViews.apply(c, views);
        for (TableView v : views) {
          out.print(v.description());
          out.println("-- created " + v.table() + " (" + rows(c, v) + " rows) and its triggers");
        }
      }
      if (!cmd.verify()) {
        return 0;
      }
      boolean inSync = true;
      for (TableViewTarget target : cmd.views()) {
        VerifyReport report = TableViews.verify(c, target, SAMPLE);
        out.println(report.text());
        inSync &= report.inSync();
      }
      out.flush();
      return inSync ? 0 : DRIFT;
    } catch (TableViewException e) {
      err.println("fraiseql-server: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("fraiseql-server: " + e.getMessage());
      return 2;
    } catch (SQLException e) {
      err.println("fraiseql-server: table-view failed on " + cmd.databaseUrl() + ": " + e.getMessage());
      return 1;
    }
  }

  private static long rows(Connection c, TableView v) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + v.tableSql())) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
