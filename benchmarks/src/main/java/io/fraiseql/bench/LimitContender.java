package io.fraiseql.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fraiseql.FraiseQL;
import io.fraiseql.api.BindStyle;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.planner.PlanResult;
import io.fraiseql.planner.Planner;
import io.fraiseql.planner.RootPlan;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.sql.SessionSql;
import io.fraiseql.sql.SqlRenderer;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The limit: the SQL the engine sends for each query, rendered once at setup with the engine's
 * own {@link Planner} and {@link SqlRenderer}, run on pgjdbc through HikariCP (same pool size),
 * each row's bytes copied into the buffer. No GraphQL, no projection.
 *
 * <p>Two variants: {@code limit} runs only the SELECT (autocommit, one round trip), the least any
 * client can do; {@code limit-tx} runs the exact sequence the engine's JDBC backend sends (a
 * transaction, the session prelude {@code SELECT set_config(...)}, the SELECT with fetch size
 * 256, commit), so the gap between the two is the cost of the engine's protocol, and the gap
 * between {@code limit-tx} and the engine is the cost of its Java work.
 */
final class LimitContender implements Contender {
  private static final int FETCH_SIZE = 256; // the JDBC backend's
  private static final long STATEMENT_TIMEOUT_MILLIS = 30_000; // the engine's default

  private final boolean engineSequence;
  private final HikariDataSource pool;
  private final Map<Workload, SqlStatement> statements = new EnumMap<>(Workload.class);
  private final SqlStatement prelude =
      SessionSql.prelude(BindStyle.QUESTION_MARK, STATEMENT_TIMEOUT_MILLIS, SessionSettings.empty().values());

  LimitContender(boolean engineSequence, DatabaseUrl url, int poolSize, Path benchDir) {
    this.engineSequence = engineSequence;
    // the engine's planner over the engine's schema (which needs the catalog: read through a
    // throw-away engine), and the JDBC backend's renderer
    try (FraiseQL engine = FraiseQL.builder().schema(BenchData.sdl(benchDir)).databaseUrl(url)
        .backend("jdbc").poolSize(1).build()) {
      Planner planner = new Planner(engine.schema());
      SqlRenderer renderer = new SqlRenderer(BindStyle.QUESTION_MARK);
      for (Workload w : Workload.values()) {
        if (!w.mutation()) {
          // with variables: the statement of the literal twin, which the engine binds the same way
          statements.put(w, render(planner, renderer, w.literal().query(benchDir)));
        }
      }
    }
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(name());
    hc.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      hc.setUsername(url.user());
    }
    if (url.password() != null) {
      hc.setPassword(url.password());
    }
    hc.setMaximumPoolSize(poolSize);
    hc.setMinimumIdle(Math.min(2, poolSize));
    hc.setAutoCommit(!engineSequence);
    this.pool = new HikariDataSource(hc);
  }

  /** The one SELECT the engine renders for a single-root-field query document. */
  static SqlStatement render(Planner planner, SqlRenderer renderer, String query) {
    PlanResult plan = planner.plan(query, null, Map.of());
    if (plan instanceof PlanResult.Operation op && op.fields().size() == 1) {
      if (op.fields().get(0) instanceof RootPlan.Data data) {
        return renderer.select(data.query());
      }
      if (op.fields().get(0) instanceof RootPlan.Aggregate aggregate) {
        return renderer.aggregate(aggregate.query());
      }
    }
    throw new IllegalStateException("not a single-root-field query: " + query + " -> " + plan);
  }

  SqlStatement statement(Workload w) {
    return statements.get(w);
  }

  @Override
  public String name() {
    return engineSequence ? "limit-tx" : "limit";
  }

  @Override
  public boolean supports(Workload workload) {
    return !workload.mutation();
  }

  @Override
  public void run(Workload workload, Map<String, Object> variables, OutputStream out) throws Exception {
    SqlStatement statement = statements.get(workload);
    if (statement == null) {
      throw new UnsupportedOperationException(name() + " has no " + workload);
    }
    try (Connection c = pool.getConnection()) {
      if (engineSequence) {
        try (PreparedStatement ps = c.prepareStatement(prelude.sql())) {
          bind(ps, prelude.params());
          ps.executeQuery().close();
        }
      }
      try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
        if (engineSequence) {
          ps.setFetchSize(FETCH_SIZE);
        }
        bind(ps, statement.params());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            byte[] row = rs.getBytes(1);
            out.write(row, 0, row.length);
          }
        }
      }
      if (engineSequence) {
        c.commit();
      }
    }
  }

  /** As the JDBC backend binds. */
  private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object v = params.get(i);
      if (v == null) {
        ps.setNull(i + 1, Types.OTHER);
      } else if (v instanceof String s) {
        ps.setString(i + 1, s);
      } else if (v instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (v instanceof Long n) {
        ps.setLong(i + 1, n);
      } else if (v instanceof Double d) {
        ps.setDouble(i + 1, d);
      } else if (v instanceof BigDecimal d) {
        ps.setBigDecimal(i + 1, d);
      } else if (v instanceof Boolean b) {
        ps.setBoolean(i + 1, b);
      } else {
        ps.setObject(i + 1, v);
      }
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
